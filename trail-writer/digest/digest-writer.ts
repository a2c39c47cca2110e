import { gzipSync } from 'node:zlib';
import { access } from 'node:fs/promises';
import { boundaryAfter, everyAlignedInterval } from '../delivery/aligned-timer.js';
import type { DeliveryListener, TrailClock, TrailLogger } from '../trail-writer.js';
import { checkPrefix, pathUnder, REGION_RE } from '../delivery/object-key.js';
import { writeFileAtomic } from '../delivery/write-object.js';
import { digestKey, isoSeconds, metadataKeyOf, TRAIL_NAME_RE } from './digest-key.js';
import { serializeDigest, sha256Hex, signDigest, stringToSign, type DigestDocument, type DigestMetadata } from './digest-document.js';
import { loadSigningKey, republishSigningKey, type SigningKey } from './signing-keys.js';
import { recoverChains, writeTrailSettings, type Chain, type PendingLogFile } from './digest-recovery.js';

export const DEFAULT_TRAIL_NAME = 'ecs-trail';
export const DEFAULT_BUCKET = 'ecs-trail-bucket';
const HOUR = 3600 * 1000;
/** After a long stop (or a simulated clock's jump), at most this many periods get digests of their own. */
const MAX_BACKLOG_PERIODS = 1000;
/**
 * A region's chain ends after this many digests in a row that list no log file. CloudTrail writes a
 * digest every hour for each region a trail logs, activity or not, and a chain breaks when logging
 * stops ("the chain of digest files is broken after one hour … The same applies whenever you stop
 * CloudTrail logging", https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/validate-logs.html;
 * digest structure: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
 * Here a "region a trail logs" is any (account, region) a call was ever made in: thousands of them,
 * each writing an empty digest every hour forever, would cost a file per scope per hour. So a scope
 * idle for a day is treated as a region no longer logged: its chain ends, it costs nothing, and a
 * call there later starts a new chain (previousDigest* null), which `verify` (like validate-logs)
 * reports as a period in which no log files were delivered.
 */
export const IDLE_DIGESTS_BEFORE_CHAIN_ENDS = 24;
const silent: TrailLogger = { info() {}, warn() {}, error() {} };

export interface DigestWriterOptions {
  /** The trail folder. */
  root: string;
  prefix?: string | undefined;
  /** `<root>/.ecs-trail`: the signing key and the published public keys live in `keys/`. */
  stateDir: string;
  /** Where delivered log files are announced (the TrailWriter). Open the source first: the log files it
   * delivers while opening (journal recovery) are found on disk instead. */
  source: {
    onDelivered(listener: DeliveryListener): void;
    /** A vanished folder made again: the keys and settings are written there again, chains start anew. */
    onFolderRecreated?(listener: () => Promise<void>): void;
    /** Set while the trail folder is gone: no digest is written then. */
    readonly unavailable?: Error | undefined;
  };
  clock: TrailClock;
  /** Digest period; CloudTrail delivers one digest an hour per region. */
  intervalMs?: number | undefined;
  /**
   * For a folder with no digests yet: when log file validation started (default: now). Periods are
   * counted from it, as CloudTrail's hourly digests are counted from when validation was turned on
   * (14:01:31 to 15:01:31 in AWS's example); a folder keeps the time it was first given.
   */
  validationStartedAt?: number | undefined;
  trailName?: string | undefined;
  /** The trail's home region (digest names carry it). */
  homeRegion: string;
  /** What digests record as `digestS3Bucket` / `s3Bucket`: the folder stands for this bucket. */
  bucket?: string | undefined;
  /**
   * An RSA private key in PEM to sign with, or its promise (the generator derives one from its seed
   * while the calls go on); default: the one in `<stateDir>/keys/`, made on first start.
   */
  signingKeyPem?: string | Promise<string> | undefined;
  /** Run a timer that writes each period's digests when it ends (the server). The generator calls deliverDue(). */
  timers?: boolean | undefined;
  /** false: no fsync of digest files (a generated trail is made again from its seed, not recovered). */
  durable?: boolean | undefined;
  /**
   * Whether the digest of a scope's period ending at `end` is written, or only made and signed (a
   * time shard of a generated trail chains its first digest to earlier ones it does not write).
   * Default: every digest is written.
   */
  writes?: ((accountId: string, region: string, end: number) => boolean) | undefined;
  logger?: TrailLogger | undefined;
}

type ResolvedOptions = DigestWriterOptions & { intervalMs: number; trailName: string; bucket: string };

/** Start loading the signing key; a failure is logged here and seen again by whoever awaits it. */
function loadKey(o: ResolvedOptions, now: number): Promise<SigningKey> {
  const key = Promise.resolve(o.signingKeyPem).then((pem) => loadSigningKey(o.stateDir, now, pem));
  key.catch((err: unknown) => (o.logger ?? silent).error({ err }, 'cannot load or create the digest signing key; digests wait until it can be'));
  return key;
}

/**
 * Log file integrity validation: every log file delivered is listed, with the SHA-256 of its
 * uncompressed content, in exactly one signed digest file; digests of an (account, region) form a
 * chain through `previousDigest*`.
 *
 * The digest's signature is S3 user metadata on AWS (`x-amz-meta-signature`,
 * `x-amz-meta-signature-algorithm`); a folder has none, so it sits beside the digest in
 * `<digest key>.metadata.json` as `{"signature": hex, "signature-algorithm": "SHA256withRSA"}` —
 * a name that does not end in `.json.gz`, so readers of log and digest files pass it by.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
export class DigestWriter {
  readonly #o: ResolvedOptions;
  /**
   * Loaded (or generated: an RSA-2048 key costs 100–600 ms of CPU) when first needed: when the first
   * log file is delivered (a digest will list it), or a digest or the fingerprint is asked for. Not at
   * open: start-up, and a server that delivers nothing, never pay for it. A load that failed (a full
   * disk while its public half was published) is tried again when the next digest is due.
   */
  #key: Promise<SigningKey> | undefined;
  readonly #chains: Map<string, Chain>;
  readonly #openedAt: number;
  /** Where periods fall: ends are `phase + k·interval`. */
  readonly #phase: number;
  readonly #log: TrailLogger;
  #queue: Promise<void> = Promise.resolve();
  #cancelTimer: (() => void) | undefined;
  #closed = false;
  #digestsWritten = 0;

  /** When the writer opened: the published key's validity starts then, whenever it is loaded. */
  readonly #now: number;

  private constructor(o: ResolvedOptions, now: number, chains: Map<string, Chain>, openedAt: number, validationStartedAt: number) {
    this.#o = o;
    this.#now = now;
    this.#chains = chains;
    this.#openedAt = openedAt;
    this.#phase = ((validationStartedAt % o.intervalMs) + o.intervalMs) % o.intervalMs;
    this.#log = o.logger ?? silent;
  }

  /**
   * Load (or make) the signing key, continue each (account, region)'s chain from its newest digest on
   * disk, pick up log files no digest lists yet, and start listening for deliveries.
   */
  static async open(opts: DigestWriterOptions): Promise<DigestWriter> {
    const o = { intervalMs: HOUR, trailName: DEFAULT_TRAIL_NAME, bucket: DEFAULT_BUCKET, ...opts };
    checkPrefix(o.prefix);
    if (!TRAIL_NAME_RE.test(o.trailName)) throw new Error(`trail name "${o.trailName}" is not a CloudTrail trail name`);
    if (!REGION_RE.test(o.homeRegion)) throw new Error(`home region "${o.homeRegion}" is not an AWS region name`);
    if (!(o.intervalMs >= 1000) || o.intervalMs % 1000 !== 0) throw new Error('the digest interval must be a whole number of seconds');
    const now = o.clock.now();
    const settings = await writeTrailSettings(o.stateDir, {
      trailName: o.trailName,
      homeRegion: o.homeRegion,
      bucket: o.bucket,
      prefix: o.prefix,
      now: Math.min(now, o.validationStartedAt ?? now),
    });
    const chains = await recoverChains({ ...o, validationStartedAt: settings.validationStartedAt, logger: o.logger ?? silent });
    const startedAt = Date.parse(settings.validationStartedAt);
    // A folder seen for the first time has been validated since then; a reopened one only from now on.
    const openedAt = settings.existed ? Math.floor(now / 1000) * 1000 : startedAt;
    // A digest never claims a period still to come: a new chain starts by now at the latest.
    for (const chain of chains.values()) if (chain.previous === null && chain.start > openedAt) chain.start = Math.max(openedAt, startedAt);
    const writer = new DigestWriter(o, now, chains, openedAt, startedAt);
    o.source.onDelivered((file) => {
      writer.#add(file.accountId, file.region, file.takenAt ?? writer.#o.clock.now(), {
        key: file.key,
        deliveredAt: file.deliveredAt,
        sha256: file.sha256,
        oldestEventTime: file.oldestEventTime,
        newestEventTime: file.newestEventTime,
      });
    });
    o.source.onFolderRecreated?.(() => writer.#folderRecreated(settings.validationStartedAt));
    if (o.timers) writer.#schedule();
    return writer;
  }

  async fingerprint(): Promise<string> {
    return (await this.#signingKey()).fingerprint;
  }

  /** The signing key; one that failed to load is loaded again (a new attempt per call until one succeeds). */
  #signingKey(): Promise<SigningKey> {
    const current = this.#key;
    if (current === undefined) return (this.#key = loadKey(this.#o, this.#now));
    return current.catch(() => {
      if (this.#key === current) this.#key = loadKey(this.#o, this.#o.clock.now());
      return this.#key!;
    });
  }

  get stats(): { digestsWritten: number; pendingLogFiles: number } {
    let pending = 0;
    for (const c of this.#chains.values()) pending += c.pending.length;
    return { digestsWritten: this.#digestsWritten, pendingLogFiles: pending };
  }

  /** The end of the period that `t` falls in (a period holds its end, not its start). */
  periodEndAfter(t: number): number {
    return boundaryAfter(t, this.#o.intervalMs, this.#phase);
  }

  /** A delivered file, for the next digest of its region; `takenAt` starts a region's chain. */
  #add(accountId: string, region: string, takenAt: number, file: PendingLogFile): void {
    const id = `${accountId}/${region}`;
    let chain = this.#chains.get(id);
    if (!chain) {
      // A region's chain starts with the period it was first seen in (not before the writer opened).
      const start = Math.max(this.#openedAt, this.periodEndAfter(takenAt) - this.#o.intervalMs);
      chain = { accountId, region, start, previous: null, pending: [] };
      this.#chains.set(id, chain);
    }
    if (!chain.pending.some((p) => p.key === file.key)) chain.pending.push(file);
    // A digest will list it: have the key ready by then (a failure is logged by loadKey).
    if (this.#key === undefined) this.#signingKey().catch(() => undefined);
  }

  /**
   * The folder was deleted and made again: publish the signing key there again (verify needs it),
   * and start every chain anew (the digests they chained to went with the old folder). Files still
   * waiting for a digest are kept if they are in the new folder.
   */
  #folderRecreated(validationStartedAt: string): Promise<void> {
    return this.#enqueue(async () => {
      const o = this.#o;
      await writeTrailSettings(o.stateDir, { trailName: o.trailName, homeRegion: o.homeRegion, bucket: o.bucket, prefix: o.prefix, now: Date.parse(validationStartedAt) });
      const key = await this.#signingKey().catch(() => undefined);
      if (key) await republishSigningKey(o.stateDir, key, o.clock.now(), o.signingKeyPem === undefined);
      for (const chain of this.#chains.values()) {
        chain.previous = null;
        const kept: PendingLogFile[] = [];
        for (const f of chain.pending) if (await access(pathUnder(o.root, f.key)).then(() => true, () => false)) kept.push(f);
        chain.pending = kept;
      }
    });
  }

  /** Write the digest of every period that has ended by `now`, for every region seen. */
  deliverDue(now: number = this.#o.clock.now()): Promise<void> {
    return this.#enqueue(async () => {
      const w = this.#o.intervalMs;
      for (const chain of this.#ordered()) {
        for (;;) {
          let end = this.periodEndAfter(chain.start);
          if (end > now) break;
          if ((now - end) / w > MAX_BACKLOG_PERIODS) end = this.periodEndAfter(now) - (MAX_BACKLOG_PERIODS + 1) * w;
          const empty = !chain.pending.some((f) => f.deliveredAt <= end);
          if (!(await this.#write(chain, end, (f) => f.deliveredAt <= end))) break;
          chain.idle = empty ? (chain.idle ?? 0) + 1 : 0;
          if (chain.idle >= IDLE_DIGESTS_BEFORE_CHAIN_ENDS && chain.pending.length === 0) {
            this.#chains.delete(`${chain.accountId}/${chain.region}`);
            break;
          }
        }
      }
    });
  }

  /** Write a digest now for every region with a period under way (the final digest, on close). */
  flush(): Promise<void> {
    return this.#enqueue(async () => {
      const now = Math.floor(this.#o.clock.now() / 1000) * 1000;
      for (const chain of this.#ordered()) {
        if (now <= chain.start && chain.pending.length === 0) continue;
        // Names have second precision: a digest always ends after the one before it.
        await this.#write(chain, Math.max(now, chain.start + 1000), () => true);
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelTimer?.();
    await this.deliverDue();
    await this.flush();
  }

  #ordered(): Chain[] {
    return [...this.#chains.values()].sort((a, b) =>
      a.accountId === b.accountId ? (a.region < b.region ? -1 : 1) : a.accountId < b.accountId ? -1 : 1,
    );
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Write one digest; false (logged, chain unchanged, files kept) when it cannot be written. */
  async #write(chain: Chain, end: number, select: (f: PendingLogFile) => boolean): Promise<boolean> {
    const o = this.#o;
    if (o.source.unavailable) return false; // the folder is gone: the digest waits until it is back
    const listed = chain.pending
      .filter(select)
      .sort((a, b) => b.deliveredAt - a.deliveredAt || b.newestEventTime - a.newestEventTime || (a.key < b.key ? 1 : -1));
    const key = digestKey({ prefix: o.prefix, accountId: chain.accountId, region: chain.region, trailName: o.trailName, homeRegion: o.homeRegion, endTime: end });
    const prev = chain.previous;
    let signingKey: SigningKey;
    try {
      signingKey = await this.#signingKey();
    } catch {
      return false; // logged by loadKey; the files stay pending for the next attempt
    }
    const doc: DigestDocument = {
      awsAccountId: chain.accountId,
      digestStartTime: isoSeconds(chain.start),
      digestEndTime: isoSeconds(end),
      digestS3Bucket: o.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: signingKey.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: listed.length ? isoSeconds(listed.reduce((m, f) => Math.max(m, f.newestEventTime), -Infinity)) : null,
      oldestEventTime: listed.length ? isoSeconds(listed.reduce((m, f) => Math.min(m, f.oldestEventTime), Infinity)) : null,
      previousDigestS3Bucket: prev?.bucket ?? null,
      previousDigestS3Object: prev?.key ?? null,
      previousDigestHashValue: prev?.hash ?? null,
      previousDigestHashAlgorithm: prev ? 'SHA-256' : null,
      previousDigestSignature: prev?.signature ?? null,
      logFiles: listed.map((f) => ({
        s3Bucket: o.bucket,
        s3Object: f.key,
        hashValue: f.sha256,
        hashAlgorithm: 'SHA-256',
        newestEventTime: isoSeconds(f.newestEventTime),
        oldestEventTime: isoSeconds(f.oldestEventTime),
      })),
    };
    const json = serializeDigest(doc);
    const signature = signDigest(stringToSign(doc, json), signingKey.privateKey);
    const meta: DigestMetadata = { signature, 'signature-algorithm': 'SHA256withRSA' };
    const written = o.writes?.(chain.accountId, chain.region, end) ?? true;
    try {
      // The signature first: a digest that exists always has its metadata.
      if (written) {
        await writeFileAtomic(pathUnder(o.root, metadataKeyOf(key)), Buffer.from(`${JSON.stringify(meta)}\n`), o.durable !== false);
        await writeFileAtomic(pathUnder(o.root, key), gzipSync(json), o.durable !== false);
      }
    } catch (err) {
      this.#log.error({ err, key }, 'digest file delivery failed; will retry');
      return false;
    }
    chain.previous = { bucket: o.bucket, key, hash: sha256Hex(json), signature };
    chain.start = end;
    const done = new Set(listed);
    chain.pending = chain.pending.filter((f) => !done.has(f));
    if (written) this.#digestsWritten++;
    return true;
  }

  #schedule(): void {
    this.#cancelTimer = everyAlignedInterval(this.#o.intervalMs, () => this.deliverDue(), () => this.#closed, this.#phase);
  }
}
