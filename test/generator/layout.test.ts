import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runVerify } from '../../server/bin/verify-command.js';
import { generate } from './generated-trail.js';

const SCENARIO = `
accountId: "123456789012"
regions: [us-east-1, eu-central-1]
start: 2025-03-03T22:40:00Z
duration: 3h
actors:
  ops:
    type: AssumedRole
    roleName: ops
    sessionName: ops
    background: { callsPerHour: 240 }
steps:
  - { actor: ops, call: CreateCluster, params: { clusterName: a } }
  - { actor: ops, region: eu-central-1, call: CreateCluster, params: { clusterName: b } }
`;

const LOG_KEY = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[A-Za-z0-9]{16}\.json\.gz$/;

t.test('log files follow the S3 layout, one per account, region and 5-minute window of simulated time', async (t) => {
  const trail = await generate(t, SCENARIO);
  const files = await trail.logFiles();
  t.ok(files.length >= 60, `a file per region per window (${files.length})`);
  let total = 0;
  const windows = new Set<string>();
  for (const f of files) {
    const m = LOG_KEY.exec(f.path);
    if (!t.ok(m, `${f.path} matches the CloudTrail key layout`)) continue;
    const [, account, region, y, mo, d, y2, mo2, d2, hh, mm] = m!;
    t.equal(`${y}${mo}${d}`, `${y2}${mo2}${d2}`, 'the date folder is the delivery date in the name');
    t.equal(Number(mm) % 5, 0, 'delivery stamps are on the 5-minute grid');
    const stamp = Date.UTC(Number(y2), Number(mo2) - 1, Number(d2), Number(hh), Number(mm));
    windows.add(`${region}/${stamp}`);
    for (const r of f.records) {
      const at = Date.parse(r.eventTime);
      // A file holds the window that ends at its stamp: [stamp − 5 min, stamp).
      if (!(at >= stamp - 5 * 60_000 && at < stamp)) t.fail(`${r.eventTime} is not in the window ending ${new Date(stamp).toISOString()}`);
      if (r.awsRegion !== region || r.recipientAccountId !== account) t.fail('one account and region per file');
    }
    total += f.records.length;
  }
  t.equal(windows.size, files.length, 'one file per region and window (none reached 5,000 records)');
  t.equal(total, trail.summary.events, 'every event is in exactly one file');
  t.ok(files.some((f) => f.path.includes('/2025/03/04/')), 'files after midnight go in the next day\'s folder');
  t.equal(trail.summary.logFiles, files.length);
});

t.test('ecs-trail verify passes on generated output', async (t) => {
  const trail = await generate(t, SCENARIO);
  const digests = (await trail.files()).filter((f) => f.includes('/CloudTrail-Digest/') && f.endsWith('.json.gz'));
  t.ok(digests.length >= 6, `hourly digests per region (${digests.length})`);
  t.equal(trail.summary.digestFiles, digests.length);
  let out = '';
  let err = '';
  const code = await runVerify([trail.dir], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  t.equal(code, 0, `verify exits 0\n${out}${err}`);
  t.match(out, /us-east-1/);
  t.match(out, /eu-central-1/);
  t.notMatch(out, /invalid|INVALID/);
});

t.test('sparse calls: each file goes out at its window end, in the digest of the period it was delivered in; quiet hours still get digests', async (t) => {
  const trail = await generate(
    t,
    `
accountId: "123456789012"
regions: [us-east-1]
start: 2025-03-03T08:00:00Z
duration: 6h
actors:
  ops: { type: IAMUser, userName: ops }
steps:
  - { at: 2025-03-03T08:10:00Z, actor: ops, call: ListClusters }
  - { at: 2025-03-03T13:10:00Z, actor: ops, call: ListClusters }
`,
    { seed: 3 },
  );
  const files = await trail.files();
  const logs = files.filter((f) => f.includes('/CloudTrail/'));
  t.same(logs.map((f) => f.split('_')[3]), ['20250303T0815Z', '20250303T1315Z'], 'a file per call, stamped with the end of its window');
  const digests: Record<string, any>[] = [];
  for (const f of files.filter((p) => p.includes('/CloudTrail-Digest/') && p.endsWith('.json.gz'))) {
    digests.push(JSON.parse(gunzipSync(await readFile(join(trail.dir, f))).toString('utf8')));
  }
  digests.sort((a, b) => a.digestEndTime.localeCompare(b.digestEndTime));
  const HOUR = 3600_000;
  t.ok(digests.length >= 6, `a digest for every period from the first file to the end (${digests.length})`);
  for (let i = 1; i < digests.length; i++) {
    t.equal(digests[i]!.digestStartTime, digests[i - 1]!.digestEndTime, 'periods follow each other');
    t.equal(digests[i]!.previousDigestS3Object, digests[i - 1]!.digestS3Object, 'and are chained');
  }
  const full = digests.slice(0, -1);
  for (const d of full) t.equal(Date.parse(d.digestEndTime) - Date.parse(d.digestStartTime), HOUR, `${d.digestStartTime}: an hour long`);
  t.notOk(full.some((d) => /T\d\d:00:00Z$/.test(d.digestEndTime)), 'periods are counted from when validation started, not from the hour');
  t.equal(digests.at(-1)!.digestEndTime, '2025-03-03T14:00:00Z', 'the last one ends with the run');
  for (const log of logs) {
    const stamp = Date.parse(log.split('_')[3]!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:00Z'));
    const listing = digests.filter((d) => d.logFiles.some((l: { s3Object: string }) => l.s3Object === log));
    t.equal(listing.length, 1, `${log} is in exactly one digest`);
    const d = listing[0]!;
    t.ok(Date.parse(d.digestStartTime) < stamp && stamp <= Date.parse(d.digestEndTime), `the one whose period holds its delivery (${d.digestStartTime} – ${d.digestEndTime})`);
  }
  t.ok(digests.filter((d) => d.logFiles.length === 0).length >= 4, 'hours with no calls have empty digests, as CloudTrail writes them');
  let out = '';
  const code = await runVerify([trail.dir], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } });
  t.equal(code, 0, `verify passes\n${out}`);
});
