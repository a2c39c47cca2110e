#!/usr/bin/env node
// `npm run build` only when dist/ is older than what it is built from, so `npm start`, `npm test`
// and `prepare` (npm ci, installs from git) do not rebuild a current build (a full build takes
// tens of seconds). Plain JavaScript: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INPUT_DIRS = ['server', 'emulator', 'trail-writer', 'dashboard'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts', 'scripts/bundle.mjs'];
// One file of each build step: the server (tsc, with its declarations; then the bundle, its loader and
// the two entries that load it, scripts/bundle.mjs) and the page (vite).
const OUTPUTS = ['dist/server/bin/ecs-trail.js', 'dist/server/ecs-trail.cjs', 'dist/server/load-bundle.cjs', 'dist/server/public-api.js', 'dist/server/public-api.d.ts', 'dist/dashboard/index.html'];
// scripts/bundle.mjs writes it into the bin it makes: a bin without it is tsc's (a `tsc` run alone).
const BUNDLE_MARK = 'ecs-trail-bundle-shim';

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
};

/** The newest modification time under a folder; folders count too, so a deleted file shows. */
function newest(dir) {
  let max = mtime(dir) ?? 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : (mtime(p) ?? 0));
  }
  return max;
}

function staleReason() {
  const outputs = OUTPUTS.map((p) => [p, mtime(join(root, p))]);
  const missing = outputs.find(([, t]) => t === undefined);
  if (missing) return `${missing[0]} is missing`;
  if (!readFileSync(join(root, OUTPUTS[0]), 'utf8').slice(0, 300).includes(BUNDLE_MARK)) return `${OUTPUTS[0]} is not the bundle`;
  const built = Math.min(...outputs.map(([, t]) => t));
  for (const d of INPUT_DIRS) if (newest(join(root, d)) > built) return `${d}/ changed since the last build`;
  for (const f of INPUT_FILES) if ((mtime(join(root, f)) ?? 0) > built) return `${f} changed since the last build`;
  return undefined;
}

const reason = staleReason();
if (reason === undefined) process.exit(0);
process.stderr.write(`ecs-trail: building (${reason})\n`);
const npm = process.env.npm_execpath
  ? [process.execPath, [process.env.npm_execpath, 'run', 'build']]
  : ['npm', ['run', 'build']];
// Its output goes to stderr: stdout is the server's log once it starts.
const r = spawnSync(npm[0], npm[1], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
process.exit(r.status ?? 1);
