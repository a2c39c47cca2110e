import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readmeBlock } from '../helpers/readme-blocks.js';

/**
 * What a user does: `npm pack`, then in an empty project `npm i -D ./ecs-trail-x.y.z.tgz`, then
 * import it, start it, call it with the SDK, read the trail, type-check against it, and run its CLI
 * with npx. The scripts are the README's own examples. Needs the build (`npm test` runs it first).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const run = promisify(execFile);
const BUILT = ['dist/server/public-api.js', 'dist/server/public-api.d.ts', 'dist/server/bin/ecs-trail.js', 'dist/dashboard/index.html'];
const sdkVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@aws-sdk/client-ecs/package.json'), 'utf8')) as { version: string }).version;
const typesNodeVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string }).version;
/**
 * EBADENGINE warnings a Node 20 install of the package may print, each explained in the README
 * ("Using it from a test suite"): cookie@2 comes with fastify's light-my-request (used only by
 * fastify.inject, which the emulator never calls) and declares Node >= 22.
 */
const KNOWN_ENGINE_WARNINGS = new Set(['cookie']);

t.test('the packed tarball installs into an empty project, imports, serves, and runs its CLI', async (t) => {
  for (const f of BUILT) t.ok(existsSync(join(ROOT, f)), `${f} is built (npm run build)`);
  if (!BUILT.every((f) => existsSync(join(ROOT, f)))) return;
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-pack-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  // --ignore-scripts: the build is current (npm test builds first); prepack would rebuild it.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  const files = info!.files.map((f) => f.path);
  t.comment(`${info!.filename}: ${info!.size} bytes packed, ${info!.unpackedSize} unpacked, ${files.length} files`);
  for (const f of [...BUILT, 'dist/emulator/index.d.ts', 'dist/trail-writer/index.d.ts', 'package.json', 'README.md']) {
    t.ok(files.includes(f), `the tarball has ${f}`);
  }
  t.ok(files.some((f) => /^dist\/dashboard\/assets\/.+\.js$/.test(f)), "the dashboard's bundled script");
  const strays = files.filter((f) => !/^(dist\/(server|emulator|trail-writer|dashboard)\/|examples\/|package\.json$|README\.md$)/.test(f) || f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts'));
  t.same(strays, [], 'nothing else: no sources, tests, maps or benchmarks');
  t.ok(info!.size < 1_000_000, `lean: ${info!.size} bytes`);

  const project = join(dir, 'project');
  await mkdir(project);
  await run('npm', ['init', '-y'], { cwd: project });
  await run('npm', ['pkg', 'set', 'type=module'], { cwd: project });
  const install = await run(
    'npm',
    ['i', '-D', '--prefer-offline', '--no-audit', '--no-fund', join(dir, info!.filename), `@aws-sdk/client-ecs@${sdkVersion}`, `@types/node@${typesNodeVersion}`],
    { cwd: project, env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  const engineWarnings = [...install.stderr.matchAll(/EBADENGINE\s+package: '(@?[^@']+)@/g)].map((m) => m[1]!);
  t.same(engineWarnings.filter((p) => !KNOWN_ENGINE_WARNINGS.has(p)), [], `no EBADENGINE warning but the documented ones (${engineWarnings.join(', ') || 'none'})`);
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

  await t.test("the README's test-suite example, against the installed package", async (t) => {
    await writeFile(join(project, 'usage.mjs'), readmeBlock('package-usage').code);
    const { stdout } = await run(process.execPath, ['usage.mjs'], { cwd: project, env, timeout: 60_000 });
    // The key `test` is the IAM user ecs-trail-user-test; ECS creates its service-linked role in that
    // user's name on the account's first CreateCluster (a service event, README "Service-side events").
    t.match(
      stdout,
      /^\[\s*'CreateCluster by arn:aws:iam::123456789012:user\/ecs-trail-user-test',\s*'CreateServiceLinkedRole by arn:aws:iam::123456789012:user\/ecs-trail-user-test'\s*\]\s*$/,
      'the key test is the IAM user ecs-trail-user-test',
    );
  });

  await t.test("the README's in-process example", async (t) => {
    await writeFile(join(project, 'in-process.mjs'), readmeBlock('in-process').code);
    const { stdout } = await run(process.execPath, ['in-process.mjs'], { cwd: project, env, timeout: 60_000 });
    t.equal(stdout.trim(), 'arn:aws:ecs:us-east-1:123456789012:cluster/demo');
  });

  await t.test('the dashboard is in the package, and deep imports are closed', async (t) => {
    await writeFile(
      join(project, 'page.mjs'),
      `import { startEmulator } from 'ecs-trail';
const emu = await startEmulator({ port: 0, trailDir: './page-trail', logLevel: 'silent' });
const res = await fetch(emu.url + '/_ecs-trail/');
console.log(res.status, res.headers.get('content-type'), (await res.text()).includes('<script'));
await emu.close();
await import('ecs-trail/dist/server/start.js').catch((e) => console.log(e.code));
`,
    );
    const { stdout } = await run(process.execPath, ['page.mjs'], { cwd: project, env, timeout: 60_000 });
    t.equal(stdout, '200 text/html; charset=utf-8 true\nERR_PACKAGE_PATH_NOT_EXPORTED\n');
  });

  await t.test('its types: a TypeScript consumer type-checks, and a wrong option is an error', async (t) => {
    await writeFile(
      join(project, 'consumer.ts'),
      `import { startEmulator, createEcsEmulator, ManualClock, seededIds, readTrail, DEFAULTS, type RunningEmulator, type StartOptions, type TrailRecord } from 'ecs-trail';
const options: StartOptions = { port: 0, logLevel: 'silent', allowedHosts: ['emu.internal'] };
const emu: RunningEmulator = await startEmulator(options);
const port: number = emu.port;
// @ts-expect-error the port is a number
await startEmulator({ port: '4599' });
const records: TrailRecord[] = await readTrail('./trail', { region: 'us-east-1' });
const ecs = createEcsEmulator({ clock: new ManualClock(0), ids: seededIds(1) });
const host: string = DEFAULTS.host;
export { port, records, ecs, host };
`,
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['consumer.ts'] }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, timeout: 120_000 }).then(
      () => 'ok',
      (e: { stdout: string }) => e.stdout,
    );
    t.equal(result, 'ok', 'no type errors, and the @ts-expect-error was needed (the types are not any)');
  });

  await t.test('npx ecs-trail', async (t) => {
    const help = await run('npx', ['--no-install', 'ecs-trail', '--help'], { cwd: project, env });
    t.match(help.stdout, /^ecs-trail \d+\.\d+\.\d+: a local Amazon ECS API emulator/);
    t.match(help.stdout, '--allowed-hosts');
    const version = await run('npx', ['--no-install', 'ecs-trail', '--version'], { cwd: project, env });
    t.equal(version.stdout.trim(), pkg.version);
  });
});
