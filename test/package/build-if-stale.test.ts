import t from 'tap';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * scripts/build-if-stale.mjs (run by `npm start`, `npm test` and `prepare`) builds only when dist/ is
 * older than its inputs. Tried on a copy in a scratch project whose `build` script only records that
 * it ran, with file times set by hand.
 */
const SCRIPT = fileURLToPath(new URL('../../scripts/build-if-stale.mjs', import.meta.url));
const run = promisify(execFile);
const OUTPUTS = ['dist/server/bin/ecs-trail.js', 'dist/server/ecs-trail.cjs', 'dist/server/load-bundle.cjs', 'dist/server/public-api.js', 'dist/server/public-api.d.ts', 'dist/dashboard/index.html'];
const BIN = OUTPUTS[0]!;
const BUNDLE_MARK = '// ecs-trail-bundle-shim';
const INPUTS = ['server/start.ts', 'emulator/index.ts', 'trail-writer/index.ts', 'dashboard/index.html', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts'];

async function project(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ecs-trail-stale-'));
  await mkdir(join(root, 'scripts'));
  await copyFile(SCRIPT, join(root, 'scripts', 'build-if-stale.mjs'));
  for (const f of INPUTS) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    await writeFile(join(root, f), f === 'package.json' ? JSON.stringify({ name: 'x', scripts: { build: 'node -e "require(\'fs\').writeFileSync(\'built\', \'yes\')"' } }) : '');
  }
  return root;
}

async function setTimes(root: string, files: string[], when: Date) {
  for (const f of files) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    // The bin scripts/bundle.mjs writes carries its mark; tsc's (a `tsc` run alone) does not.
    await writeFile(join(root, f), f === BIN ? BUNDLE_MARK : '', { flag: f === BIN ? 'w' : 'a' });
    await utimes(join(root, f), when, when);
  }
  for (const d of ['server', 'emulator', 'trail-writer', 'dashboard']) await utimes(join(root, d), when, when);
}

async function builds(root: string): Promise<boolean> {
  await rm(join(root, 'built'), { force: true });
  const env = { ...process.env };
  delete env.npm_execpath;
  await run(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs')], { cwd: root, env });
  return (await import('node:fs')).existsSync(join(root, 'built'));
}

t.test('builds when dist/ is missing, older than an input, or an input folder changed; not when current', async (t) => {
  const root = await project();
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const old = new Date(Date.now() - 3_600_000);
  const recent = new Date(Date.now() - 60_000);
  t.ok(await builds(root), 'no dist/: build');

  await setTimes(root, INPUTS, old);
  await setTimes(root, OUTPUTS, recent);
  t.notOk(await builds(root), 'dist/ newer than every input: no build (npm start starts at once)');

  await utimes(join(root, 'emulator/index.ts'), new Date(), new Date());
  t.ok(await builds(root), 'a source changed: build');

  await setTimes(root, INPUTS, old);
  await rm(join(root, 'server/start.ts'));
  t.ok(await builds(root), 'a source deleted (its folder changed): build');

  await setTimes(root, INPUTS.filter((f) => f !== 'server/start.ts'), old);
  await setTimes(root, OUTPUTS, recent);
  await writeFile(join(root, BIN), '#!/usr/bin/env node\nimport { runCli } from "./cli.js";\n');
  await utimes(join(root, BIN), recent, recent);
  t.ok(await builds(root), "the bin is tsc's, not the bundle's: build");

  await setTimes(root, OUTPUTS, recent);
  t.notOk(await builds(root), 'current again: no build');
  await rm(join(root, OUTPUTS[3]!));
  t.ok(await builds(root), 'one output missing: build');
});
