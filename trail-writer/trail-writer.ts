import { boundaryAfter, everyAlignedInterval } from './delivery/aligned-timer.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallRecord } from './call-record.js';
import { buildRecord, fieldsOf, recordJson, type RecordFields } from './record/build-record.js';
import { Journal, JournalDetachedError } from './journal/journal.js';
import { doneLine, intentLine, recordLineHead } from './journal/journal-lines.js';
import { openTrailFolder } from './open-trail-folder.js';
import { readUndelivered } from './journal/journal-recovery.js';
import { fileBody, PendingBatches, recordsOf, type PendingBatch } from './delivery/pending-batches.js';
import { logFileKey, pathUnder, checkPrefix, ACCOUNT_RE, REGION_RE } from './delivery/object-key.js';
import { writeFileAtomic } from './delivery/write-object.js';
import { CompressionQueue, type Compressed } from './delivery/compression-queue.js';
import type { FolderLock } from './folder-lock.js';
import { JournalSegments } from './journal/journal-segments.js';
import type { DeliveredLogFile, DeliveryListener, JournaledRecord, RecordListener, TrailLogger, TrailWriterOptions } from './trail-writer-options.js';

export type * from './trail-writer-options.js';

/** A batch taken for delivery: its file's name, and its compression and hash (started in turn). */
interface PreparedFile {
  batch: PendingBatch;
  key: string;
  deliveredAt: number;
  takenAt: number;
  work: Promise<Compressed>;
}

/** New calls are refused: too much is waiting for a delivery that keeps failing. */
export class TrailBackpressureError extends Error {}

const FIVE_MINUTES = 5 * 60 * 1000;
const MiB = 1024 * 1024;
/** How often a lost folder is looked for again, at most (each call would otherwise try). */
const REATTACH_EVERY_MS = 500;
const silent: TrailLogger = { info() {}, warn() {}, error() {} };

/**
 * Turns finished calls into CloudTrail records, makes them durable in the journal before the call is
 * acknowledged, and delivers them as gzip'd log files per (account, region) and window.
 */
export class TrailWriter {
  readonly root: string;
  readonly stateDir: string;
  readonly #opts: Required<Pick<TrailWriterOptions, 'windowMs' | 'maxRecordsPerFile' | 'journalSegmentBytes' | 'maxUndeliveredBytes'>> &
    TrailWriterOptions;
  readonly #journal: Journal;
  readonly #segments: JournalSegments;
  readonly #pending: PendingBatches;
  readonly #compression: CompressionQueue;
  readonly #listeners: DeliveryListener[] = [];
  readonly #recordListeners: RecordListener[] = [];
  readonly #folderListeners: Array<() => Promise<void>> = [];
  readonly #log: TrailLogger;
  #lock: FolderLock | undefined;
  #seq = 0;
  #delivering: Promise<void> = Promise.resolve();
  /** Bytes of batches taken for delivery and not delivered yet (they still count against the bound). */
  #inDelivery = 0;
  /** Bytes of records being journaled (accepted by the bound, not yet pending). */
  #journaling = 0;
  #earlyFlush = false;
  #cancelTimer: (() => void) | undefined;
  #closed = false;
  /** Why records cannot be made durable now (the folder is gone): calls are refused until it is back. */
  #lost: Error | undefined;
  #reattaching: Promise<void> | undefined;
  #lastReattach = 0;
  /** Counts journals: a recreated folder's journal is a new one (delivery intents are written again). */
  #generation = 0;
  #recordsWritten = 0;
  #filesDelivered = 0;

  private constructor(opts: TrailWriterOptions) {
    checkPrefix(opts.prefix);
    this.#opts = {
      windowMs: FIVE_MINUTES,
      maxRecordsPerFile: 5000,
      journalSegmentBytes: 16 * MiB,
      maxUndeliveredBytes: 64 * MiB,
      ...opts,
    };
    this.root = opts.root;
    this.stateDir = opts.stateDir ?? join(opts.root, '.ecs-trail');
    this.#journal = new Journal(join(this.stateDir, 'journal'), { sync: opts.fsync });
    this.#log = opts.logger ?? silent;
    this.#segments = new JournalSegments(this.#journal, join(this.stateDir, 'journal'), this.#log);
    this.#pending = new PendingBatches(this.#opts.maxRecordsPerFile);
    // A journaled writer's calls wait on the journal's fdatasync, which runs on the same thread pool
    // (4 threads) as gzip: one file compressing at a time leaves it threads to run on at once (four
    // gzips of full files held it back for 100+ ms, the bench's p99). One thread of gzip still
    // keeps up with every record a busy server makes; without a journal nothing waits, so all may run.
    this.#compression = new CompressionQueue(undefined, opts.durable === false ? 4 : 1);
  }

  /**
   * Open the trail folder: take its lock (one writer per folder: a second one is refused before it
   * touches anything), check it is writable, replay the journal of an earlier run (delivering every
   * record it holds that no log file holds yet), and start a fresh journal segment.
   */
  static async open(opts: TrailWriterOptions): Promise<TrailWriter> {
    const writer = new TrailWriter(opts);
    writer.#lock = await openTrailFolder(writer.root, writer.stateDir, {
      heartbeatMs: opts.lockHeartbeatMs,
      staleMs: opts.lockStaleMs,
      folderOption: opts.folderOption,
      onLost: (why) => writer.#folderLost(new Error(`the trail folder's lock was lost (${why})`)),
    });
    try {
      await writer.#recover();
    } catch (err) {
      await writer.#lock?.release();
      throw err;
    }
    if (opts.timers) writer.#scheduleWindow();
    return writer;
  }

  get stats(): { recordsWritten: number; filesDelivered: number; pending: number; undeliveredBytes: number } {
    return {
      recordsWritten: this.#recordsWritten,
      filesDelivered: this.#filesDelivered,
      pending: this.#pending.count,
      undeliveredBytes: this.#pending.bytes + this.#inDelivery,
    };
  }

  /** Undefined while records can be made durable; else why not (the trail folder is gone). */
  get unavailable(): Error | undefined {
    return this.#lost;
  }

  onDelivered(listener: DeliveryListener): void {
    this.#listeners.push(listener);
  }

  onRecord(listener: RecordListener): void {
    this.#recordListeners.push(listener);
  }

  /** Called once a vanished trail folder has been made again (digests publish their keys there again). */
  onFolderRecreated(listener: () => Promise<void>): void {
    this.#folderListeners.push(listener);
  }

  /** Build the record for a call and resolve once it is durable. Rejects if it cannot be made so. */
  async append(call: CallRecord): Promise<string> {
    if (this.#lost) await this.#reattach();
    const f = this.#fieldsOf(call);
    const json = recordJson(call, f);
    this.#checkRoom(json.length);
    const seq = this.#seq++;
    if (this.#opts.durable !== false) {
      let segment: number;
      this.#journaling += json.length;
      try {
        segment = await this.#journal.append(recordLineHead(seq, call.principal.accountId, call.awsRegion, call.eventTime), json, '\n');
      } catch (err) {
        if (err instanceof JournalDetachedError) this.#folderLost(err);
        throw err;
      } finally {
        this.#journaling -= json.length;
      }
      this.#segments.journaled(segment, seq);
    }
    this.#accept(call, f, seq, json);
    if (this.#journal.size > this.#opts.journalSegmentBytes) this.#segments.rotate();
    return json;
  }

  /**
   * append() for a writer without a journal (`durable: false`): nothing to wait for, so the record is
   * taken at once, with no promise per call (the generator appends millions).
   */
  appendNow(call: CallRecord): string {
    if (this.#opts.durable !== false) throw new Error('appendNow() is for a trail writer without a journal: use append()');
    const f = this.#fieldsOf(call);
    const json = recordJson(call, f);
    this.#accept(call, f, this.#seq++, json);
    return json;
  }

  /**
   * Backpressure. Past half the bound, deliver everything now (a busy mix of scopes fills the bound
   * before its windows end); past the bound, refuse: deliveries are failing, and memory and journal
   * must not grow without end. The refused call is retried by the client; nothing acknowledged is lost.
   */
  #checkRoom(bytes: number): void {
    const held = this.#pending.bytes + this.#inDelivery + this.#journaling + bytes;
    const max = this.#opts.maxUndeliveredBytes;
    if (held < max / 2) return;
    if (!this.#earlyFlush) {
      this.#earlyFlush = true;
      this.flush()
        .catch(() => undefined)
        // A failing disk is tried again at most every second, not for every refused call.
        .finally(() => setTimeout(() => (this.#earlyFlush = false), held >= max ? 1000 : 0).unref());
    }
    if (held > max) {
      throw new TrailBackpressureError(
        `${Math.round(held / MiB)} MiB of records wait for delivery (the bound is ${Math.round(max / MiB)} MiB): log files cannot be written to ${this.root}`,
      );
    }
  }

  /** What the record of a call says, worked out once for its text and, if listeners want it, its object. */
  #fieldsOf(call: CallRecord): RecordFields {
    if (this.#closed) throw new Error('trail writer is closed');
    const accountId = call.principal.accountId;
    if (!ACCOUNT_RE.test(accountId) || !REGION_RE.test(call.awsRegion)) {
      throw new Error(`refusing to record a call for account "${accountId}" in region "${call.awsRegion}"`);
    }
    return fieldsOf(call);
  }

  /** A record that is durable (or needs not be): tell the listeners, and queue it for its file. */
  #accept(call: CallRecord, f: RecordFields, seq: number, json: string): void {
    const accountId = call.principal.accountId;
    if (this.#recordListeners.length > 0) {
      let record: Record<string, unknown> | undefined;
      const journaled: JournaledRecord = {
        seq,
        accountId,
        region: call.awsRegion,
        eventTime: call.eventTime,
        json,
        call,
        fields: f,
        // Made only for a listener that reads it: event history works from the call and its fields.
        get record() {
          return (record ??= buildRecord(call, f));
        },
      };
      for (const l of this.#recordListeners) {
        try {
          l(journaled);
        } catch (err) {
          this.#log.error({ err }, 'record listener failed');
        }
      }
    }
    this.#recordsWritten++;
    const batch = this.#pending.add(accountId, call.awsRegion, seq, json, call.eventTime);
    // A full batch is delivered at once, in its own file (a busy window has several).
    if (batch.sealed) void this.#enqueueDelivery((b) => b === batch).catch(() => undefined);
  }

  /** Deliver every batch whose window has ended by the clock's now. */
  deliverDue(): Promise<void> {
    const now = this.#opts.clock.now();
    const w = this.#opts.windowMs;
    return this.#enqueueDelivery((b) => boundaryAfter(b.oldestEventTime, w) <= now);
  }

  /** Deliver everything pending now (POST /_ecs-trail/flush, shutdown). */
  flush(): Promise<void> {
    return this.#enqueueDelivery(() => true);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#cancelTimer?.();
    await this.flush().catch(() => undefined);
    this.#closed = true;
    await this.#delivering;
    await this.#journal.close();
    // Everything is in log files: the journal has nothing left to protect. (Not if the folder is
    // gone: the paths would lead to whatever stands there now.)
    if (this.#pending.count === 0 && !this.#lost) await this.#segments.removeAll();
    await this.#lock?.release();
  }

  /** Drop everything as a crash would: no delivery, the journal and lock left as they are (tests). */
  async abandon(): Promise<void> {
    this.#closed = true;
    this.#cancelTimer?.();
    this.#lock?.abandon();
    await this.#journal.close();
  }

  #enqueueDelivery(select: (b: PendingBatch) => boolean): Promise<void> {
    // Take the batches now: records appended while earlier deliveries run belong to later files. The
    // journal moves on to a new segment, so that the one holding these records can go once they are
    // delivered. Compression starts in turn (a bounded amount at a time) beside whatever runs on the
    // main thread; the writing waits its turn, so files appear in the order their batches were taken.
    const taken = this.#pending.take(select);
    if (taken.length > 0 && this.#opts.durable !== false && !this.#lost) this.#segments.rotate();
    const files = taken.map((b) => this.#prepare(b));
    for (const f of files) this.#inDelivery += f.batch.bytes;
    const run = this.#delivering.then(() => this.#deliverFiles(files));
    this.#delivering = run.catch(() => undefined);
    return run;
  }

  /** Name a batch's file (once: a retry keeps its name) and queue its compression and hashing. */
  #prepare(b: PendingBatch): PreparedFile {
    // The 5-minute mark after the newest record: a file is named for when it was delivered, and a record
    // at 02:30:00 exactly belongs to the window that ends at 02:35 (as delivery groups records).
    b.deliveredAt ??= boundaryAfter(b.newestEventTime, FIVE_MINUTES);
    b.key ??= logFileKey({
      prefix: this.#opts.prefix,
      accountId: b.accountId,
      region: b.region,
      deliveredAt: b.deliveredAt,
      unique: this.#opts.ids.alphanumeric(16),
    });
    b.compressed ??= this.#compression.compress(fileBody(b));
    return { batch: b, key: b.key, deliveredAt: b.deliveredAt, takenAt: this.#opts.clock.now(), work: b.compressed };
  }

  async #deliverFiles(files: readonly PreparedFile[]): Promise<void> {
    let failure: unknown = this.#lost;
    for (const f of files) {
      if (failure) {
        // The disk is failing: the rest go back untried, for the next attempt.
        await f.work.catch(() => undefined);
        this.#inDelivery -= f.batch.bytes;
        this.#pending.restore(f.batch);
        continue;
      }
      try {
        await this.#deliverFile(f);
        this.#inDelivery -= f.batch.bytes;
      } catch (err) {
        failure = err;
        this.#inDelivery -= f.batch.bytes;
        if (!(await f.work.then(() => true, () => false))) f.batch.compressed = undefined; // compress again next time
        this.#pending.restore(f.batch);
        if (err instanceof JournalDetachedError) this.#folderLost(err);
        this.#log.error({ err, accountId: f.batch.accountId, region: f.batch.region, pending: this.#pending.count }, 'log file delivery failed; will retry');
      }
    }
    if (failure) throw failure;
  }

  async #deliverFile({ batch: b, key, deliveredAt, takenAt, work }: PreparedFile): Promise<void> {
    const path = pathUnder(this.root, key);
    const [gz, digest] = await work;
    const durable = this.#opts.durable !== false;
    if (durable && b.intentIn !== this.#generation) {
      await this.#journal.append(intentLine(key, b.seqs));
      b.intentIn = this.#generation;
    }
    await writeFileAtomic(path, gz, durable);
    if (durable) await this.#journal.append(doneLine(key)).catch(() => undefined);
    this.#segments.settle(b.seqs);
    this.#filesDelivered++;
    let lines: string[] | undefined;
    let released = false;
    const file: DeliveredLogFile = {
      key,
      path,
      accountId: b.accountId,
      region: b.region,
      deliveredAt,
      takenAt,
      records: b.seqs.length,
      seqs: b.seqs,
      sha256: Buffer.from(digest).toString('hex'),
      oldestEventTime: b.oldestEventTime,
      newestEventTime: b.newestEventTime,
      get lines() {
        if (lines) return lines;
        if (released) throw new Error(`the records of ${key} are only readable while its delivery listeners run`);
        return (lines = recordsOf(b));
      },
    };
    for (const l of this.#listeners) {
      try {
        await l(file);
      } catch (err) {
        this.#log.error({ err, key }, 'delivery listener failed');
      }
    }
    released = true;
    b.compressed = undefined;
    this.#pending.release(b);
  }

  /** The journal's file is not in the trail folder any more: refuse calls until the folder is back. */
  #folderLost(err: Error): void {
    if (this.#lost) return;
    this.#lost = err;
    this.#log.error(
      { err, trailDir: this.root, pending: this.#pending.count },
      `the trail folder ${this.root} was deleted, moved or replaced: calls get ServerException until it is back or made again`,
    );
  }

  /** Look for the folder again (at most every REATTACH_EVERY_MS); throws while it is still lost. */
  async #reattach(): Promise<void> {
    const now = performance.now();
    if (!this.#reattaching && now - this.#lastReattach >= REATTACH_EVERY_MS) {
      this.#lastReattach = now;
      this.#reattaching = this.#remakeFolder()
        .catch((err: unknown) => this.#log.warn({ err, trailDir: this.root }, 'the trail folder cannot be made again yet'))
        .finally(() => (this.#reattaching = undefined));
    }
    await this.#reattaching;
    if (this.#lost) throw this.#lost;
  }

  /**
   * The folder moved back: carry on. Else make it again: its lock, a new journal holding every
   * record not yet delivered (so nothing acknowledged is lost to a crash later), and, through the
   * listeners, the digest signing keys that `verify` needs.
   */
  async #remakeFolder(): Promise<void> {
    if (await this.#journal.attached()) {
      await this.#lock?.retake(); // unless another instance holds the folder now
      this.#lost = undefined;
      this.#log.info({ trailDir: this.root }, 'the trail folder is back');
      return;
    }
    await this.#delivering; // deliveries under way fail and put their batches back
    await mkdir(join(this.stateDir, 'journal'), { recursive: true });
    await this.#lock?.retake();
    const next = this.#journal.segment + 1;
    await this.#journal.openSegment(next);
    this.#generation++;
    this.#segments.restart(next);
    const pending = [...this.#pending.all()].flatMap((b) =>
      recordsOf(b).map((line, i) => ({ seq: b.seqs[i]!, accountId: b.accountId, region: b.region, eventTime: b.times[i]!, line })),
    );
    await this.#segments.journalAgain(pending);
    for (const l of this.#folderListeners) await l();
    this.#lost = undefined;
    this.#log.warn({ trailDir: this.root, pending: this.#pending.count }, 'the trail folder was made again; records not yet delivered were journaled there again');
  }

  #scheduleWindow(): void {
    this.#cancelTimer = everyAlignedInterval(this.#opts.windowMs, () => this.deliverDue(), () => this.#closed);
  }

  async #recover(): Promise<void> {
    const dir = join(this.stateDir, 'journal');
    const segments = await Journal.segments(dir);
    const { undelivered, nextSeq } = await readUndelivered(this.root, dir, segments);
    this.#seq = nextSeq;
    const next = (segments.at(-1) ?? 0) + 1;
    await this.#journal.openSegment(next);
    this.#segments.restart(next);
    if (undelivered.length > 0) {
      this.#log.info({ records: undelivered.length }, 'delivering records journaled by an earlier run');
      // Re-journal them in the new segment first, so the old segments can go.
      await this.#segments.journalAgain(undelivered);
      // Added in order, so a crashed run's records fill files of the usual size.
      for (const r of undelivered) this.#pending.add(r.accountId, r.region, r.seq, r.line, r.eventTime);
    }
    for (const n of segments) await Journal.removeSegment(dir, n);
    if (this.#pending.count > 0) await this.flush();
  }
}
