import t from 'tap';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLogFiles, readTrailRecords } from '../helpers/test-emulator.js';
import { startCli } from '../helpers/cli-process.js';

/**
 * Memory is bounded whatever the mix of accounts and regions: one call in each of thousands of
 * (account, region) scopes must not keep a 64 KiB batch buffer, a 60 KB event index and a digest
 * chain each (2,400 scopes took hundreds of MB), and the flush that delivers their files compresses
 * a bounded amount at a time instead of all at once. Measured on the real CLI: its resident set
 * (VmRSS) after the calls, and its peak (VmHWM) through the flush.
 */
const ACCOUNTS = 100;
// Real region names (the regions a signature may name are checked elsewhere; here they only make scopes).
const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
  'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1', 'ca-central-1',
];
const MiB = 1024 * 1024;
// A flush of 1,600 files, each fsync'd, and as many final digests at the stop: slow on a busy disk.
t.setTimeout(600_000);

async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

const keyOf = (i: number) => `AKIAFLOOD${String(i).padStart(11, '0')}`;

/** A request signed in the lenient way (the signature itself is not checked): account by key, region by scope. */
function call(url: string, account: number, region: string): Promise<Response> {
  const auth = `AWS4-HMAC-SHA256 Credential=${keyOf(account)}/20260301/${region}/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
  return fetch(url, {
    method: 'POST',
    headers: { authorization: auth, 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1', 'x-amz-date': '20260301T000000Z' },
    body: '{}',
  });
}

t.test(`${ACCOUNTS} accounts × ${REGIONS.length} regions: memory stays bounded, and the flush too`, { skip: process.platform === 'linux' ? false : 'reads /proc' }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-flood-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const identities = join(dir, 'identities.json');
  await writeFile(
    identities,
    JSON.stringify({
      identities: Array.from({ length: ACCOUNTS }, (_, i) => ({ accessKeyId: keyOf(i), type: 'IAMUser', accountId: String(100000000000 + i), userName: `u${i}` })),
    }),
  );
  const trailDir = join(dir, 'trail');
  const cli = await startCli(t, ['--trail-dir', trailDir, '--identities', identities]);
  const pid = cli.child.pid!;
  // A few calls first, so what is measured is the cost of scopes, not of warming up.
  for (let i = 0; i < 50; i++) await (await call(cli.url, 0, 'us-east-1')).text();
  const base = await memoryOf(pid);

  const jobs: Array<[number, string]> = [];
  for (let a = 0; a < ACCOUNTS; a++) for (const r of REGIONS) jobs.push([a, r]);
  let next = 0;
  const failures: number[] = [];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) {
        const [a, r] = jobs[next++]!;
        const res = await call(cli.url, a, r);
        await res.text();
        if (res.status !== 200) failures.push(res.status);
      }
    }),
  );
  t.strictSame(failures, [], `${jobs.length} calls answered 200`);
  const afterCalls = await memoryOf(pid);
  const growth = afterCalls.rss - base.rss;
  t.ok(growth < 120 * MiB, `${jobs.length} scopes grew the resident set by ${(growth / MiB).toFixed(1)} MiB (from ${(base.rss / MiB).toFixed(0)} MiB)`);

  const flushed = await fetch(`${cli.url}/_ecs-trail/flush`, { method: 'POST', headers: { 'x-ecs-trail-token': 'any' } });
  t.equal(flushed.status, 200);
  const { filesDelivered } = (await flushed.json()) as { filesDelivered: number };
  // The writer also delivers by itself at each window's end (five minutes, by the wall clock): one
  // that falls while the calls are made delivers the scopes opened before it, and the flush the rest.
  const files = await listLogFiles(trailDir);
  const scopes = new Set(files.map((f) => /AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\//.exec(f)?.slice(1).join('/')));
  t.equal(scopes.size, jobs.length, 'every scope has its log file once the flush is done');
  t.ok(filesDelivered > 0 && filesDelivered <= files.length, `the flush delivered ${filesDelivered} of the ${files.length} log files`);
  const afterFlush = await memoryOf(pid);
  const peak = afterFlush.peak - base.rss;
  t.ok(peak < 200 * MiB, `the peak through calls and flush stayed ${(peak / MiB).toFixed(1)} MiB above the start`);

  cli.child.kill('SIGTERM');
  t.equal(await cli.exited, 0);
  const records = await readTrailRecords(trailDir);
  t.equal(records.length, jobs.length + 50, 'every call delivered');
});
