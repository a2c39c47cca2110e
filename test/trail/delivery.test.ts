import t, { type Test } from 'tap';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, gunzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { startTestEmulator, listLogFiles, readTrailRecords, recordFor } from '../helpers/test-emulator.js';
import { rootListClusters } from '../helpers/call-record.js';
import { startEmulator } from '../../server/start.js';
import { ManualClock } from '../../emulator/clock.js';

/** A clock that stands still mid-window: no 5-minute boundary passes while a test runs. */
const midWindow = () => new ManualClock(Date.parse('2026-03-01T10:02:30Z'));

/**
 * Delivery to the S3-shaped trail folder (cloudtrail-facts.md §4, cloudtrail-research.md §3).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
 */
const KEY_RE =
  /^(?:(.+)\/)?AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d\d)\/(\d\d)\/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)Z_[A-Za-z0-9]{16}\.json\.gz$/;

/** Every file under a folder, dot-files included (listLogFiles hides them). */
async function allFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, rel), { withFileTypes: true }).catch(() => [])) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await allFiles(dir, r)));
    else out.push(r);
  }
  return out;
}

/**
 * One gzip member and nothing after it: the trailer of the LAST member holds the CRC-32 and length of
 * the whole content only if there is a single member, and any trailing byte would shift it. The AWS
 * CLI validator rejects anything else (cloudtrail-research.md §3.2).
 */
function checkSingleMember(t: Test, gz: Buffer, body: Buffer, name: string): void {
  t.equal(gz[0], 0x1f, `${name}: gzip magic`);
  t.equal(gz[1], 0x8b);
  t.equal(gz.readUInt32LE(gz.length - 4), body.length % 2 ** 32, `${name}: ISIZE of the trailer is the whole content`);
  t.equal(gz.readUInt32LE(gz.length - 8), crc32(body), `${name}: CRC-32 of the trailer is the whole content`);
}

t.test('file keys, one account and region per file, compact {"Records":[…]} in one gzip member', async (t) => {
  const em = await startTestEmulator(t, { clock: midWindow() });
  const calls: Array<{ key: string; region: string; account: string }> = [
    { key: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1', account: '123456789012' },
    { key: 'AKIAIOSFODNN7EXAMPLE', region: 'eu-west-1', account: '123456789012' },
    { key: 'AKIAIOSFODNN7EXAMPLE', region: 'ap-southeast-2', account: '123456789012' },
  ];
  const ids = new Map<string, { region: string; account: string }>();
  for (const c of calls) {
    const ecs = em.client(c.key, c.region);
    for (let i = 0; i < 3; i++) {
      const out = await ecs.send(new CreateClusterCommand({ clusterName: `c${i}` }));
      ids.set(out.$metadata.requestId!, c);
    }
  }
  await em.running.flush();
  const files = await listLogFiles(em.trailDir);
  t.equal(files.length, 3, 'one file per account+region');
  let seen = 0;
  for (const f of files) {
    const m = KEY_RE.exec(f);
    t.ok(m, `${f} has CloudTrail's key layout`);
    if (!m) continue;
    const [, prefix, acct, region, yyyy, mm, dd, acct2, region2, y2, mo2, d2, , min] = m;
    t.equal(prefix, undefined, 'no prefix by default');
    t.equal(acct2, acct);
    t.equal(region2, region);
    t.equal(`${y2}${mo2}${d2}`, `${yyyy}${mm}${dd}`, 'the folder date is the date in the file name');
    t.equal(Number(min) % 5, 0, 'minutes on the 5-minute grid');
    const gz = await readFile(join(em.trailDir, f));
    const body = gunzipSync(gz);
    checkSingleMember(t, gz, body, f);
    const text = body.toString('utf8');
    t.ok(text.startsWith('{"Records":[{"eventVersion":"1.11",'), 'a Records array');
    t.equal(text, JSON.stringify(JSON.parse(text)), 'compact JSON');
    const doc = JSON.parse(text) as { Records: Array<Record<string, any>> };
    t.strictSame(Object.keys(doc), ['Records']);
    for (const r of doc.Records) {
      const call = ids.get(r.requestID);
      t.ok(call, 'a record of one of our calls');
      t.equal(r.recipientAccountId, acct, 'the account of the folder');
      t.equal(r.awsRegion, region, 'the region of the folder');
      t.equal(call?.region, region);
      seen++;
    }
  }
  t.equal(seen, 9, 'every call delivered once');
});

t.test('several accounts: each in its own folder', async (t) => {
  const { writeFile } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-ids-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const identitiesFile = join(dir, 'ids.json');
  await writeFile(
    identitiesFile,
    JSON.stringify({
      identities: [
        { accessKeyId: 'AKIAACCOUNTONE000001', type: 'IAMUser', accountId: '111111111111', userName: 'one' },
        { accessKeyId: 'AKIAACCOUNTTWO000001', type: 'IAMUser', accountId: '222222222222', userName: 'two' },
      ],
    }),
  );
  const em = await startTestEmulator(t, { identitiesFile });
  await em.client('AKIAACCOUNTONE000001').send(new ListClustersCommand({}));
  await em.client('AKIAACCOUNTTWO000001').send(new ListClustersCommand({}));
  await em.running.flush();
  const files = await listLogFiles(em.trailDir);
  t.equal(files.length, 2);
  t.ok(files.some((f) => f.startsWith('AWSLogs/111111111111/CloudTrail/us-east-1/') && f.includes('/111111111111_CloudTrail_us-east-1_')));
  t.ok(files.some((f) => f.startsWith('AWSLogs/222222222222/CloudTrail/us-east-1/') && f.includes('/222222222222_CloudTrail_us-east-1_')));
});

t.test('trailPrefix puts files under the prefix', async (t) => {
  const em = await startTestEmulator(t, { trailPrefix: 'org/logs' });
  const out = await em.ecs.send(new ListClustersCommand({}));
  await em.running.flush();
  const files = await listLogFiles(em.trailDir);
  t.equal(files.length, 1);
  const m = KEY_RE.exec(files[0]!);
  t.equal(m?.[1], 'org/logs');
  t.ok(files[0]!.startsWith('org/logs/AWSLogs/123456789012/CloudTrail/us-east-1/'));
  recordFor(await readTrailRecords(em.trailDir), out.$metadata.requestId);
  const top = (await readdir(em.trailDir)).filter((n) => !n.startsWith('.'));
  t.strictSame(top, ['org'], 'nothing outside the prefix');
});

t.test('a prefix that could leave the trail folder is refused at start', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-prefix-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  for (const trailPrefix of ['../escape', 'a/../../b', '/abs']) {
    const err = await startEmulator({ port: 0, logLevel: 'silent', trailDir, trailPrefix }).then(
      async (r) => {
        await r.close();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    t.match(err?.message, /Invalid trail prefix/, trailPrefix);
  }
});

t.test('with a short delivery window, files appear without a flush', async (t) => {
  const em = await startTestEmulator(t, { deliveryWindowSeconds: 1 });
  const out = await em.ecs.send(new ListClustersCommand({}));
  let files: string[] = [];
  // Waiter: poll with a small delay until the window's timer has delivered (bounded, not timed).
  for (let i = 0; i < 100 && files.length === 0; i++) {
    await sleep(100);
    files = await listLogFiles(em.trailDir);
  }
  t.equal(files.length, 1, 'delivered by the window timer');
  recordFor(await readTrailRecords(em.trailDir), out.$metadata.requestId);
});

t.test('POST /_ecs-trail/flush delivers what is pending', async (t) => {
  const em = await startTestEmulator(t, { clock: midWindow() });
  const out = await em.ecs.send(new CreateClusterCommand({ clusterName: 'f' }));
  t.strictSame(await listLogFiles(em.trailDir), [], 'nothing before the 5-minute window ends');
  const res = await fetch(`${em.url}/_ecs-trail/flush`, { method: 'POST', headers: { 'x-ecs-trail-token': 'any' } });
  t.equal(res.status, 200);
  t.match(await res.json(), { flushed: true, filesDelivered: 1 });
  t.equal((await listLogFiles(em.trailDir)).length, 1);
  recordFor(await readTrailRecords(em.trailDir), out.$metadata.requestId);
});

t.test('a graceful close delivers everything', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-close-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  // The records of the calls made here (service-side events: test/service-events/).
  const running = await startEmulator({ port: 0, logLevel: 'silent', trailDir, clock: midWindow(), serviceEvents: false });
  const { ECSClient } = await import('@aws-sdk/client-ecs');
  const ids: string[] = [];
  for (const region of ['us-east-1', 'us-west-2']) {
    const ecs = new ECSClient({ region, endpoint: running.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
    for (let i = 0; i < 5; i++) ids.push((await ecs.send(new CreateClusterCommand({ clusterName: `g${i}` }))).$metadata.requestId!);
    ecs.destroy();
  }
  t.strictSame(await listLogFiles(trailDir), []);
  await running.close();
  const records = await readTrailRecords(trailDir);
  t.equal(records.length, 10);
  for (const id of ids) recordFor(records, id);
  t.equal((await listLogFiles(trailDir)).length, 2);
});

t.test('delivered files are never rewritten, and no temporary file stays visible', async (t) => {
  const em = await startTestEmulator(t);
  await em.ecs.send(new CreateClusterCommand({ clusterName: 'one' }));
  await em.running.flush();
  const [first] = await listLogFiles(em.trailDir);
  const path = join(em.trailDir, first!);
  const before = { bytes: await readFile(path), st: await stat(path) };
  for (let round = 0; round < 3; round++) {
    await em.ecs.send(new CreateClusterCommand({ clusterName: `more${round}` }));
    await em.running.flush();
  }
  const files = await listLogFiles(em.trailDir);
  t.equal(files.length, 4, 'each delivery is a new file, even in the same window');
  t.equal(new Set(files).size, 4);
  const after = await stat(path);
  t.equal(after.mtimeMs, before.st.mtimeMs, 'mtime unchanged');
  t.equal(after.ino, before.st.ino, 'same inode: not replaced');
  t.ok((await readFile(path)).equals(before.bytes), 'bytes unchanged');
  const leftovers = (await allFiles(em.trailDir)).filter((f) => f.endsWith('.tmp') || /\/\.[^/]*$/.test(f) && f.startsWith('AWSLogs'));
  t.strictSame(leftovers, [], 'no temporary file in the delivered tree');
});

t.test('a request cannot choose where a file goes', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'ecs-trail-escape-'));
  t.teardown(() => rm(base, { recursive: true, force: true }));
  const trailDir = join(base, 'inner', 'trail');
  const em = await startTestEmulator(t, { trailDir });
  // The SDK itself refuses such regions, so these are hand-made SigV4 headers (the emulator in
  // lenient mode does not check the signature itself, only the credential scope).
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const send = (region: string, key = 'AKIAIOSFODNN7EXAMPLE') =>
    fetch(em.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster',
        'x-amz-date': `${date}T000000Z`,
        authorization: `AWS4-HMAC-SHA256 Credential=${key}/${date}/${region}/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ clusterName: 'escape' }),
    });
  for (const region of ['../../x', '..', 'us-east-1/../../x', '%2e%2e', 'AWSLogs', 'us-east-1\\..\\x']) {
    const res = await send(region);
    t.equal(res.status, 400, `region ${JSON.stringify(region)} is refused`);
    const body = (await res.json()) as { __type: string };
    t.match(body.__type, /^(IncompleteSignatureException|InvalidSignatureException)$/);
  }
  // Lenient mode takes any access key (issue #11), even one that looks like a path: a key only ever
  // lands inside a record, never in a file name (those are made of the account and the region).
  const keyRes = await send('us-east-1', '..%2F..%2FAKIA');
  t.equal(keyRes.status, 200, 'an odd access key is a caller like any other');

  const ok = await em.ecs.send(new ListClustersCommand({}));
  t.strictSame(ok.clusterArns, ['arn:aws:ecs:us-east-1:123456789012:cluster/escape'], 'only the accepted call created something');
  await em.running.flush();
  t.strictSame(await readdir(base), ['inner'], 'nothing written next to the trail folder');
  t.strictSame(await readdir(join(base, 'inner')), ['trail']);
  const files = (await allFiles(trailDir)).filter((f) => !f.startsWith('.ecs-trail/'));
  for (const f of files) t.match(f, /^AWSLogs\/123456789012\/CloudTrail(-Digest)?\/us-east-1\//, `${f} is where the accepted call's files go`);
  t.equal((await listLogFiles(trailDir)).length, 1, 'only the log file of the accepted calls');
  const records = await readTrailRecords(trailDir);
  t.equal(records.length, 2, 'refused calls leave no record');
  t.ok(records.some((r) => r.userIdentity.accessKeyId === '..%2F..%2FAKIA'), 'the key as sent, inside the record only');
});

t.test('a delivery that fails is kept, logged and retried; the process carries on', async (t) => {
  const { TrailWriter } = await import('../../trail-writer/index.js');
  const root = await mkdtemp(join(tmpdir(), 'ecs-trail-retry-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const { writeFile } = await import('node:fs/promises');
  const errors: string[] = [];
  const logger = { info() {}, warn() {}, error: (_o: object, msg?: string) => void errors.push(msg ?? '') };
  let n = 0;
  const ids = { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, alphanumeric: (l: number) => `R${String(++n).padStart(l - 1, '0')}` };
  const writer = await TrailWriter.open({ root, clock: { now: () => Date.now() }, ids, maxRecordsPerFile: 2, logger });
  // A file where the AWSLogs folder should be: every delivery fails (ENOTDIR/EEXIST), as on a broken disk.
  await writeFile(join(root, 'AWSLogs'), 'in the way');
  const call = (i: number) =>
    rootListClusters(Date.now(), `55555555-0000-4000-8000-${String(i).padStart(12, '0')}`, `66666666-0000-4000-8000-${String(i).padStart(12, '0')}`);
  for (let i = 0; i < 3; i++) await writer.append(call(i)); // the second fills a file: an immediate delivery
  await t.rejects(writer.flush(), 'a flush reports the failure');
  t.ok(errors.includes('log file delivery failed; will retry'), 'the operator is told');
  t.equal(writer.stats.pending, 3, 'nothing is dropped');
  await rm(join(root, 'AWSLogs'));
  await writer.close();
  const records = await readTrailRecords(root);
  t.strictSame(records.map((r) => r.requestID).sort(), [0, 1, 2].map((i) => call(i).requestId));
});
