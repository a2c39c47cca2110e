import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrailLogger } from '../trail-writer.js';
import { writeFileAtomic } from '../delivery/write-object.js';
import { metadataKeyOf } from './digest-key.js';
import { sha256Hex, type DigestDocument, type DigestMetadata } from './digest-document.js';
import { accountRegions, listDigests, listLogObjects, readGzipFile } from './trail-folder.js';
import { pathUnder } from '../delivery/object-key.js';

/** A delivered log file waiting for its digest. */
export interface PendingLogFile {
  key: string;
  deliveredAt: number;
  sha256: string;
  oldestEventTime: number;
  newestEventTime: number;
}

/** Where an (account, region)'s digest chain stands. */
export interface Chain {
  accountId: string;
  region: string;
  /** Start of the next digest (= end of the previous one). */
  start: number;
  previous: { bucket: string; key: string; hash: string; signature: string } | null;
  pending: PendingLogFile[];
  /** Digests in a row that listed no log file (the chain ends after a day of them). */
  idle?: number;
}

/** What `verify` needs to know about the trail that wrote a folder: `<stateDir>/digest-trail.json`. */
export interface TrailSettings {
  trailName: string;
  homeRegion: string;
  bucket: string;
  prefix?: string | undefined;
  /** When this folder's trail first wrote digests (ISO): log files before it are not covered. */
  validationStartedAt: string;
}

export const SETTINGS_FILE = 'digest-trail.json';

export async function readTrailSettings(stateDir: string): Promise<TrailSettings | undefined> {
  try {
    return JSON.parse(await readFile(join(stateDir, SETTINGS_FILE), 'utf8')) as TrailSettings;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writeTrailSettings(
  stateDir: string,
  s: { trailName: string; homeRegion: string; bucket: string; prefix?: string | undefined; now: number },
): Promise<TrailSettings & { existed: boolean }> {
  const old = await readTrailSettings(stateDir);
  const settings: TrailSettings = {
    trailName: s.trailName,
    homeRegion: s.homeRegion,
    bucket: s.bucket,
    ...(s.prefix ? { prefix: s.prefix } : {}),
    validationStartedAt: old?.validationStartedAt ?? new Date(Math.floor(s.now / 1000) * 1000).toISOString(),
  };
  await writeFileAtomic(join(stateDir, SETTINGS_FILE), Buffer.from(`${JSON.stringify(settings, null, 2)}\n`));
  return { ...settings, existed: old !== undefined };
}

/** How far before the newest digest's end a log file no digest lists is still looked for. */
const RESCAN_MS = 7 * 24 * 3600 * 1000;

/**
 * Rebuild each (account, region)'s chain from the newest digest of this trail on disk, and queue the
 * log files delivered since then that no digest lists — those redelivered from the journal after a
 * crash, or delivered after the last digest of a run that did not close.
 */
export async function recoverChains(o: {
  root: string;
  prefix?: string | undefined;
  trailName: string;
  homeRegion: string;
  bucket: string;
  validationStartedAt: string;
  logger: TrailLogger;
}): Promise<Map<string, Chain>> {
  const chains = new Map<string, Chain>();
  const startedAt = Date.parse(o.validationStartedAt);
  for (const { accountId, region } of await accountRegions(o.root, o.prefix)) {
    const inRegion = await listDigests(o.root, o.prefix, accountId, region);
    const digests = inRegion.filter((d) => d.trailName === o.trailName && d.homeRegion === o.homeRegion && !d.backfill);
    const newest = digests.at(-1);
    let chain: Chain | undefined;
    let cutoff = startedAt;
    const listed = new Set<string>();
    if (newest) {
      cutoff = newest.endTime - RESCAN_MS;
      chain = { accountId, region, start: newest.endTime, previous: null, pending: [] };
      try {
        const body = await readGzipFile(newest.path);
        const doc = JSON.parse(body.toString('utf8')) as DigestDocument;
        const meta = JSON.parse(await readFile(pathUnder(o.root, metadataKeyOf(newest.key)), 'utf8')) as DigestMetadata;
        chain.start = Date.parse(doc.digestEndTime);
        chain.previous = { bucket: doc.digestS3Bucket, key: newest.key, hash: sha256Hex(body), signature: meta.signature };
      } catch (err) {
        // Unreadable: start a new chain (previousDigest* null), as CloudTrail does after a break.
        o.logger.warn({ err, key: newest.key }, 'newest digest file unreadable; starting a new digest chain');
      }
    }
    if (inRegion.length) {
      // Any trail's digests (another name or home region in an earlier run) already list their files.
      for (const d of inRegion) {
        // A final digest may list files named a few minutes past its end: read an hour more.
        if (d.endTime < cutoff - 3600 * 1000) continue;
        try {
          const doc = JSON.parse((await readGzipFile(d.path)).toString('utf8')) as DigestDocument;
          for (const f of doc.logFiles ?? []) listed.add(f.s3Object);
        } catch {
          // verify reports it; the writer only needs the lists it can read.
        }
      }
    }
    const pending: PendingLogFile[] = [];
    for (const log of await listLogObjects(o.root, o.prefix, accountId, region)) {
      if (log.stamp < cutoff || listed.has(log.key)) continue;
      try {
        pending.push(await describeLogFile(log.path, log.key, log.stamp));
      } catch (err) {
        o.logger.warn({ err, key: log.key }, 'log file unreadable; not listed in a digest');
      }
    }
    if (!chain && pending.length === 0) continue;
    // A log file is named for the end of its window, minutes after its records (a flush delivers it
    // early): a new chain starts with its oldest record, never at a name's time still to come.
    const oldest = pending.reduce((m, p) => Math.min(m, p.deliveredAt, p.oldestEventTime), Infinity);
    chain ??= { accountId, region, start: Math.max(startedAt, Math.floor(oldest / 1000) * 1000), previous: null, pending: [] };
    chain.pending = pending;
    chains.set(`${accountId}/${region}`, chain);
  }
  return chains;
}

async function describeLogFile(path: string, key: string, stamp: number): Promise<PendingLogFile> {
  const body = await readGzipFile(path);
  const doc = JSON.parse(body.toString('utf8')) as { Records: { eventTime: string }[] };
  const times = doc.Records.map((r) => Date.parse(r.eventTime)).filter((t) => Number.isFinite(t));
  return {
    key,
    deliveredAt: stamp,
    sha256: sha256Hex(body),
    oldestEventTime: times.length ? times.reduce((m, t) => Math.min(m, t), Infinity) : stamp,
    newestEventTime: times.length ? times.reduce((m, t) => Math.max(m, t), -Infinity) : stamp,
  };
}
