#!/usr/bin/env node
// The `ecs-trail` bin. In the package, `npm run build` replaces its JavaScript with a few lines that
// load the bundle (scripts/bundle.mjs) and call the same runCli.
import { runCli } from './cli.js';

runCli(process.argv.slice(2));
