#!/usr/bin/env node
// The second step of `npm run build`, after tsc: the server as one esbuild bundle with its
// dependencies (Fastify, pino, …) inside, loaded from a V8 code cache. Why, measured from spawn to the
// first answered call (callgrind instructions, README "Performance"): loading ~550 small files (our
// ~270 ES modules, Fastify's and pino's ~270 CommonJS ones), each resolved, stat'ed, read and
// compiled on its own, cost more than everything the server does at start-up; one bundle removes the
// file handling, and the code cache most of the compiling.
//
//   dist/server/ecs-trail.cjs               the bundle: the public API (server/public-api.ts) and runCli
//   dist/server/ecs-trail.<hash>.v8-cache   V8's code for the functions a start and a first call ran
//   dist/server/load-bundle.cjs             compiles the bundle with that cache, exports what it exports
//   dist/server/bin/ecs-trail.js            the bin: loads the bundle, runCli(argv)
//   dist/server/public-api.js               the package's entry: the bundle's exports, by name
//
// The bundle is CommonJS because Node 20 can give a code cache only to a vm.Script (there is no
// module.enableCompileCache before Node 22). V8 checks a cache against its own version and flags and
// ignores one that does not match: the bundle is then compiled as usual (a little slower, never
// wrong). The cache's name carries the bundle's content hash, so a cache never meets another bundle
// (V8's own check compares only the source's length). It is made by a training run: the built CLI
// started once, asked one ListClusters, and stopped. It is not in the npm package (V8 would refuse
// it on any other Node version, and it is half a megabyte): `npm run build` and the Docker image
// build make their own. tsc's output stays beside the bundle: the declarations (`types`) and the
// benches use it.
// Plain JavaScript, like build-if-stale.mjs: it runs before anything is compiled.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'server');
const BUNDLE = 'ecs-trail.cjs';
const LOADER = 'load-bundle.cjs';
/** In the bin, so scripts/build-if-stale.mjs can tell it from tsc's (a `tsc` run alone). */
const SHIM_MARK = 'ecs-trail-bundle-shim';
/** The loader writes the code cache to this path when the process exits (the training run only). */
const CACHE_ENV = 'ECS_TRAIL_WRITE_CODE_CACHE';

const log = (s) => process.stderr.write(`${s}\n`);

const entry = {
  contents: "export * from './server/public-api.ts';\nexport { runCli } from './server/bin/cli.ts';\n",
  resolveDir: root,
  sourcefile: 'bundle-entry.ts',
  loader: 'ts',
};
const EXTERNAL = ['@smithy/signature-v4', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'];
const result = await build({
  absWorkingDir: root,
  stdin: entry,
  outfile: join(out, BUNDLE),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Dependencies that only a rare path loads, required from node_modules if it ever does: the AWS SDK's
  // SigV4 signer (strict mode), larger than the rest of the server; Fastify's schema compilers (no
  // route has a schema, server/http/lazy-schema-compilers.ts).
  external: EXTERNAL,
  // The sources are ES modules: strict, and import.meta.url is the bundle's own URL. The directive
  // comes first so that it applies (esbuild's own "use strict" follows the banner).
  banner: { js: `"use strict";\nconst __bundleImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
  define: { 'import.meta.url': '__bundleImportMetaUrl' },
  // Readable stack traces: names and lines as written (no source map ships in the package).
  minify: false,
  legalComments: 'eof',
  write: false,
  logLevel: 'warning',
});
const [bundle] = result.outputFiles;
const hash = createHash('sha256').update(bundle.contents).digest('hex').slice(0, 16);
const cacheName = `ecs-trail.${hash}.v8-cache`;
// The names it exports, for the package entry's `export const`s: esbuild lists them for ES module
// output only, so the same entry is built once more that way, in memory.
const esm = await build({ absWorkingDir: root, stdin: entry, outdir: out, bundle: true, format: 'esm', platform: 'node', external: EXTERNAL, metafile: true, write: false, logLevel: 'error' });
const exported = Object.values(esm.metafile.outputs).find((o) => o.entryPoint !== undefined)?.exports ?? [];
if (!exported.includes('runCli') || !exported.includes('startEmulator')) throw new Error(`the bundle exports ${exported.join(', ')}`);

// Earlier builds' files: chunks of the ES module bundle this replaced, caches of other bundles.
rmSync(join(out, 'chunks'), { recursive: true, force: true });
for (const f of readdirSync(out)) if (f.endsWith('.v8-cache')) rmSync(join(out, f));

writeFileSync(join(out, BUNDLE), bundle.contents);
writeFileSync(
  join(out, LOADER),
  `'use strict';
// Written by scripts/bundle.mjs: compiles ${BUNDLE} with V8's code cache ${cacheName} when there is
// one that V8 accepts (same Node version and flags), else as usual; exports what the bundle exports.
const { readFileSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { join } = require('node:path');
const { Script, constants } = require('node:vm');
const bundle = join(__dirname, ${JSON.stringify(BUNDLE)});
let cachedData;
try {
  cachedData = readFileSync(join(__dirname, ${JSON.stringify(cacheName)}));
} catch {}
// A rejected cache (other Node version or V8 flags, damaged file) only sets script.cachedDataRejected.
// import() inside the bundle (external packages) resolves as it would in an ES module.
const script = new Script(wrap(readFileSync(bundle, 'utf8')), {
  filename: bundle,
  cachedData,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const cacheOut = process.env.${CACHE_ENV};
if (cacheOut) process.once('exit', () => writeFileSync(cacheOut, script.createCachedData()));
const loaded = { exports: {} };
script.runInThisContext().call(loaded.exports, loaded.exports, require, loaded, bundle, __dirname);
module.exports = loaded.exports;
`,
);
writeFileSync(
  join(out, 'bin', 'ecs-trail.js'),
  `#!/usr/bin/env node
// ${SHIM_MARK}: written by scripts/bundle.mjs (the source is server/bin/ecs-trail.ts).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('../${LOADER}').runCli(process.argv.slice(2));
`,
);
const names = exported.filter((n) => n !== 'runCli').sort();
writeFileSync(
  join(out, 'public-api.js'),
  `// ${SHIM_MARK}: written by scripts/bundle.mjs (the source is server/public-api.ts): the bundle's exports.
import { createRequire } from 'node:module';

const bundle = createRequire(import.meta.url)('./${LOADER}');
${names.map((n) => `export const ${n} = bundle.${n};`).join('\n')}
`,
);
log(`bundled: dist/server/${BUNDLE} ${Math.round(bundle.contents.length / 1024)} KB, exporting ${names.length} names and runCli`);

// The training run: the built CLI as a user starts it, one call, a graceful stop; the loader writes
// the code of every function that ran. With no cache the server still works: say so and go on.
try {
  const bytes = await trainingRun(join(out, cacheName));
  log(`code cache: dist/server/${cacheName} ${Math.round(bytes / 1024)} KB`);
} catch (err) {
  rmSync(join(out, cacheName), { force: true });
  log(`code cache not made (${err.message}): the bundle is compiled at each start, which is slower but works`);
}

async function trainingRun(cacheFile) {
  const trailDir = mkdtempSync(join(tmpdir(), 'ecs-trail-code-cache-'));
  const env = { ...process.env, [CACHE_ENV]: cacheFile, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  // V8 refuses a cache made under other V8 flags: train as the CLI is run, with none.
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [join(out, 'bin', 'ecs-trail.js'), 'start', '--port', '0', '--trail-dir', trailDir, '--log-format', 'json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const url = await new Promise((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
        const m = text.match(/"url":"(http:\/\/[^"]+)"/);
        if (m) resolve(m[1]);
      });
      exited.then((code) => reject(new Error(`the CLI exited ${code} before listening: ${stderr.trim().slice(-300)}`)));
    });
    await listClusters(url);
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`the CLI exited ${code}: ${stderr.trim().slice(-300)}`);
    if (!existsSync(cacheFile)) throw new Error('the CLI wrote no cache');
    return statSync(cacheFile).size;
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(trailDir, { recursive: true, force: true });
  }
}

function listClusters(url) {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`ListClusters answered ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}
