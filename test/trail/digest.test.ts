import t from 'tap';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CreateClusterCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { startEmulator } from '../../server/start.js';
import { resolveConfig } from '../../server/config.js';
import { runVerify } from '../../server/bin/verify-command.js';
import { listLogFiles, startTestEmulator } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const BUCKET = 'ecs-trail-bucket';
const T10 = Date.parse('2026-03-01T10:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Field order of real digests (samples/digest-real-elastic-integrations-fixture.json). */
const DIGEST_FIELDS = [
  'awsAccountId',
  'digestStartTime',
  'digestEndTime',
  'digestS3Bucket',
  'digestS3Object',
  'digestPublicKeyFingerprint',
  'digestSignatureAlgorithm',
  'newestEventTime',
  'oldestEventTime',
  'previousDigestS3Bucket',
  'previousDigestS3Object',
  'previousDigestHashValue',
  'previousDigestHashAlgorithm',
  'previousDigestSignature',
  'logFiles',
];
const LOG_FILE_FIELDS = ['s3Bucket', 's3Object', 'hashValue', 'hashAlgorithm', 'newestEventTime', 'oldestEventTime'];

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function digestKeyAt(region: string, end: number): string {
  const iso = new Date(end).toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '/');
  const stamp = `${iso.slice(0, 19).replaceAll('-', '').replaceAll(':', '')}Z`;
  return `AWSLogs/${ACCOUNT}/CloudTrail-Digest/${region}/${day}/${ACCOUNT}_CloudTrail-Digest_${region}_ecs-trail_us-east-1_${stamp}.json.gz`;
}

async function readDigest(trailDir: string, key: string): Promise<{ raw: Buffer; doc: Record<string, any>; signature: string; algorithm: string }> {
  const raw = gunzipSync(await readFile(join(trailDir, key)));
  const meta = JSON.parse(await readFile(join(trailDir, `${key}.metadata.json`), 'utf8'));
  return { raw, doc: JSON.parse(raw.toString('utf8')), signature: meta.signature, algorithm: meta['signature-algorithm'] };
}

async function verifyFolder(dir: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runVerify([dir, ...flags], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

/** The AWS signing rule, written out here independently of the emulator's code. */
function signedString(doc: Record<string, any>, raw: Buffer): string {
  return `${doc.digestEndTime}\n${doc.digestS3Bucket}/${doc.digestS3Object}\n${sha256(raw)}\n${doc.previousDigestSignature ?? 'null'}`;
}

async function publicKeyFor(trailDir: string, fingerprint: string) {
  const published = JSON.parse(await readFile(join(trailDir, '.ecs-trail', 'keys', 'public-keys.json'), 'utf8'));
  const entry = published.PublicKeyList.find((k: any) => k.Fingerprint === fingerprint);
  return { entry, key: entry && createPublicKey({ key: Buffer.from(entry.Value, 'base64'), format: 'der', type: 'pkcs1' }) };
}

t.test('hourly digests list every delivered log file, are signed and chained, and verify clean', async (t) => {
  const clock = new ManualClock(T10);
  const te = await startTestEmulator(t, { clock });
  const eu = te.client('AKIAIOSFODNN7EXAMPLE', 'eu-west-1');
  clock.set(T10 + 7 * MIN);
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'a' }));
  await eu.send(new CreateClusterCommand({ clusterName: 'eu' }));
  clock.set(T10 + 12 * MIN);
  await te.running.trail.deliverDue();
  clock.set(T10 + 22 * MIN);
  await te.ecs.send(new ListClustersCommand({}));
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'b' }));
  await te.running.flush();
  clock.set(T10 + HOUR);
  await te.running.digests.deliverDue();
  clock.set(T10 + HOUR + 20 * MIN);
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await te.running.flush();
  clock.set(T10 + 2 * HOUR);
  await te.running.digests.deliverDue();
  await te.running.close();

  const first = await readDigest(te.trailDir, digestKeyAt('us-east-1', T10 + HOUR));
  const second = await readDigest(te.trailDir, digestKeyAt('us-east-1', T10 + 2 * HOUR));
  const euFirst = await readDigest(te.trailDir, digestKeyAt('eu-west-1', T10 + HOUR));
  const euSecond = await readDigest(te.trailDir, digestKeyAt('eu-west-1', T10 + 2 * HOUR));

  t.same(Object.keys(first.doc), DIGEST_FIELDS, 'fields in the real order');
  t.same(Object.keys(first.doc.logFiles[0]), LOG_FILE_FIELDS);
  t.notOk(first.raw.toString().includes('\n'), 'compact JSON, as real digests');
  t.match(first.doc, {
    awsAccountId: ACCOUNT,
    digestStartTime: '2026-03-01T10:00:00Z',
    digestEndTime: '2026-03-01T11:00:00Z',
    digestS3Bucket: BUCKET,
    digestS3Object: digestKeyAt('us-east-1', T10 + HOUR),
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: '2026-03-01T10:22:00Z',
    oldestEventTime: '2026-03-01T10:07:00Z',
    previousDigestS3Bucket: null,
    previousDigestS3Object: null,
    previousDigestHashValue: null,
    previousDigestHashAlgorithm: null,
    previousDigestSignature: null,
  });
  t.match(first.doc.digestPublicKeyFingerprint, /^[0-9a-f]{32}$/);
  t.equal(first.doc.logFiles.length, 2, 'the 10:10 window and the flushed 10:25 file');
  const stamps = first.doc.logFiles.map((f: any) => f.s3Object.match(/_(\d{8}T\d{4}Z)_/)[1]);
  t.same(stamps, ['20260301T1025Z', '20260301T1010Z'], 'newest first');
  for (const f of first.doc.logFiles) {
    t.match(f, { s3Bucket: BUCKET, hashAlgorithm: 'SHA-256' });
    t.equal(f.hashValue, sha256(gunzipSync(await readFile(join(te.trailDir, f.s3Object)))), 'SHA-256 of the uncompressed file');
  }
  t.equal(euFirst.doc.logFiles.length, 1, 'each region has its own digest');

  t.match(second.doc, {
    digestStartTime: '2026-03-01T11:00:00Z',
    digestEndTime: '2026-03-01T12:00:00Z',
    previousDigestS3Bucket: BUCKET,
    previousDigestS3Object: first.doc.digestS3Object,
    previousDigestHashValue: sha256(first.raw),
    previousDigestHashAlgorithm: 'SHA-256',
    previousDigestSignature: first.signature,
  });
  t.match(euSecond.doc, { logFiles: [], newestEventTime: null, oldestEventTime: null }, 'an hour with no activity still has its digest');
  t.equal(euSecond.doc.previousDigestSignature, euFirst.signature);

  for (const d of [first, second, euFirst, euSecond]) {
    t.equal(d.algorithm, 'SHA256withRSA');
    t.equal(d.signature.length, 512, 'RSA-2048 signature in hex');
    const { entry, key } = await publicKeyFor(te.trailDir, d.doc.digestPublicKeyFingerprint);
    t.equal(createHash('md5').update(Buffer.from(entry.Value, 'base64')).digest('hex'), entry.Fingerprint, 'fingerprint = MD5 of the DER key');
    t.ok(verify('sha256', Buffer.from(signedString(d.doc, d.raw)), key, Buffer.from(d.signature, 'hex')), 'SHA256withRSA verifies');
  }

  const listed = [first, second, euFirst, euSecond].flatMap((d) => d.doc.logFiles.map((f: any) => f.s3Object)).sort();
  t.same(listed, await listLogFiles(te.trailDir), 'every log file is listed in exactly one digest');

  const clean = await verifyFolder(te.trailDir);
  t.equal(clean.code, 0, clean.err);
  t.equal(clean.err, '');
  t.match(clean.out, 'Results found for 2026-03-01T10:00:00Z to 2026-03-01T12:00:00Z:');
  t.match(clean.out, '\n2/2 digest files valid\n3/3 log files valid');
  t.match(clean.out, '\n2/2 digest files valid\n1/1 log files valid');
});

t.test('verify reports changed, corrupt, missing and unlisted log files, and tampered digests', async (t) => {
  const clock = new ManualClock(T10);
  const te = await startTestEmulator(t, { clock });
  clock.set(T10 + 3 * MIN);
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'one' }));
  clock.set(T10 + 6 * MIN);
  await te.running.trail.deliverDue();
  clock.set(T10 + 13 * MIN);
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'two' }));
  await te.running.flush();
  clock.set(T10 + HOUR);
  await te.running.digests.deliverDue();
  clock.set(T10 + HOUR + 5 * MIN);
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'three' }));
  await te.running.close();
  const dir = te.trailDir;
  const logs = await listLogFiles(dir);
  t.equal(logs.length, 3);
  t.equal((await verifyFolder(dir)).code, 0, 'clean before tampering');
  const [log0, log1] = logs as [string, string];
  const s3 = (key: string) => `s3://${BUCKET}/${key}`;

  const original = await readFile(join(dir, log0));
  const body = gunzipSync(original).toString('utf8');
  const flipped = body.replace('"eventName":"CreateCluster"', '"eventName":"CreateClustes"');
  t.not(flipped, body);
  await writeFile(join(dir, log0), gzipSync(flipped));
  let r = await verifyFolder(dir);
  t.equal(r.code, 1);
  t.match(r.err, `Log file\t${s3(log0)}\tINVALID: hash value doesn't match`);
  t.match(r.out, '2/2 digest files valid\n2/3 log files valid, 1/3 log files INVALID');

  const raw = Buffer.from(original);
  raw[Math.floor(raw.length / 2)]! ^= 0xff;
  await writeFile(join(dir, log0), raw);
  r = await verifyFolder(dir);
  t.equal(r.code, 1);
  t.match(r.err, new RegExp(`Log file\\t${s3(log0).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\tINVALID: (invalid format|hash value doesn't match)`));

  await writeFile(join(dir, log0), Buffer.concat([original, gzipSync('{}')]));
  r = await verifyFolder(dir);
  t.match(r.err, `Log file\t${s3(log0)}\tINVALID: invalid format`, 'a second gzip member is not a CloudTrail file');
  await writeFile(join(dir, log0), original);
  t.equal((await verifyFolder(dir)).code, 0, 'restored');

  const original1 = await readFile(join(dir, log1));
  await unlink(join(dir, log1));
  r = await verifyFolder(dir);
  t.equal(r.code, 1);
  t.match(r.err, `Log file\t${s3(log1)}\tINVALID: not found`);
  await writeFile(join(dir, log1), original);
  r = await verifyFolder(dir);
  t.match(r.err, `Log file\t${s3(log1)}\tINVALID: hash value doesn't match`, 'another file under its name');
  await writeFile(join(dir, log1), original1);

  const extra = log0.replace(/_[A-Za-z0-9]{16}\.json\.gz$/, '_ZZZZZZZZZZZZZZZZ.json.gz');
  await copyFile(join(dir, log0), join(dir, extra));
  r = await verifyFolder(dir);
  t.match(r.err, `Log file\t${s3(extra)}\tINVALID: not listed in any digest`);
  await unlink(join(dir, extra));

  const digestKey = digestKeyAt('us-east-1', T10 + HOUR);
  const digestGz = await readFile(join(dir, digestKey));
  const doc = JSON.parse(gunzipSync(digestGz).toString('utf8'));
  doc.logFiles[0].hashValue = sha256('forged');
  await writeFile(join(dir, digestKey), gzipSync(JSON.stringify(doc)));
  r = await verifyFolder(dir);
  t.equal(r.code, 1);
  t.match(r.err, `Digest file\t${s3(digestKey)}\tINVALID: signature verification failed`);
  t.match(r.out, '1/2 digest files valid, 1/2 digest files INVALID');
  await writeFile(join(dir, digestKey), digestGz);

  const meta = await readFile(join(dir, `${digestKey}.metadata.json`));
  await unlink(join(dir, `${digestKey}.metadata.json`));
  r = await verifyFolder(dir);
  t.match(r.err, `Digest file\t${s3(digestKey)}\tINVALID: signature verification failed`, 'an unsigned digest');
  await writeFile(join(dir, `${digestKey}.metadata.json`), meta);

  await unlink(join(dir, digestKey));
  r = await verifyFolder(dir);
  t.equal(r.code, 1);
  t.match(r.err, `Digest file\t${s3(digestKey)}\tINVALID: not found`, 'the chain shows a removed digest');
  await writeFile(join(dir, digestKey), digestGz);

  t.equal((await verifyFolder(dir)).code, 0, 'clean again');
  t.equal((await verifyFolder(dir, '--bucket', 'other-bucket')).code, 1, 'digests record where they were delivered');
  t.equal((await verifyFolder(join(dir, 'nope'))).code, 2);
});

t.test('close writes a final digest, a restart continues the chain, and files the digest writer missed are listed', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-digest-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  const clock = new ManualClock(T10);

  const a = await startTestEmulator(t, { clock, trailDir });
  clock.set(T10 + 5 * MIN);
  await a.ecs.send(new CreateClusterCommand({ clusterName: 'a' }));
  clock.set(T10 + 30 * MIN);
  await a.running.close();
  const final = await readDigest(trailDir, digestKeyAt('us-east-1', T10 + 30 * MIN));
  t.match(final.doc, { digestStartTime: '2026-03-01T10:00:00Z', digestEndTime: '2026-03-01T10:30:00Z', previousDigestSignature: null });
  t.equal(final.doc.logFiles.length, 1);

  // A run that stops without closing: its records stay in the journal and the next run delivers them.
  // Its own clock stands still, so its timers never deliver what the next run must recover.
  const crashed = await startEmulator({ port: 0, logLevel: 'silent', trailDir, clock: new ManualClock(T10 + 40 * MIN) });
  const c2 = new ECSClient({ region: 'us-east-1', endpoint: crashed.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
  await c2.send(new CreateClusterCommand({ clusterName: 'journaled' }));
  c2.destroy();
  await crashed.app.close();
  await crashed.trail.abandon(); // a crash: the journal and the folder lock stay behind

  clock.set(T10 + 50 * MIN);
  const b = await startTestEmulator(t, { clock, trailDir });
  clock.set(T10 + 55 * MIN);
  await b.ecs.send(new CreateClusterCommand({ clusterName: 'b' }));
  clock.set(T10 + HOUR);
  await b.running.close();
  const next = await readDigest(trailDir, digestKeyAt('us-east-1', T10 + HOUR));
  t.match(next.doc, {
    digestStartTime: '2026-03-01T10:30:00Z',
    previousDigestS3Object: final.doc.digestS3Object,
    previousDigestHashValue: sha256(final.raw),
    previousDigestSignature: final.signature,
  });
  t.equal(next.doc.logFiles.length, 2, "the recovered file and the second run's file");
  const listed = [final, next].flatMap((d) => d.doc.logFiles.map((f: any) => f.s3Object)).sort();
  t.same(listed, await listLogFiles(trailDir));
  const records = (await Promise.all(listed.map(async (k) => JSON.parse(gunzipSync(await readFile(join(trailDir, k))).toString()).Records))).flat();
  t.ok(records.some((r: any) => r.requestParameters?.clusterName === 'journaled'));

  const r = await verifyFolder(trailDir);
  t.equal(r.code, 0, r.err);
  t.match(r.out, 'Results found for 2026-03-01T10:00:00Z to 2026-03-01T11:00:00Z:');
  t.match(r.out, '2/2 digest files valid\n3/3 log files valid');
});

t.test('with the real clock and a short interval, closing leaves a folder that verifies', async (t) => {
  const te = await startTestEmulator(t, { digestIntervalSeconds: 1 });
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'x' }));
  await te.running.close();
  const r = await verifyFolder(te.trailDir, '--verbose');
  t.equal(r.code, 0, r.err);
  t.match(r.out, /Digest file\ts3:\/\/ecs-trail-bucket\/AWSLogs\/123456789012\/CloudTrail-Digest\/us-east-1\/.*\tvalid/);
  t.match(r.out, /\n1\/1 log files valid/);
});

t.test('--digest-interval and ECS_TRAIL_DIGEST_INTERVAL', async (t) => {
  t.equal(resolveConfig([]).digestIntervalSeconds, 3600);
  t.equal(resolveConfig(['--digest-interval', '60']).digestIntervalSeconds, 60);
  t.equal(resolveConfig([], { ECS_TRAIL_DIGEST_INTERVAL: '120' }).digestIntervalSeconds, 120);
  t.throws(() => resolveConfig(['--digest-interval', '0.5']), /digest interval/);
});

t.test('in-process (the fixture generator): same clock, key and deliveries give byte-identical digests', async (t) => {
  const { generateKeyPairSync } = await import('node:crypto');
  const { DigestWriter } = await import('../../trail-writer/index.js');
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const run = async () => {
    const root = await mkdtemp(join(tmpdir(), 'ecs-trail-digest-gen-'));
    t.teardown(() => rm(root, { recursive: true, force: true }));
    const clock = new ManualClock(T10);
    const listeners: ((f: any) => unknown)[] = [];
    const writer = await DigestWriter.open({
      root,
      stateDir: join(root, '.ecs-trail'),
      source: { onDelivered: (l) => void listeners.push(l) },
      clock,
      homeRegion: 'us-east-1',
      signingKeyPem: pem,
      bucket: 'fixture-bucket',
      trailName: 'fixture-trail',
    });
    const deliver = (minute: number, hash: string) =>
      listeners.forEach((l) =>
        l({
          key: `AWSLogs/${ACCOUNT}/CloudTrail/us-west-2/2026/03/01/${ACCOUNT}_CloudTrail_us-west-2_20260301T10${String(minute).padStart(2, '0')}Z_AAAAAAAAAAAAAAA${minute % 10}.json.gz`,
          accountId: ACCOUNT,
          region: 'us-west-2',
          deliveredAt: T10 + minute * MIN,
          sha256: sha256(hash),
          oldestEventTime: T10 + (minute - 4) * MIN,
          newestEventTime: T10 + (minute - 1) * MIN,
        }),
      );
    clock.set(T10 + 5 * MIN);
    deliver(5, 'a');
    clock.set(T10 + 15 * MIN);
    deliver(15, 'b');
    clock.set(T10 + 3 * HOUR + 10 * MIN);
    await writer.deliverDue();
    await writer.close();
    const keys = [1, 2, 3].map((h) => digestKeyAt('us-west-2', T10 + h * HOUR).replace('_ecs-trail_', '_fixture-trail_'));
    keys.push(digestKeyAt('us-west-2', T10 + 3 * HOUR + 10 * MIN).replace('_ecs-trail_', '_fixture-trail_'));
    return { root, keys, files: await Promise.all(keys.map((k) => readFile(join(root, k)))), stats: writer.stats };
  };
  const one = await run();
  const two = await run();
  t.same(one.files, two.files, 'byte-identical');
  t.same(one.stats, { digestsWritten: 4, pendingLogFiles: 0 });
  const docs = one.files.map((f) => JSON.parse(gunzipSync(f).toString('utf8')));
  t.same(
    docs.map((d) => [d.digestStartTime, d.digestEndTime, d.logFiles.length]),
    [
      ['2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z', 2],
      ['2026-03-01T11:00:00Z', '2026-03-01T12:00:00Z', 0],
      ['2026-03-01T12:00:00Z', '2026-03-01T13:00:00Z', 0],
      ['2026-03-01T13:00:00Z', '2026-03-01T13:10:00Z', 0],
    ],
    'one digest per elapsed hour, then the final partial one',
  );
  t.match(docs[0], { digestS3Bucket: 'fixture-bucket', newestEventTime: '2026-03-01T10:14:00Z', oldestEventTime: '2026-03-01T10:01:00Z' });
  for (let i = 1; i < docs.length; i++) t.equal(docs[i].previousDigestS3Object, docs[i - 1].digestS3Object, 'chained');
});

t.test('a signing key that cannot be stored at start-up is tried again, and no digest or file is lost meanwhile', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-digest-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  // A plain file where the keys folder goes: every attempt to read or store the key fails.
  const keys = join(trailDir, '.ecs-trail', 'keys');
  await mkdir(join(trailDir, '.ecs-trail'), { recursive: true });
  await writeFile(keys, 'in the way');
  const clock = new ManualClock(T10);
  const te = await startTestEmulator(t, { clock, trailDir });
  clock.set(T10 + 5 * MIN);
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'a' }));
  clock.set(T10 + 10 * MIN);
  await te.running.flush();
  clock.set(T10 + HOUR);
  await te.running.digests.deliverDue();
  t.equal(te.running.digests.stats.digestsWritten, 0, 'no digest while the key cannot be stored');
  t.equal(te.running.digests.stats.pendingLogFiles, 1, 'the delivered file waits for a digest');

  await unlink(keys);
  clock.set(T10 + HOUR + 10 * MIN);
  await te.running.digests.deliverDue();
  t.equal(te.running.digests.stats.digestsWritten, 1, 'the next due run makes the key and writes the digest');
  const digest = await readDigest(trailDir, digestKeyAt('us-east-1', T10 + HOUR));
  t.equal(digest.doc.logFiles.length, 1);
  t.ok((await publicKeyFor(trailDir, digest.doc.digestPublicKeyFingerprint)).key, 'its public key is published');
  await te.running.close();
  const r = await verifyFolder(trailDir);
  t.equal(r.code, 0, r.err);
});

t.test('the signing key is made with the first delivered log file, not at start, and claims validity from the start', async (t) => {
  const clock = new ManualClock(T10);
  const te = await startTestEmulator(t, { clock });
  const keysDir = join(te.trailDir, '.ecs-trail', 'keys');
  clock.set(T10 + 5 * MIN);
  await te.ecs.send(new CreateClusterCommand({ clusterName: 'a' }));
  // An RSA key costs start-up 100–600 ms of CPU: a server that has delivered nothing has none.
  t.equal(await readFile(join(keysDir, 'public-keys.json'), 'utf8').catch((e: NodeJS.ErrnoException) => e.code), 'ENOENT', 'no key after start and a call');
  clock.set(T10 + 10 * MIN);
  await te.running.flush();
  const fingerprint = await te.running.digests.fingerprint();
  const { entry } = await publicKeyFor(te.trailDir, fingerprint);
  t.ok(entry, 'the first delivery made and published the key');
  t.equal(entry.ValidityStartTime, '2026-03-01T10:00:00Z', 'valid from when the trail opened, as when it was made at start');
  clock.set(T10 + HOUR);
  await te.running.digests.deliverDue();
  const digest = await readDigest(te.trailDir, digestKeyAt('us-east-1', T10 + HOUR));
  t.equal(digest.doc.digestPublicKeyFingerprint, fingerprint, 'and signs the first digest');
});
