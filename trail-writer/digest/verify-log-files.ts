import { pathUnder } from '../delivery/object-key.js';
import { isoSeconds } from './digest-key.js';
import { sha256Hex, type DigestDocument } from './digest-document.js';
import { readGzipFile, type LogObject } from './trail-folder.js';

/**
 * The log-file half of `verifyTrail`: each file a valid digest lists is present and unchanged, and
 * each file on disk is listed by exactly one digest. The first line of every message keeps the AWS
 * CLI's wording (validate-logs); `detail` says, for a person, which file on disk, which digest, and why.
 */
export type VerifyMessage = { kind: 'invalid' | 'valid' | 'note'; text: string; detail?: string[] };

export interface LogCheckCounts {
  validLogs: number;
  invalidLogs: number;
  messages: VerifyMessage[];
}

/** Where a digest came from, to name it in a log file's explanation. */
export interface ListingDigest {
  bucket: string;
  key: string;
  doc: Pick<DigestDocument, 'digestStartTime' | 'digestEndTime'>;
}

/** Log files of an (account, region) that no digest accounts for. */
export interface UnlistedReport {
  accountId: string;
  region: string;
  /** Not in any digest although delivered while validation was on, or in more than one: failures. */
  unlisted: number;
  /** Delivered before validation started: notes only. Files delivered after the newest digest are
   * failures: a running emulator lists them at its next digest, a closed one has already. */
  notCovered: number;
  messages: VerifyMessage[];
}

const listedBy = (d: ListingDigest) =>
  `listed in: digest s3://${d.bucket}/${d.key} (${d.doc.digestStartTime} to ${d.doc.digestEndTime})`;

/** A short reason for an error thrown while reading a `.json.gz`. */
export function readFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no file there';
  return `cannot read it as one gzip member: ${e.message}`;
}

export async function checkLogFile(
  root: string,
  digest: ListingDigest,
  f: DigestDocument['logFiles'][number],
  r: LogCheckCounts,
): Promise<void> {
  const where = `Log file\ts3://${f.s3Bucket}/${f.s3Object}\t`;
  const fail = (text: string, ...why: string[]) => {
    r.invalidLogs++;
    r.messages.push({ kind: 'invalid', text: `${where}INVALID: ${text}`, detail: [...why, listedBy(digest)] });
  };
  if (f.s3Bucket !== digest.bucket) {
    fail('not found', `why: the digest lists it in bucket ${f.s3Bucket}, and this folder stands for bucket ${digest.bucket}`);
    return;
  }
  let path: string;
  try {
    path = pathUnder(root, f.s3Object);
  } catch (err) {
    fail('invalid format', `why: ${(err as Error).message}`);
    return;
  }
  let body: Buffer;
  try {
    body = await readGzipFile(path);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    fail(missing ? 'not found' : 'invalid format', `file: ${path}`, `why: ${readFailure(err)}`);
    return;
  }
  const actual = sha256Hex(body);
  if (actual !== f.hashValue) {
    fail(
      "hash value doesn't match",
      `file: ${path}`,
      `why: the digest recorded SHA-256 ${f.hashValue} of the uncompressed file; it now hashes to ${actual}, so its content changed after delivery`,
    );
    return;
  }
  r.validLogs++;
  r.messages.push({ kind: 'valid', text: `${where}valid` });
}

/**
 * @param listed log key → the valid digests listing it; keys listed only by digests that failed
 *   their own checks map to an empty list (they are reported through those digests, not here).
 * @param firstStart the earliest start of a valid digest (ms), Infinity when there is none.
 */
export function unlistedLogs(
  bucketName: string | undefined,
  validationStartedAt: number | undefined,
  accountId: string,
  region: string,
  logs: LogObject[],
  listed: Map<string, ListingDigest[]>,
  firstStart: number,
): UnlistedReport {
  const u: UnlistedReport = { accountId, region, unlisted: 0, notCovered: 0, messages: [] };
  const bucket = bucketName ?? '<bucket>';
  for (const log of logs) {
    const by = listed.get(log.key);
    const where = `Log file\ts3://${bucket}/${log.key}\t`;
    if (by && by.length > 1) {
      u.unlisted++;
      u.messages.push({
        kind: 'invalid',
        text: `${where}INVALID: listed in ${by.length} digests`,
        detail: [`file: ${log.path}`, 'why: a log file belongs to exactly one digest', ...by.map(listedBy)],
      });
    }
    if (by) continue;
    const before = Math.min(firstStart, validationStartedAt ?? Infinity);
    if (log.stamp < before) {
      u.notCovered++;
      u.messages.push({ kind: 'note', text: `${where}not covered: delivered before digests began (${isoSeconds(before)})` });
    } else {
      u.unlisted++;
      u.messages.push({
        kind: 'invalid',
        text: `${where}INVALID: not listed in any digest`,
        detail: [
          `file: ${log.path}`,
          `why: its name says it was delivered at ${isoSeconds(log.stamp)}, after digests began (${isoSeconds(before)}), and no valid digest lists it: it was added or renamed after delivery, or the digest that listed it is gone or invalid`,
        ],
      });
    }
  }
  return u;
}
