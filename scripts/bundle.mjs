#!/usr/bin/env node
// The second step of `npm run build`, after tsc: the CLI (dist/server/bin/ecs-trail.js) and the
// package's entry (dist/server/public-api.js) as esbuild bundles, with their dependencies (Fastify,
// pino, …) inside. Loading ~550 small files (our ~270 ES modules and Fastify's and pino's ~270
// CommonJS ones) cost more start-up than anything the server does: each is a path resolution, a
// stat or two, a read and a compile of its own. A bundle is one file per entry plus shared chunks,
// so `ecs-trail start` reads a few files. What only some commands need stays in chunks of its own,
// loaded by the dynamic import() that asks for it (generate, verify, the readable log, strict-mode
// SigV4 checks). tsc's output stays beside it: the declarations (`types`) and the benches use it.
// Plain JavaScript, like build-if-stale.mjs: it runs before anything is compiled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'server');
const chunks = join(outdir, 'chunks');
// Chunk names carry a content hash: those of an earlier build would pile up.
rmSync(chunks, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { 'bin/ecs-trail': 'server/bin/ecs-trail.ts', 'public-api': 'server/public-api.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies of ours that only a rare path imports, resolved from node_modules when it does:
  // the AWS SDK's SigV4 signer (strict mode) is larger than the rest of the server.
  external: ['@smithy/signature-v4'],
  // The CommonJS dependencies inside an ES module call require() for Node's built-ins.
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  // Readable stack traces: names and lines as written (no source maps ship in the package).
  minify: false,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

const sizes = Object.entries(result.metafile.outputs).map(([file, o]) => `${relative(root, file)} ${Math.round(o.bytes / 1024)} KB`);
process.stderr.write(`bundled: ${sizes.join(', ')}\n`);
