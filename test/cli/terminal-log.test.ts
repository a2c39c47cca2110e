import t, { type Test } from 'tap';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatLogEntry } from '../../server/logging/readable-log.js';
import { typescriptLoader } from '../helpers/typescript-loader.js';

const CLI = [...typescriptLoader(), 'server/bin/ecs-trail.ts'];
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A child's stdout so far, and a wait for a pattern in it (only tap's timeout bounds a slow start). */
function collect(child: ChildProcess): { text(): string; until(re: RegExp): Promise<string> } {
  let out = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.once('exit', () => {
    for (const w of waiters.splice(0)) w();
  });
  const until = (re: RegExp) =>
    new Promise<string>((resolve) => {
      const check = () => (re.test(out) || child.exitCode !== null ? resolve(out) : waiters.push(check));
      check();
    });
  return { text: () => out, until };
}

async function trailDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-log-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

t.test('--log-level warn with --port 0 still prints where it listens, once, as JSON when not on a terminal', async (t) => {
  const child = spawn(process.execPath, [...CLI, 'start', '--port', '0', '--log-level', 'warn', '--trail-dir', await trailDir(t)], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  const output = collect(child);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(await output.until(/listening on http:\/\/127\.0\.0\.1:\d+/))?.[1];
  t.ok(url, `the URL line is printed at --log-level warn: ${output.text().slice(0, 300)}`);
  await fetch(`${url}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
  t.equal(await stop(child), 0);
  const out = output.text().trim();
  const lines = out.split('\n');
  for (const l of lines) t.doesNotThrow(() => JSON.parse(l), `a JSON line: ${l.slice(0, 80)}`);
  t.equal(lines.filter((l) => /listening/i.test(l)).length, 1, 'exactly one listening line (Fastify says nothing)');
  t.notOk(lines.some((l) => l.includes('ListClusters')), 'info lines (calls) stay hidden at warn');
});

t.test('on a terminal the log is one readable line per entry', { skip: hasScript ? false : 'util-linux `script` is missing (it gives the CLI a terminal)' }, async (t) => {
  const dir = await trailDir(t);
  const command = [process.execPath, ...CLI, 'start', '--port', '0', '--trail-dir', dir].map((a) => `'${a}'`).join(' ');
  // `script` runs the command on a pseudo-terminal: stdout.isTTY is true, as in a developer's shell.
  const child = spawn('script', ['-qfec', `exec ${command}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  t.teardown(() => child.kill('SIGKILL'));
  const output = collect(child);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(await output.until(/listening on http:\/\/127\.0\.0\.1:\d+/))?.[1];
  t.ok(url, output.text().slice(0, 300));
  await fetch(`${url}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeClusters', 'content-type': 'application/x-amz-json-1.1' }, body: '{"clusters":["nope"]}' });
  await fetch(`${url}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteCluster', 'content-type': 'application/x-amz-json-1.1' }, body: '{"cluster":"nope"}' });
  // STS (awsQuery) through the same pipeline: unsigned, so the caller of the default access key.
  await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
  // A SigV4 scope naming no AWS Region: refused before any service runs, with a reason.
  const fakeRegion = 'AWS4-HMAC-SHA256 Credential=test/20260101/xx-fake-9/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';
  await fetch(`${url}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1', 'x-amz-date': '20260101T000000Z', authorization: fakeRegion }, body: '{}' });
  const out = await output.until(/ListClusters/);
  child.kill('SIGTERM');
  const lines = out.replace(/\r/g, '').trim().split('\n');
  t.match(lines.find((l) => l.includes('listening on')), /^\d\d:\d\d:\d\d\.\d{3} INFO  ecs-trail \S+ listening on http:\/\/127\.0\.0\.1:\d+, writing CloudTrail logs to /);
  t.match(lines.find((l) => l.includes('DescribeClusters')), /^\d\d:\d\d:\d\d\.\d{3} INFO  ecs\.DescribeClusters 200\b/);
  t.match(lines.find((l) => l.includes('DeleteCluster')), /^\d\d:\d\d:\d\d\.\d{3} INFO  ecs\.DeleteCluster 400 ClusterNotFoundException\b/);
  t.match(lines.find((l) => l.includes('GetCallerIdentity')), /^\d\d:\d\d:\d\d\.\d{3} INFO  sts\.GetCallerIdentity 200 arn:aws:iam::123456789012:user\/\S+ \d+ ms$/);
  t.match(lines.find((l) => l.includes('ListClusters')), /^\d\d:\d\d:\d\d\.\d{3} INFO  ecs\.ListClusters 400 InvalidSignatureException \d+ ms — .*xx-fake-9/);
  t.notOk(lines.some((l) => l.startsWith('{')), 'no JSON on a terminal');
  t.notOk(out.includes('\x1b['), 'NO_COLOR: no colours');
});

t.test('a call line shows service.operation, status, error, identity, milliseconds and a refusal\'s reason', async (t) => {
  const time = new Date(2026, 11, 6, 14, 3, 7, 412).getTime();
  t.equal(
    formatLogEntry({ level: 30, time, requestId: 'r', service: 'ecs', op: 'CreateCluster', status: 200, identity: 'arn:aws:iam::123456789012:user/alice', ms: 3.4, msg: 'x' }),
    '14:03:07.412 INFO  ecs.CreateCluster 200 arn:aws:iam::123456789012:user/alice 3 ms',
  );
  t.equal(
    formatLogEntry({ level: 30, time, op: 'ecs.DescribeServices', status: 400, err: 'ClusterNotFoundException', identity: { arn: 'arn:aws:sts::1:assumed-role/r/s' }, ms: 1 }),
    '14:03:07.412 INFO  ecs.DescribeServices 400 ClusterNotFoundException arn:aws:sts::1:assumed-role/r/s 1 ms',
  );
  t.equal(
    formatLogEntry({
      level: 30,
      time,
      requestId: 'r',
      service: 'sts',
      op: 'AssumeRole',
      status: 403,
      err: 'AccessDenied',
      identity: 'arn:aws:iam::123456789012:user/ci',
      ms: 2.2,
      reason: 'the role does not trust the caller',
      msg: 'sts.AssumeRole => 403 (AccessDenied): the role does not trust the caller',
    }),
    '14:03:07.412 INFO  sts.AssumeRole 403 AccessDenied arn:aws:iam::123456789012:user/ci 2 ms — the role does not trust the caller',
    'a refused call ends with its reason',
  );
  t.equal(
    formatLogEntry({ level: 30, time, requestId: 'r', status: 400, err: 'UnknownOperationException', ms: 0.3, reason: 'unknown operation', msg: '?.? => 400' }),
    '14:03:07.412 INFO  ?.? 400 UnknownOperationException 0 ms — unknown operation',
    'a request no service claimed is still a call line',
  );
  t.equal(
    formatLogEntry({ level: 40, time, msg: 'listening on 0.0.0.0:4599, beyond loopback', host: '0.0.0.0', port: 4599, auth: 'lenient' }),
    '14:03:07.412 WARN  listening on 0.0.0.0:4599, beyond loopback auth=lenient',
    'fields the message already shows are not repeated',
  );
  t.match(formatLogEntry({ level: 50, time, msg: 'boom', err: { message: 'bad', stack: 'Error: bad\n    at x' } }), /^14:03:07\.412 ERROR boom\n {4}Error: bad\n {8}at x$/);
  t.match(formatLogEntry({ level: 30, time, op: 'ecs.ListClusters', status: 200 }, true), /\x1b\[32m200\x1b\[0m/, 'colours on a colour terminal');
});

t.test('strict auth prints the admin token it made up, whatever the log level, and the token opens the admin routes', async (t) => {
  const child = spawn(process.execPath, [...CLI, 'start', '--port', '0', '--log-level', 'error', '--auth', 'strict', '--identities', 'examples/identities.yaml', '--trail-dir', await trailDir(t)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => child.kill('SIGKILL'));
  const output = collect(child);
  const out = await output.until(/admin token \(strict auth\): \S+\./);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  const token = /admin token \(strict auth\): (\S+)\./.exec(out)?.[1];
  t.ok(url && token, out.slice(0, 400));
  t.match(out, `dashboard: ${url}/_ecs-trail/?token=${token}`);
  t.equal((await fetch(`${url}/_ecs-trail/api/trail`)).status, 403, 'without it: refused');
  t.equal((await fetch(`${url}/_ecs-trail/api/trail`, { headers: { 'x-ecs-trail-token': token! } })).status, 200, 'with it: served');
  t.equal(await stop(child), 0);
});
