import t, { type Test } from 'tap';
import { createHash, sign } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { runVerify } from '../../server/bin/verify-command.js';
import { listLogFiles, startTestEmulator } from '../helpers/test-emulator.js';

/**
 * `ecs-trail verify` prints each failure as `aws cloudtrail validate-logs` does, then says which file
 * on disk, which digest, and why — checked here for every kind of failure.
 */

const ACCOUNT = '123456789012';
const BUCKET = 'ecs-trail-bucket';
const T10 = Date.parse('2026-03-01T10:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function digestKeyAt(end: number): string {
  const iso = new Date(end).toISOString();
  const stamp = `${iso.slice(0, 19).replaceAll('-', '').replaceAll(':', '')}Z`;
  return `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/${iso.slice(0, 10).replaceAll('-', '/')}/${ACCOUNT}_CloudTrail-Digest_us-east-1_ecs-trail_us-east-1_${stamp}.json.gz`;
}

async function verify(dir: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runVerify([dir, ...flags], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

/** The block of stderr that starts with `first` and ends at the blank line after it. */
function failureBlock(err: string, first: string): string {
  const at = err.indexOf(first);
  if (at < 0) return '';
  const end = err.indexOf('\n\n', at);
  return err.slice(at, end < 0 ? undefined : end);
}

/** Two hourly digests over three log files (10:05, 10:15 in the first hour; 11:05 in the second). */
async function trailWithTwoDigests(t: Test): Promise<{ dir: string; logs: string[]; first: string; second: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-verify-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const clock = new ManualClock(T10);
  const te = await startTestEmulator(t, { clock, trailDir: dir });
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
  await te.running.flush();
  clock.set(T10 + 2 * HOUR);
  await te.running.digests.deliverDue();
  await te.running.close();
  return { dir, logs: await listLogFiles(dir), first: digestKeyAt(T10 + HOUR), second: digestKeyAt(T10 + 2 * HOUR) };
}

t.test('a log file that changed, is missing, is not one gzip member, or is listed nowhere: which file, which digest, why', async (t) => {
  const { dir, logs, first } = await trailWithTwoDigests(t);
  t.equal(logs.length, 3);
  t.equal((await verify(dir)).code, 0, 'clean before tampering');
  const log0 = logs[0]!;
  const listedIn = `listed in: digest s3://${BUCKET}/${first} (2026-03-01T10:00:00Z to 2026-03-01T11:00:00Z)`;
  const original = await readFile(join(dir, log0));
  const originalHash = sha256(gunzipSync(original));

  const changed = gunzipSync(original).toString('utf8').replace('"clusterName":"one"', '"clusterName":"own"');
  await writeFile(join(dir, log0), gzipSync(changed));
  let r = await verify(dir);
  t.equal(r.code, 1);
  let block = failureBlock(r.err, `Log file\ts3://${BUCKET}/${log0}\tINVALID: hash value doesn't match`);
  t.ok(block, 'the CLI line is kept');
  t.match(block, `\n    file: ${join(dir, log0)}\n`, 'the file on disk');
  t.match(block, `    why: the digest recorded SHA-256 ${originalHash} of the uncompressed file; it now hashes to ${sha256(changed)}`);
  t.match(block, `\n    ${listedIn}`, 'the digest that lists it, with its period');

  await writeFile(join(dir, log0), Buffer.concat([original, gzipSync('{}')]));
  r = await verify(dir);
  block = failureBlock(r.err, `Log file\ts3://${BUCKET}/${log0}\tINVALID: invalid format`);
  t.match(block, 'why: cannot read it as one gzip member: more than one gzip member, or data after it');
  t.match(block, listedIn);

  await unlink(join(dir, log0));
  r = await verify(dir);
  block = failureBlock(r.err, `Log file\ts3://${BUCKET}/${log0}\tINVALID: not found`);
  t.match(block, `file: ${join(dir, log0)}\n    why: no file there\n    ${listedIn}`);
  await writeFile(join(dir, log0), original);

  const extra = log0.replace(/_[A-Za-z0-9]{16}\.json\.gz$/, '_ZZZZZZZZZZZZZZZZ.json.gz');
  await copyFile(join(dir, log0), join(dir, extra));
  r = await verify(dir);
  block = failureBlock(r.err, `Log file\ts3://${BUCKET}/${extra}\tINVALID: not listed in any digest`);
  t.match(block, `file: ${join(dir, extra)}`);
  t.match(block, /why: its name says it was delivered at 2026-03-01T10:\d\d:00Z, after digests began \(2026-03-01T10:00:00Z\), and no valid digest lists it/);
  await unlink(join(dir, extra));
  t.equal((await verify(dir)).code, 0, 'clean again');
});

t.test('a digest that is unreadable, incomplete, moved, unsigned, re-signed, removed or signed by an unknown key', async (t) => {
  const { dir, first, second } = await trailWithTwoDigests(t);
  const firstGz = await readFile(join(dir, first));
  const firstRaw = gunzipSync(firstGz);
  const sidecar = join(dir, `${first}.metadata.json`);
  const meta = await readFile(sidecar, 'utf8');
  const line = (key: string, reason: string) => `Digest file\ts3://${BUCKET}/${key}\tINVALID: ${reason}`;

  await writeFile(join(dir, first), gzipSync('not json'));
  let r = await verify(dir);
  let block = failureBlock(r.err, line(first, 'invalid format'));
  t.match(block, `file: ${join(dir, first)}`);
  t.match(block, "why: its content is not a digest's JSON object (");

  const doc = JSON.parse(firstRaw.toString('utf8'));
  const { digestS3Bucket: _gone, ...without } = doc;
  await writeFile(join(dir, first), gzipSync(JSON.stringify(without)));
  r = await verify(dir);
  t.match(failureBlock(r.err, line(first, 'invalid format')), 'why: it lacks digestS3Bucket');

  doc.logFiles[0].hashValue = sha256('forged');
  await writeFile(join(dir, first), gzipSync(JSON.stringify(doc)));
  r = await verify(dir);
  t.match(failureBlock(r.err, line(first, 'signature verification failed')), `why: the SHA256withRSA signature in ${sidecar} does not match the digest`);
  await writeFile(join(dir, first), firstGz);

  await unlink(sidecar);
  r = await verify(dir);
  t.match(failureBlock(r.err, line(first, 'signature verification failed')), `why: its signature side-car ${sidecar} is missing`);
  await writeFile(sidecar, JSON.stringify({ signature: 'ab', 'signature-algorithm': 'MD5withRSA' }));
  r = await verify(dir);
  t.match(failureBlock(r.err, line(first, 'signature verification failed')), `"signature-algorithm": "SHA256withRSA"; it has {"signature":"ab","signature-algorithm":"MD5withRSA"}`);
  await writeFile(sidecar, meta);

  r = await verify(dir, '--bucket', 'other-bucket');
  block = failureBlock(r.err, `Digest file\ts3://other-bucket/${first}\tINVALID: has been moved from its original location`);
  t.match(block, `why: it says it was delivered to s3://${BUCKET}/${first}, and it is at s3://other-bucket/${first} (verify with --bucket ${BUCKET}`);

  const emptyKeys = join(dir, 'no-keys.json');
  await writeFile(emptyKeys, JSON.stringify({ PublicKeyList: [] }));
  r = await verify(dir, '--public-keys', emptyKeys);
  t.match(failureBlock(r.err, `Digest file\ts3://${BUCKET}/${first}\tINVALID: public key not found in region us-east-1 for fingerprint ${doc.digestPublicKeyFingerprint}`), 'why: none of the 0 public keys given has that fingerprint; pass the trail\'s keys with --public-keys');

  // Re-signed with the trail's own key after a change: valid alone, but the next digest recorded
  // the original's hash, so the chain names the replaced digest and says which digest caught it.
  const pem = await readFile(join(dir, '.ecs-trail', 'keys', 'digest-signing-key.pem'), 'utf8');
  const forged = { ...JSON.parse(firstRaw.toString('utf8')), newestEventTime: '2026-03-01T10:59:00Z' };
  const forgedRaw = Buffer.from(JSON.stringify(forged));
  const toSign = `${forged.digestEndTime}\n${forged.digestS3Bucket}/${forged.digestS3Object}\n${sha256(forgedRaw)}\n${forged.previousDigestSignature ?? 'null'}`;
  await writeFile(join(dir, first), gzipSync(forgedRaw));
  await writeFile(sidecar, JSON.stringify({ signature: sign('sha256', Buffer.from(toSign), pem).toString('hex'), 'signature-algorithm': 'SHA256withRSA' }));
  r = await verify(dir);
  t.equal(r.code, 1);
  block = failureBlock(r.err, line(first, `hash value or signature doesn't match the next digest s3://${BUCKET}/${second}`));
  t.match(block, `file: ${join(dir, first)}`);
  t.match(block, `why: the next digest records previousDigestHashValue ${sha256(firstRaw)}, and this digest now hashes to ${sha256(forgedRaw)}`);
  await writeFile(join(dir, first), firstGz);
  await writeFile(sidecar, meta);

  await unlink(join(dir, first));
  r = await verify(dir);
  block = failureBlock(r.err, line(first, 'not found'));
  t.match(block, `file: ${join(dir, first)}\n    why: digest s3://${BUCKET}/${second} names it as the digest before it (previousDigestS3Object), and there is no such digest in this folder`);
  await writeFile(join(dir, first), firstGz);

  // The second digest re-signed to also list a file of the first hour: each digest is valid, the
  // file is listed twice, and both digests are named.
  const secondPath = join(dir, second);
  const secondGz = await readFile(secondPath);
  const secondMeta = await readFile(join(dir, `${second}.metadata.json`), 'utf8');
  const twice = JSON.parse(gunzipSync(secondGz).toString('utf8'));
  const firstListed = JSON.parse(firstRaw.toString('utf8')).logFiles[0];
  twice.logFiles.push(firstListed);
  const twiceRaw = Buffer.from(JSON.stringify(twice));
  const twiceToSign = `${twice.digestEndTime}\n${twice.digestS3Bucket}/${twice.digestS3Object}\n${sha256(twiceRaw)}\n${twice.previousDigestSignature}`;
  await writeFile(secondPath, gzipSync(twiceRaw));
  await writeFile(join(dir, `${second}.metadata.json`), JSON.stringify({ signature: sign('sha256', Buffer.from(twiceToSign), pem).toString('hex'), 'signature-algorithm': 'SHA256withRSA' }));
  r = await verify(dir);
  t.equal(r.code, 1);
  block = failureBlock(r.err, `Log file\ts3://${BUCKET}/${firstListed.s3Object}\tINVALID: listed in 2 digests`);
  t.match(block, `file: ${join(dir, firstListed.s3Object)}\n    why: a log file belongs to exactly one digest`);
  t.match(block, `listed in: digest s3://${BUCKET}/${first} (2026-03-01T10:00:00Z to 2026-03-01T11:00:00Z)`);
  t.match(block, `listed in: digest s3://${BUCKET}/${second} (2026-03-01T11:00:00Z to 2026-03-01T12:00:00Z)`);
  await writeFile(secondPath, secondGz);
  await writeFile(join(dir, `${second}.metadata.json`), secondMeta);

  r = await verify(dir);
  t.equal(r.code, 0, r.err);
  t.equal(r.err, '', 'no explanations when everything is valid');
});
