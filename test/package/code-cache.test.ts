import t, { type Test } from 'tap';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';

/**
 * The built server is one CommonJS bundle compiled from a V8 code cache (scripts/bundle.mjs). The
 * cache must be the bundle's own and accepted by this Node; and a cache V8 refuses (another Node
 * version, other V8 flags, a damaged file) must only cost speed: the bundle then compiles as usual.
 * Needs the build (`npm test` runs it first).
 */
const SERVER = fileURLToPath(new URL('../../dist/server/', import.meta.url));
const SCRATCH = fileURLToPath(new URL('../../node_modules/.cache/ecs-trail-test/', import.meta.url));
const run = promisify(execFile);
// Without the test runner's NODE_OPTIONS: V8 accepts a cache only under the flags it was made with.
const env = { ...process.env, NODE_OPTIONS: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

async function cacheFiles(): Promise<string[]> {
  return (await readdir(SERVER)).filter((f) => f.endsWith('.v8-cache'));
}

t.test("the build made one cache, named by the bundle's content hash, that this Node accepts", async (t) => {
  const bundle = await readFile(join(SERVER, 'ecs-trail.cjs'));
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  t.same(await cacheFiles(), [`ecs-trail.${hash}.v8-cache`]);
  const probe = `const { Script, constants } = require('node:vm');
const { readFileSync } = require('node:fs');
const s = new Script(require('node:module').wrap(readFileSync(process.argv[1], 'utf8')), {
  filename: process.argv[1], cachedData: readFileSync(process.argv[2]), importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
process.stdout.write(String(s.cachedDataRejected));`;
  const { stdout } = await run(process.execPath, ['-e', probe, join(SERVER, 'ecs-trail.cjs'), join(SERVER, `ecs-trail.${hash}.v8-cache`)], { env });
  t.equal(stdout, 'false', 'V8 accepts the cache');
});

/** The bundle and its loader copied beside `cache` bytes under the expected name; a server started from them answers. */
async function servesWith(t: Test, cache: (real: Buffer) => Buffer | undefined, nodeFlags: string[] = []) {
  const [name] = await cacheFiles();
  // Under node_modules, as in an install: the bundle requires a few packages (the SDK's region list) from there.
  await mkdir(SCRATCH, { recursive: true });
  const dir = await mkdtemp(join(SCRATCH, 'code-cache-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const f of ['ecs-trail.cjs', 'load-bundle.cjs']) await copyFile(join(SERVER, f), join(dir, f));
  const bytes = cache(await readFile(join(SERVER, name!)));
  if (bytes) await writeFile(join(dir, name!), bytes);
  const main = `const { startEmulator } = require(${JSON.stringify(join(dir, 'load-bundle.cjs'))});
startEmulator({ port: 0, trailDir: ${JSON.stringify(join(dir, 'trail'))}, logLevel: 'silent' }).then((emu) => {
  process.stdout.write(emu.url + '\\n');
  process.once('SIGTERM', () => emu.close());
});`;
  const child = spawn(process.execPath, [...nodeFlags, '-e', main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.teardown(() => void child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const ecs = new ECSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' } });
  const answer = await ecs.send(new ListClustersCommand({}));
  t.same(answer.clusterArns, [], 'ListClusters answers');
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'and the server stops cleanly');
  t.equal(stderr, '', 'with nothing on stderr');
}

t.test('the real cache', (t) => servesWith(t, (real) => real));
t.test('no cache', (t) => servesWith(t, () => undefined));
t.test('a truncated cache', (t) => servesWith(t, (real) => real.subarray(0, 1000)));
t.test('a cache of the same length, damaged', (t) => servesWith(t, (real) => Buffer.from(real.map((b) => b ^ 0xff))));
t.test('other V8 flags than the cache was made with', (t) => servesWith(t, (real) => real, ['--stack-size=2000']));
