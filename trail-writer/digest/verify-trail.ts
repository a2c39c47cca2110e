import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { pathUnder } from '../delivery/object-key.js';
import { isoSeconds, metadataKeyOf } from './digest-key.js';
import { sha256Hex, stringToSign, verifyDigestSignature, type DigestDocument, type DigestMetadata } from './digest-document.js';
import { publicKeyOf, type PublicKeyEntry } from './signing-keys.js';
import { accountRegions, listDigests, listLogObjects, readGzipFile, type DigestObject } from './trail-folder.js';
import { checkLogFile, readFailure, unlistedLogs, type ListingDigest, type UnlistedReport, type VerifyMessage } from './verify-log-files.js';

export type { UnlistedReport, VerifyMessage } from './verify-log-files.js';

/**
 * Checks a trail folder the way `aws cloudtrail validate-logs` checks a bucket: each digest's format,
 * location, public key and signature; the chain between digests; each listed log file's presence and
 * SHA-256. Beyond the CLI, it also reports log files on disk that no digest lists.
 * Each message's first line uses the CLI's wording (awscli/customizations/cloudtrail/validation.py);
 * its `detail` lines name the file on disk, the digest involved and why the check failed.
 */
export interface VerifyOptions {
  root: string;
  prefix?: string | undefined;
  /** The bucket the folder stands for; undefined: each digest's own `digestS3Bucket`. */
  bucket?: string | undefined;
  publicKeys: PublicKeyEntry[];
  /** Only this trail's digests; default: every trail found. */
  trailName?: string | undefined;
  /** Log files delivered before this (ms) are not expected in digests. */
  validationStartedAt?: number | undefined;
}

export interface ChainReport {
  accountId: string;
  region: string;
  trailName: string;
  homeRegion: string;
  foundStart?: string | undefined;
  foundEnd?: string | undefined;
  validDigests: number;
  invalidDigests: number;
  validLogs: number;
  invalidLogs: number;
  messages: VerifyMessage[];
}

export interface VerifyReport {
  chains: ChainReport[];
  unlisted: UnlistedReport[];
  ok: boolean;
}

const REQUIRED = ['digestPublicKeyFingerprint', 'digestS3Bucket', 'digestS3Object', 'previousDigestSignature', 'digestEndTime', 'digestStartTime'];

interface LoadedDigest {
  obj: DigestObject;
  bucket: string;
  doc?: DigestDocument;
  hash?: string;
  signature?: string;
  valid: boolean;
}

export async function verifyTrail(o: VerifyOptions): Promise<VerifyReport> {
  const keys = new Map<string, KeyObject | null>();
  for (const k of o.publicKeys) {
    try {
      keys.set(k.Fingerprint, publicKeyOf(k));
    } catch {
      keys.set(k.Fingerprint, null);
    }
  }
  const report: VerifyReport = { chains: [], unlisted: [], ok: true };
  for (const { accountId, region } of await accountRegions(o.root, o.prefix)) {
    const all = await listDigests(o.root, o.prefix, accountId, region);
    const groups = new Map<string, DigestObject[]>();
    for (const d of all) {
      if (o.trailName && d.trailName !== o.trailName) continue;
      const id = `${d.trailName}/${d.homeRegion}`;
      groups.set(id, [...(groups.get(id) ?? []), d]);
    }
    const listed = new Map<string, ListingDigest[]>();
    let firstStart = Infinity;
    for (const digests of groups.values()) {
      const chain = await verifyChain(o, keys, digests, listed);
      report.chains.push(chain);
      if (chain.foundStart) firstStart = Math.min(firstStart, Date.parse(chain.foundStart));
    }
    const logs = await listLogObjects(o.root, o.prefix, accountId, region);
    const u = unlistedLogs(o.bucket, o.validationStartedAt, accountId, region, logs, listed, firstStart);
    if (u.messages.length) report.unlisted.push(u);
  }
  report.ok =
    report.chains.every((c) => c.invalidDigests === 0 && c.invalidLogs === 0) &&
    report.unlisted.every((u) => u.unlisted === 0) &&
    (report.chains.length > 0 || report.unlisted.length === 0);
  return report;
}

/** A digest that failed: the CLI's reason, then the lines that explain it. */
interface DigestFailure {
  reason: string;
  detail: string[];
}

async function loadDigest(o: VerifyOptions, keys: Map<string, KeyObject | null>, obj: DigestObject): Promise<{ d: LoadedDigest; error?: DigestFailure }> {
  const d: LoadedDigest = { obj, bucket: o.bucket ?? '', valid: false };
  const fail = (reason: string, ...why: string[]) => ({ d, error: { reason, detail: [`file: ${obj.path}`, ...why] } });
  let body: Buffer;
  try {
    body = await readGzipFile(obj.path);
  } catch (err) {
    return fail('invalid format', `why: ${readFailure(err)}`);
  }
  try {
    d.doc = JSON.parse(body.toString('utf8')) as DigestDocument;
    if (typeof d.doc !== 'object' || d.doc === null || Array.isArray(d.doc)) throw new Error('not a JSON object');
  } catch (err) {
    delete d.doc;
    return fail('invalid format', `why: its content is not a digest's JSON object (${(err as Error).message})`);
  }
  const doc = d.doc;
  d.bucket = o.bucket ?? String(doc.digestS3Bucket);
  d.hash = sha256Hex(body);
  const missing = REQUIRED.filter((k) => !(k in doc));
  if (missing.length) return fail('invalid format', `why: it lacks ${missing.join(', ')}`);
  if (doc.digestS3Bucket !== d.bucket || doc.digestS3Object !== obj.key) {
    return fail(
      'has been moved from its original location',
      `why: it says it was delivered to s3://${String(doc.digestS3Bucket)}/${String(doc.digestS3Object)}, and it is at s3://${d.bucket}/${obj.key}` +
        (doc.digestS3Bucket !== d.bucket && doc.digestS3Object === obj.key ? ` (verify with --bucket ${String(doc.digestS3Bucket)} if that is the bucket this folder stands for)` : ''),
    );
  }
  const fingerprint = String(doc.digestPublicKeyFingerprint);
  const key = keys.get(fingerprint);
  if (key === undefined) {
    const known = [...keys.keys()];
    return fail(
      `public key not found in region ${obj.homeRegion} for fingerprint ${fingerprint}`,
      `why: none of the ${known.length} public keys given has that fingerprint${known.length ? ` (they have ${known.join(', ')})` : ''}; pass the trail's keys with --public-keys`,
    );
  }
  if (key === null) {
    return fail(`Unable to load PKCS #1 key with fingerprint ${fingerprint}`, 'why: the published key with that fingerprint is not a base64 DER PKCS #1 RSA public key');
  }
  const sidecar = pathUnder(o.root, metadataKeyOf(obj.key));
  let meta: DigestMetadata;
  try {
    meta = JSON.parse(await readFile(sidecar, 'utf8')) as DigestMetadata;
  } catch (err) {
    const gone = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return fail('signature verification failed', `why: its signature side-car ${sidecar} ${gone ? 'is missing' : `is not JSON (${(err as Error).message})`}`);
  }
  if (typeof meta.signature !== 'string' || meta['signature-algorithm'] !== 'SHA256withRSA') {
    return fail(
      'signature verification failed',
      `why: its side-car ${sidecar} must hold a hex "signature" and "signature-algorithm": "SHA256withRSA"; it has ${JSON.stringify(meta)}`,
    );
  }
  d.signature = meta.signature;
  if (!verifyDigestSignature(stringToSign(doc, body), meta.signature, key)) {
    return fail(
      'signature verification failed',
      `why: the SHA256withRSA signature in ${sidecar} does not match the digest: its content (or the previous digest's signature it repeats) changed after signing, or another key signed it`,
    );
  }
  d.valid = true;
  return { d };
}

async function verifyChain(
  o: VerifyOptions,
  keys: Map<string, KeyObject | null>,
  digests: DigestObject[],
  listed: Map<string, ListingDigest[]>,
): Promise<ChainReport> {
  const first = digests[0]!;
  const r: ChainReport = {
    accountId: first.accountId,
    region: first.region,
    trailName: first.trailName,
    homeRegion: first.homeRegion,
    validDigests: 0,
    invalidDigests: 0,
    validLogs: 0,
    invalidLogs: 0,
    messages: [],
  };
  const byKey = new Map<string, LoadedDigest>();
  const errors = new Map<string, DigestFailure>();
  for (const obj of digests) {
    const { d, error } = await loadDigest(o, keys, obj);
    byKey.set(obj.key, d);
    if (error) errors.set(obj.key, error);
  }
  const at = (d: LoadedDigest) => `s3://${d.bucket}/${d.obj.key}`;
  // The chain: each digest names the one before it, its hash and its signature (which its own
  // signature covers), so a replaced, removed or re-signed predecessor shows.
  for (const d of byKey.values()) {
    const doc = d.doc;
    if (!d.valid || !doc || doc.previousDigestS3Object === null || doc.previousDigestS3Object === undefined) continue;
    const prevKey = String(doc.previousDigestS3Object);
    const prev = byKey.get(prevKey);
    const prevBucket = String(doc.previousDigestS3Bucket);
    if (!prev) {
      r.invalidDigests++;
      let expected: string;
      try {
        expected = pathUnder(o.root, prevKey);
      } catch (err) {
        expected = (err as Error).message;
      }
      r.messages.push({
        kind: 'invalid',
        text: `Digest file\ts3://${prevBucket}/${prevKey}\tINVALID: not found`,
        detail: [`file: ${expected}`, `why: digest ${at(d)} names it as the digest before it (previousDigestS3Object), and there is no such digest in this folder`],
      });
    } else if (prev.valid && (prev.hash !== doc.previousDigestHashValue || prev.signature !== doc.previousDigestSignature)) {
      const what =
        prev.hash !== doc.previousDigestHashValue
          ? `records previousDigestHashValue ${String(doc.previousDigestHashValue)}, and this digest now hashes to ${prev.hash}`
          : 'records a previousDigestSignature other than the signature in this digest\'s side-car';
      errors.set(prevKey, {
        reason: `hash value or signature doesn't match the next digest ${at(d)}`,
        detail: [`file: ${prev.obj.path}`, `why: the next digest ${what}: this digest was replaced or re-signed after the next one was written`],
      });
      prev.valid = false;
    }
  }
  // Newest first, as the CLI walks them.
  const ordered = [...byKey.values()].reverse();
  for (let i = 0; i < ordered.length; i++) {
    const d = ordered[i]!;
    const doc = d.doc;
    if (doc && Array.isArray(doc.logFiles)) {
      for (const f of doc.logFiles) {
        const by = listed.get(String(f.s3Object)) ?? [];
        if (d.valid) by.push({ bucket: d.bucket, key: d.obj.key, doc });
        listed.set(String(f.s3Object), by);
      }
    }
    if (!d.valid || !doc) {
      const e = errors.get(d.obj.key)!;
      r.invalidDigests++;
      r.messages.push({ kind: 'invalid', text: `Digest file\t${at(d)}\tINVALID: ${e.reason}`, detail: e.detail });
      continue;
    }
    r.validDigests++;
    r.messages.push({ kind: 'valid', text: `Digest file\t${at(d)}\tvalid` });
    const start = Date.parse(doc.digestStartTime);
    const end = Date.parse(doc.digestEndTime);
    if (!r.foundStart || start < Date.parse(r.foundStart)) r.foundStart = isoSeconds(start);
    if (!r.foundEnd || end > Date.parse(r.foundEnd)) r.foundEnd = isoSeconds(end);
    if (doc.previousDigestS3Object === null && ordered.slice(i + 1).some((x) => x.doc)) {
      const older = ordered.slice(i + 1).find((x) => x.doc)!;
      r.messages.push({
        kind: 'note',
        text: `No log files were delivered by CloudTrail between ${String(older.doc!.digestEndTime)} and ${doc.digestStartTime}`,
      });
    }
    for (const f of doc.logFiles) await checkLogFile(o.root, { bucket: d.bucket, key: d.obj.key, doc }, f, r);
  }
  return r;
}
