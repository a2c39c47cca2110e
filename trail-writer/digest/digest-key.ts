import { ACCOUNT_RE, REGION_RE, checkPrefix } from '../delivery/object-key.js';

export { isoSeconds } from '../record/java-date.js';

/**
 * Digest file keys, as CloudTrail lays them out:
 * `[prefix/]AWSLogs/<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/<acct>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz`
 * — the date folder and the stamp are the digest END time, to the second.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
export const TRAIL_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/;

const pad = (n: number) => String(n).padStart(2, '0');

export function digestStamp(ms: number): { stamp: string; day: string } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const mo = pad(d.getUTCMonth() + 1);
  const da = pad(d.getUTCDate());
  return {
    day: `${y}/${mo}/${da}`,
    stamp: `${y}${mo}${da}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`,
  };
}

export interface DigestKeyParts {
  prefix?: string | undefined;
  accountId: string;
  region: string;
  trailName: string;
  homeRegion: string;
  endTime: number;
}

export function digestKey(p: DigestKeyParts): string {
  if (!ACCOUNT_RE.test(p.accountId)) throw new Error(`refusing account id "${p.accountId}" in a path`);
  if (!REGION_RE.test(p.region) || !REGION_RE.test(p.homeRegion)) throw new Error(`refusing region "${p.region}" in a path`);
  if (!TRAIL_NAME_RE.test(p.trailName)) throw new Error(`refusing trail name "${p.trailName}"`);
  checkPrefix(p.prefix);
  const { stamp, day } = digestStamp(p.endTime);
  const head = p.prefix ? `${p.prefix}/` : '';
  return `${head}AWSLogs/${p.accountId}/CloudTrail-Digest/${p.region}/${day}/${p.accountId}_CloudTrail-Digest_${p.region}_${p.trailName}_${p.homeRegion}_${stamp}.json.gz`;
}

/** The S3 user metadata of a digest (`x-amz-meta-signature`, `x-amz-meta-signature-algorithm`) lives here. */
export function metadataKeyOf(digestKey: string): string {
  return `${digestKey}.metadata.json`;
}

const DIGEST_NAME_RE =
  /^(\d{12})_CloudTrail-Digest_([a-z]{2}(?:-[a-z]+)+-\d{1,2})_(.+)_([a-z]{2}(?:-[a-z]+)+-\d{1,2})_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz$/;

export interface ParsedDigestName {
  accountId: string;
  region: string;
  trailName: string;
  homeRegion: string;
  /** The end time in the name (ms). */
  endTime: number;
  backfill: boolean;
}

export function parseDigestName(name: string): ParsedDigestName | undefined {
  const m = DIGEST_NAME_RE.exec(name);
  if (!m) return undefined;
  return {
    accountId: m[1]!,
    region: m[2]!,
    trailName: m[3]!,
    homeRegion: m[4]!,
    endTime: stampToMs(m[5]!),
    backfill: m[6] !== undefined,
  };
}

const LOG_NAME_RE = /^(\d{12})_CloudTrail_([a-z]{2}(?:-[a-z]+)+-\d{1,2})_(\d{8}T\d{4}Z)_[A-Za-z0-9]{16}\.json\.gz$/;

/** The delivery time in a log file's name (ms), or undefined when it is not a log file name. */
export function logFileStamp(name: string): number | undefined {
  const m = LOG_NAME_RE.exec(name);
  if (!m) return undefined;
  const s = m[3]!;
  return stampToMs(`${s.slice(0, 13)}00Z`);
}

function stampToMs(s: string): number {
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
}
