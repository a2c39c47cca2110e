import t from 'tap';
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
      if (!(at <= stamp && at > stamp - 5 * 60_000 - 1000)) t.fail(`${r.eventTime} is in the window ending ${new Date(stamp).toISOString()}`);
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
