import { resolve, sep } from 'node:path';

/**
 * S3 object keys of delivered files, exactly as CloudTrail lays them out:
 * `[prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alnum>.json.gz`
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
 *
 * Every component is checked against its strict AWS pattern before it reaches a path, and the
 * resolved path must stay under the trail folder: request data can never choose where a file goes.
 */
export const ACCOUNT_RE = /^\d{12}$/;
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const UNIQUE_RE = /^[A-Za-z0-9]{16}$/;
const PREFIX_RE = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;

export function checkPrefix(prefix: string | undefined): void {
  if (prefix === undefined || prefix === '') return;
  if (!PREFIX_RE.test(prefix) || prefix.split('/').some((p) => p === '.' || p === '..')) {
    throw new Error(`Invalid trail prefix "${prefix}": use letters, digits and !_.*'()- separated by /.`);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYMMDDTHHmmZ` of a time, and its `YYYY/MM/DD` folder. */
export function stampOf(ms: number): { stamp: string; day: string } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const day = `${y}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  const stamp = `${y}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
  return { stamp, day };
}

export function logFileKey(opts: {
  prefix?: string | undefined;
  accountId: string;
  region: string;
  deliveredAt: number;
  unique: string;
}): string {
  const { accountId, region, unique } = opts;
  if (!ACCOUNT_RE.test(accountId)) throw new Error(`refusing account id "${accountId}" in a path`);
  if (!REGION_RE.test(region)) throw new Error(`refusing region "${region}" in a path`);
  if (!UNIQUE_RE.test(unique)) throw new Error(`refusing file suffix "${unique}"`);
  checkPrefix(opts.prefix);
  const { stamp, day } = stampOf(opts.deliveredAt);
  const head = opts.prefix ? `${opts.prefix}/` : '';
  return `${head}AWSLogs/${accountId}/CloudTrail/${region}/${day}/${accountId}_CloudTrail_${region}_${stamp}_${unique}.json.gz`;
}

/** The file a key maps to under `root`; throws if it would leave `root`. */
export function pathUnder(root: string, key: string): string {
  const base = resolve(root);
  const full = resolve(base, ...key.split('/'));
  if (!full.startsWith(base + sep)) throw new Error(`refusing path outside the trail folder: ${key}`);
  return full;
}
