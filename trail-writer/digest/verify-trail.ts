import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { pathUnder } from '../delivery/object-key.js';
import { isoSeconds, metadataKeyOf } from './digest-key.js';
import { sha256Hex, stringToSign, verifyDigestSignature, type DigestDocument, type DigestMetadata } from './digest-document.js';
import { publicKeyOf, type PublicKeyEntry } from './signing-keys.js';
import { accountRegions, listDigests, listLogObjects, readGzipFile, type DigestObject, type LogObject } from './trail-folder.js';

/**
 * Checks a trail folder the way `aws cloudtrail validate-logs` checks a bucket: each digest's format,
 * location, public key and signature; the chain between digests; each listed log file's presence and
 * SHA-256. Beyond the CLI, it also reports log files on disk that no digest lists.
 * Messages use the CLI's wording (awscli/customizations/cloudtrail/validation.py).
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

export type VerifyMessage = { kind: 'invalid' | 'valid' | 'note'; text: string };

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

/** Log files of an (account, region) that no digest accounts for. */
export interface UnlistedReport {
  accountId: string;
  region: string;
  /** Not in any digest although delivered while validation was on: a failure. */
  unlisted: number;
  /** Delivered before validation started: notes only. Files delivered after the newest digest are
   * failures: a running emulator lists them at its next digest, a closed one has already. */
  notCovered: number;
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
    /** log key → how many valid digests list it; keys listed by unreadable-but-parsed digests count too. */
    const listed = new Map<string, number>();
    let firstStart = Infinity;
    for (const digests of groups.values()) {
      const chain = await verifyChain(o, keys, digests, listed);
      report.chains.push(chain);
      if (chain.foundStart) firstStart = Math.min(firstStart, Date.parse(chain.foundStart));
    }
    const logs = await listLogObjects(o.root, o.prefix, accountId, region);
    const u = unlistedLogs(o, accountId, region, logs, listed, firstStart);
    if (u.messages.length) report.unlisted.push(u);
  }
  report.ok =
    report.chains.every((c) => c.invalidDigests === 0 && c.invalidLogs === 0) &&
    report.unlisted.every((u) => u.unlisted === 0) &&
    (report.chains.length > 0 || report.unlisted.length === 0);
  return report;
}

async function loadDigest(o: VerifyOptions, keys: Map<string, KeyObject | null>, obj: DigestObject): Promise<{ d: LoadedDigest; error?: string }> {
  const d: LoadedDigest = { obj, bucket: o.bucket ?? '', valid: false };
  const where = () => `Digest file\ts3://${d.bucket}/${obj.key}\tINVALID:`;
  let body: Buffer;
  try {
    body = await readGzipFile(obj.path);
    d.doc = JSON.parse(body.toString('utf8')) as DigestDocument;
    if (typeof d.doc !== 'object' || d.doc === null) throw new Error('not an object');
  } catch {
    delete d.doc;
    return { d, error: `${where()} invalid format` };
  }
  const doc = d.doc;
  d.bucket = o.bucket ?? String(doc.digestS3Bucket);
  d.hash = sha256Hex(body);
  if (REQUIRED.some((k) => !(k in doc))) return { d, error: `${where()} invalid format` };
  if (doc.digestS3Bucket !== d.bucket || doc.digestS3Object !== obj.key) {
    return { d, error: `${where()} has been moved from its original location` };
  }
  const key = keys.get(doc.digestPublicKeyFingerprint);
  if (key === undefined) {
    return { d, error: `${where()} public key not found in region ${obj.homeRegion} for fingerprint ${doc.digestPublicKeyFingerprint}` };
  }
  if (key === null) {
    return { d, error: `${where()} Unable to load PKCS #1 key with fingerprint ${doc.digestPublicKeyFingerprint}` };
  }
  let meta: DigestMetadata;
  try {
    meta = JSON.parse(await readFile(pathUnder(o.root, metadataKeyOf(obj.key)), 'utf8')) as DigestMetadata;
  } catch {
    return { d, error: `${where()} signature verification failed` };
  }
  if (typeof meta.signature !== 'string' || meta['signature-algorithm'] !== 'SHA256withRSA') {
    return { d, error: `${where()} signature verification failed` };
  }
  d.signature = meta.signature;
  if (!verifyDigestSignature(stringToSign(doc, body), meta.signature, key)) {
    return { d, error: `${where()} signature verification failed` };
  }
  d.valid = true;
  return { d };
}

async function verifyChain(
  o: VerifyOptions,
  keys: Map<string, KeyObject | null>,
  digests: DigestObject[],
  listed: Map<string, number>,
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
  const errors = new Map<string, string>();
  for (const obj of digests) {
    const { d, error } = await loadDigest(o, keys, obj);
    byKey.set(obj.key, d);
    if (error) errors.set(obj.key, error);
  }
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
      r.messages.push({ kind: 'invalid', text: `Digest file\ts3://${prevBucket}/${prevKey}\tINVALID: not found` });
    } else if (prev.valid && (prev.hash !== doc.previousDigestHashValue || prev.signature !== doc.previousDigestSignature)) {
      errors.set(prevKey, `Digest file\ts3://${prev.bucket}/${prevKey}\tINVALID: hash value or signature doesn't match the next digest s3://${d.bucket}/${d.obj.key}`);
      prev.valid = false;
    }
  }
  // Newest first, as the CLI walks them.
  const ordered = [...byKey.values()].reverse();
  for (let i = 0; i < ordered.length; i++) {
    const d = ordered[i]!;
    const doc = d.doc;
    if (doc && Array.isArray(doc.logFiles)) {
      for (const f of doc.logFiles) listed.set(String(f.s3Object), (listed.get(String(f.s3Object)) ?? 0) + (d.valid ? 1 : 0));
    }
    if (!d.valid || !doc) {
      r.invalidDigests++;
      r.messages.push({ kind: 'invalid', text: errors.get(d.obj.key)! });
      continue;
    }
    r.validDigests++;
    r.messages.push({ kind: 'valid', text: `Digest file\ts3://${d.bucket}/${d.obj.key}\tvalid` });
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
    for (const f of doc.logFiles) await checkLogFile(o, d.bucket, f, r);
  }
  return r;
}

async function checkLogFile(o: VerifyOptions, bucket: string, f: DigestDocument['logFiles'][number], r: ChainReport): Promise<void> {
  const where = `Log file\ts3://${f.s3Bucket}/${f.s3Object}\t`;
  if (f.s3Bucket !== bucket) {
    r.invalidLogs++;
    r.messages.push({ kind: 'invalid', text: `${where}INVALID: not found` });
    return;
  }
  let body: Buffer;
  try {
    body = await readGzipFile(pathUnder(o.root, f.s3Object));
  } catch (err) {
    r.invalidLogs++;
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    r.messages.push({ kind: 'invalid', text: `${where}INVALID: ${missing ? 'not found' : 'invalid format'}` });
    return;
  }
  if (sha256Hex(body) !== f.hashValue) {
    r.invalidLogs++;
    r.messages.push({ kind: 'invalid', text: `${where}INVALID: hash value doesn't match` });
    return;
  }
  r.validLogs++;
  r.messages.push({ kind: 'valid', text: `${where}valid` });
}

function unlistedLogs(
  o: VerifyOptions,
  accountId: string,
  region: string,
  logs: LogObject[],
  listed: Map<string, number>,
  firstStart: number,
): UnlistedReport {
  const u: UnlistedReport = { accountId, region, unlisted: 0, notCovered: 0, messages: [] };
  const bucket = o.bucket ?? '<bucket>';
  for (const log of logs) {
    const n = listed.get(log.key) ?? 0;
    const where = `Log file\ts3://${bucket}/${log.key}\t`;
    if (n > 1) {
      u.unlisted++;
      u.messages.push({ kind: 'invalid', text: `${where}INVALID: listed in ${n} digests` });
    }
    if (listed.has(log.key)) continue;
    const before = Math.min(firstStart, o.validationStartedAt ?? Infinity);
    if (log.stamp < before) {
      u.notCovered++;
      u.messages.push({ kind: 'note', text: `${where}not covered: delivered before digests began (${isoSeconds(before)})` });
    } else {
      u.unlisted++;
      u.messages.push({ kind: 'invalid', text: `${where}INVALID: not listed in any digest` });
    }
  }
  return u;
}
