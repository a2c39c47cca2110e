import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { ACCOUNT_RE, REGION_RE } from '../delivery/object-key.js';
import { logFileStamp, parseDigestName, type ParsedDigestName } from './digest-key.js';

/** Reading a trail folder laid out like CloudTrail's bucket: which digests and log files it holds. */
export interface DigestObject extends ParsedDigestName {
  key: string;
  path: string;
}

export interface LogObject {
  key: string;
  path: string;
  accountId: string;
  region: string;
  /** The time in the file name (ms). */
  stamp: number;
}

async function dirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

async function files(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Every file under `<base>/YYYY/MM/DD/`, with its key relative to the folder root. */
async function datedFiles(root: string, keyBase: string): Promise<{ key: string; name: string; path: string }[]> {
  const out: { key: string; name: string; path: string }[] = [];
  const base = join(root, ...keyBase.split('/'));
  for (const y of await dirs(base)) {
    for (const m of await dirs(join(base, y))) {
      for (const d of await dirs(join(base, y, m))) {
        const dir = join(base, y, m, d);
        for (const name of await files(dir)) out.push({ key: `${keyBase}/${y}/${m}/${d}/${name}`, name, path: join(dir, name) });
      }
    }
  }
  return out;
}

function awsLogsBase(prefix: string | undefined): string {
  return prefix ? `${prefix}/AWSLogs` : 'AWSLogs';
}

/** The (account, region) pairs present under `AWSLogs/` in either the log or the digest tree. */
export async function accountRegions(root: string, prefix?: string): Promise<{ accountId: string; region: string }[]> {
  const out = new Map<string, { accountId: string; region: string }>();
  const logs = join(root, ...awsLogsBase(prefix).split('/'));
  for (const acct of await dirs(logs)) {
    if (!ACCOUNT_RE.test(acct)) continue;
    for (const tree of ['CloudTrail', 'CloudTrail-Digest']) {
      for (const region of await dirs(join(logs, acct, tree))) {
        if (REGION_RE.test(region)) out.set(`${acct}/${region}`, { accountId: acct, region });
      }
    }
  }
  return [...out.values()];
}

/** Digest files of one (account, region), oldest first (by the end time in their names). */
export async function listDigests(root: string, prefix: string | undefined, accountId: string, region: string): Promise<DigestObject[]> {
  const out: DigestObject[] = [];
  for (const f of await datedFiles(root, `${awsLogsBase(prefix)}/${accountId}/CloudTrail-Digest/${region}`)) {
    const parsed = parseDigestName(f.name);
    if (parsed && parsed.accountId === accountId && parsed.region === region) out.push({ ...parsed, key: f.key, path: f.path });
  }
  return out.sort((a, b) => a.endTime - b.endTime || (a.key < b.key ? -1 : 1));
}

/** Log files of one (account, region), oldest first. */
export async function listLogObjects(root: string, prefix: string | undefined, accountId: string, region: string): Promise<LogObject[]> {
  const out: LogObject[] = [];
  for (const f of await datedFiles(root, `${awsLogsBase(prefix)}/${accountId}/CloudTrail/${region}`)) {
    const stamp = logFileStamp(f.name);
    if (stamp !== undefined && f.name.startsWith(`${accountId}_CloudTrail_${region}_`)) {
      out.push({ key: f.key, path: f.path, accountId, region, stamp });
    }
  }
  return out.sort((a, b) => a.stamp - b.stamp || (a.key < b.key ? -1 : 1));
}

/**
 * The uncompressed content of a `.json.gz` that is one gzip member with nothing after it, as
 * CloudTrail writes them; anything else throws (the caller reports "invalid format").
 */
export function gunzipSingleMember(gz: Buffer): Buffer {
  const body = gunzipSync(gz);
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new Error('not a gzip file');
  const flags = gz[3]!;
  let at = 10;
  if (flags & 4) at += 2 + gz.readUInt16LE(at);
  if (flags & 8) at = gz.indexOf(0, at) + 1;
  if (flags & 16) at = gz.indexOf(0, at) + 1;
  if (flags & 2) at += 2;
  const raw = inflateRawSync(gz.subarray(at), { info: true }) as unknown as { engine: { bytesWritten: number } };
  if (at + raw.engine.bytesWritten + 8 !== gz.length) throw new Error('more than one gzip member, or data after it');
  return body;
}

export async function readGzipFile(path: string): Promise<Buffer> {
  return gunzipSingleMember(await readFile(path));
}
