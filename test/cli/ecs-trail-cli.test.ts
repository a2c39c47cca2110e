import t from 'tap';
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listLogFiles } from '../helpers/test-emulator.js';
import { OPTIONS } from '../../server/config.js';
import { typescriptLoader } from '../helpers/typescript-loader.js';

const run = promisify(execFile);
const CLI = [...typescriptLoader(), 'server/bin/ecs-trail.ts'];

t.test('--help documents every option, its variable and its default', async (t) => {
  const { stdout } = await run(process.execPath, [...CLI, '--help']);
  for (const [flag, o] of Object.entries(OPTIONS)) {
    const at = stdout.indexOf(`--${flag} `);
    t.ok(at >= 0, `--${flag} is listed`);
    // The flag's two lines: its help, then its variable and default.
    t.match(stdout.slice(at).split('\n').slice(0, 2).join('\n'), `${o.help}\n${' '.repeat(23)}${o.env}, default: ${o.default}`, `--${flag}`);
  }
  t.match(stdout, 'CreateCluster');
});

t.test("the README's Configuration table has a row for every option, with its variable and default", async (t) => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  for (const [flag, o] of Object.entries(OPTIONS)) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`--${flag}\` |`));
    t.ok(row, `--${flag} has a row`);
    const [, , env, def] = (row ?? '').split('|').map((c) => c.trim());
    t.equal(env, `\`${o.env}\``, `--${flag}: its variable`);
    t.match(def, o.default, `--${flag}: its default`);
  }
});

t.test('a bad flag or value is a one-line error and exit code 2', async (t) => {
  for (const args of [['start', '--bogus'], ['start', '--port', 'abc'], ['start', '--region', 'mars'], ['frobnicate']]) {
    const err = (await run(process.execPath, [...CLI, ...args]).catch((e: unknown) => e)) as { code: number; stderr: string };
    t.equal(err.code, 2, args.join(' '));
    t.match(err.stderr, /^ecs-trail: .+\n$/, `${args.join(' ')}: ${err.stderr.trim()}`);
  }
});

t.test('start serves on the given port, and SIGTERM delivers pending records before exiting 0', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [...CLI, 'start', '--port', '0', '--trail-dir', dir, '--log-level', 'info'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ECS_TRAIL_ACCOUNT_ID: '111122223333' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Until it says where it listens, or exits (only tap's timeout bounds a slow start on a busy machine).
  await new Promise<void>((resolve) => {
    const check = () => {
      if (out.includes('listening on')) resolve();
    };
    child.stdout.on('data', check);
    child.once('exit', () => resolve());
    check();
  });
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  t.ok(url, `it says where it listens: ${out.slice(0, 200)}`);
  t.notMatch(url, /:0$/, 'the port the system chose, not 0');
  const windowOf = (ms: number) => Math.floor(ms / 300_000);
  const calledIn = windowOf(Date.now());
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster', 'content-type': 'application/x-amz-json-1.1' },
    body: '{"clusterName":"from-cli"}',
  });
  const body = (await res.json()) as { cluster: { clusterArn: string } };
  t.equal(body.cluster.clusterArn, 'arn:aws:ecs:us-east-1:111122223333:cluster/from-cli', 'the env var sets the default account');
  const pending = await listLogFiles(dir);
  // A child process runs on the wall clock: only when no 5-minute boundary has passed since the call.
  if (windowOf(Date.now()) === calledIn) t.same(pending, [], 'nothing delivered before the window ends');
  child.kill('SIGTERM');
  t.equal(await exited, 0);
  const files = await listLogFiles(dir);
  t.equal(files.length, 1, 'the pending record was delivered on shutdown');
  t.match(files[0], /^AWSLogs\/111122223333\/CloudTrail\/us-east-1\//);
});
