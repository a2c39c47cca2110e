import { webcrypto } from 'node:crypto';
import { boundaryAfter, everyAlignedInterval } from './delivery/aligned-timer.js';
import { access, mkdir, constants, writeFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gzip as gzipCb } from 'node:zlib';
import { promisify } from 'node:util';
import type { CallRecord } from './call-record.js';
import { buildRecord, fieldsOf, recordJson, type RecordFields } from './record/build-record.js';
import { Journal } from './journal/journal.js';
import { doneLine, intentLine, parseJournal, recordLine } from './journal/journal-lines.js';
import { fileBody, PendingBatches, recordsOf, type PendingBatch } from './delivery/pending-batches.js';
import { logFileKey, pathUnder, checkPrefix, ACCOUNT_RE, REGION_RE } from './delivery/object-key.js';
import { removeStaleTemp, writeFileAtomic } from './delivery/write-object.js';

const gzip = promisify(gzipCb);

export interface TrailClock {
  now(): number;
}
export interface TrailIds {
  uuid(): string;
  alphanumeric(length: number): string;
}

export interface TrailLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TrailWriterOptions {
  /** The trail folder: laid out like the S3 bucket CloudTrail delivers to. */
  root: string;
  /** An S3 key prefix inside the folder, as a trail's `S3KeyPrefix`. */
  prefix?: string | undefined;
  /** Where the journal lives; default `<root>/.ecs-trail`. */
  stateDir?: string | undefined;
  clock: TrailClock;
  ids: TrailIds;
  /** Delivery window; CloudTrail delivers about every 5 minutes. */
  windowMs?: number | undefined;
  /** A batch this large is delivered at once, in its own file (real windows often hold several files). */
  maxRecordsPerFile?: number | undefined;
  /** Start a new journal segment past this size. */
  journalSegmentBytes?: number | undefined;
  /**
   * false: keep no journal — a record is only in memory until its file is delivered. For in-process
   * generation (`ecs-trail generate`), where a crash means running again, not losing acknowledged calls.
   */
  durable?: boolean | undefined;
  /** Run a timer that delivers each window when it ends (the server). The generator drives deliverDue(). */
  timers?: boolean | undefined;
  logger?: TrailLogger | undefined;
  /** How the operator picks another folder, for the error an unwritable one gives (e.g. `--trail-dir`). */
  folderOption?: string | undefined;
}

/** A log file that has just been delivered. */
export interface DeliveredLogFile {
  key: string;
  path: string;
  accountId: string;
  region: string;
  /** The time in the file name (ms). */
  deliveredAt: number;
  /** The clock's time when the batch was taken for delivery (the window's end, a flush, a full batch). */
  takenAt: number;
  records: number;
  /** hex SHA-256 of the uncompressed content (what a digest lists). */
  sha256: string;
  oldestEventTime: number;
  newestEventTime: number;
  /**
   * The records' JSON, for subscribers such as event history: decoded when first read, and readable
   * only during the listener call (the file's memory is reused once every listener has returned).
   */
  readonly lines: readonly string[];
}

export type DeliveryListener = (file: DeliveredLogFile) => void | Promise<void>;

/** A batch taken for delivery: its file's name, and its compression and hash under way. */
interface PreparedFile {
  batch: PendingBatch;
  key: string;
  deliveredAt: number;
  takenAt: number;
  work: Promise<[Buffer, ArrayBuffer]>;
}

/** A record just made durable, before any file holds it (event history shows it at once). */
export interface JournaledRecord {
  accountId: string;
  region: string;
  eventTime: number;
  json: string;
  /** The same record as an object (listeners need not parse `json` again). Do not change it. */
  record: Readonly<Record<string, unknown>>;
}

export type RecordListener = (record: JournaledRecord) => void;

const FIVE_MINUTES = 5 * 60 * 1000;
const silent: TrailLogger = { info() {}, warn() {}, error() {} };

/**
 * Turns finished calls into CloudTrail records, makes them durable in the journal before the call is
 * acknowledged, and delivers them as gzip'd log files per (account, region) and window.
 */
export class TrailWriter {
  readonly root: string;
  readonly stateDir: string;
  readonly #opts: Required<Pick<TrailWriterOptions, 'windowMs' | 'maxRecordsPerFile' | 'journalSegmentBytes'>> &
    TrailWriterOptions;
  readonly #journal: Journal;
  readonly #pending: PendingBatches;
  readonly #listeners: DeliveryListener[] = [];
  readonly #recordListeners: RecordListener[] = [];
  readonly #log: TrailLogger;
  #seq = 0;
  /** segment number → { first seq in it, records not yet delivered } */
  readonly #segments = new Map<number, { firstSeq: number; outstanding: number }>();
  #delivering: Promise<void> = Promise.resolve();
  #cancelTimer: (() => void) | undefined;
  #closed = false;
  /** A new journal segment has been asked for and is not open yet. */
  #rotating = false;
  #recordsWritten = 0;
  #filesDelivered = 0;

  private constructor(opts: TrailWriterOptions) {
    checkPrefix(opts.prefix);
    this.#opts = {
      windowMs: FIVE_MINUTES,
      maxRecordsPerFile: 5000,
      journalSegmentBytes: 64 * 1024 * 1024,
      ...opts,
    };
    this.root = opts.root;
    this.stateDir = opts.stateDir ?? join(opts.root, '.ecs-trail');
    this.#journal = new Journal(join(this.stateDir, 'journal'));
    this.#pending = new PendingBatches(this.#opts.maxRecordsPerFile);
    this.#log = opts.logger ?? silent;
  }

  /**
   * Open the trail folder: check it is writable, replay the journal of an earlier run (delivering
   * every record it holds that no log file holds yet), and start a fresh journal segment.
   */
  static async open(opts: TrailWriterOptions): Promise<TrailWriter> {
    const writer = new TrailWriter(opts);
    await writer.#checkWritable();
    await writer.#recover();
    if (opts.timers) writer.#scheduleWindow();
    return writer;
  }

  get stats(): { recordsWritten: number; filesDelivered: number; pending: number } {
    return { recordsWritten: this.#recordsWritten, filesDelivered: this.#filesDelivered, pending: this.#pending.count };
  }

  onDelivered(listener: DeliveryListener): void {
    this.#listeners.push(listener);
  }

  onRecord(listener: RecordListener): void {
    this.#recordListeners.push(listener);
  }

  /** Build the record for a call and resolve once it is durable. Rejects if it cannot be made so. */
  async append(call: CallRecord): Promise<string> {
    const f = this.#fieldsOf(call);
    const json = recordJson(call, f);
    const seq = this.#seq++;
    if (this.#opts.durable !== false) {
      const segment = await this.#journal.append(recordLine(seq, call.principal.accountId, call.awsRegion, call.eventTime, json));
      const seg = this.#segments.get(segment);
      if (seg) seg.outstanding++;
      else this.#segments.set(segment, { firstSeq: seq, outstanding: 1 });
    }
    this.#accept(call, f, seq, json);
    if (this.#journal.size > this.#opts.journalSegmentBytes && !this.#rotating) {
      this.#rotating = true;
      this.#journal
        .openSegment(this.#journal.segment + 1)
        .catch((err: unknown) => this.#log.error({ err }, 'could not start a new journal segment; keeping the current one'))
        .finally(() => (this.#rotating = false));
    }
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
      const record = buildRecord(call, f);
      for (const l of this.#recordListeners) {
        try {
          l({ accountId, region: call.awsRegion, eventTime: call.eventTime, json, record });
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
    await this.flush();
    this.#closed = true;
    await this.#delivering;
    await this.#journal.close();
    if (this.#pending.count === 0) {
      // Everything is in log files: the journal has nothing left to protect.
      for (const n of await Journal.segments(join(this.stateDir, 'journal'))) {
        await Journal.removeSegment(join(this.stateDir, 'journal'), n);
      }
    }
  }

  #enqueueDelivery(select: (b: PendingBatch) => boolean): Promise<void> {
    // Take the batches now: records appended while earlier deliveries run belong to later files. Their
    // compression starts now too, on the thread pool, beside whatever runs on the main thread; only the
    // writing waits its turn, so files appear in the order their batches were taken.
    const files = this.#pending.take(select).map((b) => this.#prepare(b));
    const run = this.#delivering.then(() => this.#deliverFiles(files));
    this.#delivering = run.catch(() => undefined);
    return run;
  }

  /** Name a batch's file and start compressing and hashing it. */
  #prepare(b: PendingBatch): PreparedFile {
    // The 5-minute mark after the newest record: a file is named for when it was delivered, and a record
    // at 02:30:00 exactly belongs to the window that ends at 02:35 (as delivery groups records).
    const deliveredAt = boundaryAfter(b.newestEventTime, FIVE_MINUTES);
    const key = logFileKey({
      prefix: this.#opts.prefix,
      accountId: b.accountId,
      region: b.region,
      deliveredAt,
      unique: this.#opts.ids.alphanumeric(16),
    });
    const body = fileBody(b);
    // One thread-pool job each. An output chunk larger than the compressed file keeps gzip from coming
    // back to the main thread for every 16 KiB it writes (a busy main thread would stall it).
    const work = Promise.all([
      gzip(body, { chunkSize: Math.max(64 * 1024, body.length >> 2) }),
      webcrypto.subtle.digest('SHA-256', body),
    ]);
    work.catch(() => undefined); // awaited in #deliverFiles: no unhandled rejection meanwhile
    return { batch: b, key, deliveredAt, takenAt: this.#opts.clock.now(), work };
  }

  async #deliverFiles(files: readonly PreparedFile[]): Promise<void> {
    let failure: unknown;
    for (const f of files) {
      try {
        await this.#deliverFile(f);
      } catch (err) {
        failure ??= err;
        this.#pending.restore(f.batch);
        this.#log.error({ err, accountId: f.batch.accountId, region: f.batch.region }, 'log file delivery failed; will retry');
      }
    }
    if (failure) throw failure;
  }

  async #deliverFile({ batch: b, key, deliveredAt, takenAt, work }: PreparedFile): Promise<void> {
    const path = pathUnder(this.root, key);
    const [gz, digest] = await work;
    const durable = this.#opts.durable !== false;
    if (durable) await this.#journal.append(intentLine(key, b.seqs));
    await writeFileAtomic(path, gz, durable);
    if (durable) await this.#journal.append(doneLine(key)).catch(() => undefined);
    this.#settle(b.seqs);
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
    this.#pending.release(b);
  }

  /** Mark seqs delivered; a segment all of whose records (and all older ones) are delivered is removed. */
  #settle(seqs: readonly number[]): void {
    const order = [...this.#segments.entries()].sort((a, b) => a[0] - b[0]);
    for (const seq of seqs) {
      for (let i = order.length - 1; i >= 0; i--) {
        if (seq >= order[i]![1].firstSeq) {
          order[i]![1].outstanding--;
          break;
        }
      }
    }
    // Oldest first, and only while every older one is gone: a segment can hold the delivery notes
    // (intent, done) of records in older ones, which recovery needs as long as those are there.
    for (const [n, s] of order) {
      if (s.outstanding > 0 || n >= this.#journal.segment) break;
      this.#segments.delete(n);
      Journal.removeSegment(join(this.stateDir, 'journal'), n).catch((err: unknown) =>
        this.#log.warn({ err, segment: n }, 'could not remove a delivered journal segment'),
      );
    }
  }

  #scheduleWindow(): void {
    this.#cancelTimer = everyAlignedInterval(this.#opts.windowMs, () => this.deliverDue(), () => this.#closed);
  }

  async #checkWritable(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await mkdir(join(this.stateDir, 'journal'), { recursive: true });
      await access(this.root, constants.W_OK);
      const probe = join(this.stateDir, `.probe-${process.pid}`);
      await writeFile(probe, '');
      await unlink(probe);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const choose = this.#opts.folderOption ? `choose another with ${this.#opts.folderOption}` : 'choose another folder';
      throw new Error(`the trail folder ${this.root} is not writable (${e.code ?? e.message}); ${choose} or fix its permissions`);
    }
  }

  async #recover(): Promise<void> {
    const dir = join(this.stateDir, 'journal');
    const segments = await Journal.segments(dir);
    const records = new Map<number, { accountId: string; region: string; eventTime: number; line: string }>();
    const intents = new Map<string, number[]>();
    const done = new Set<string>();
    for (const n of segments) {
      for (const e of parseJournal(await Journal.readSegment(dir, n))) {
        if (e.kind === 'R') records.set(e.seq, e);
        else if (e.kind === 'I') intents.set(e.key, e.seqs);
        else done.add(e.key);
      }
    }
    const delivered = new Set<number>();
    for (const [key, seqs] of intents) {
      let complete = done.has(key);
      if (!complete) {
        // Crashed between writing the file and noting it: the rename is atomic, so a file that
        // exists is whole.
        complete = await access(pathUnder(this.root, key)).then(() => true, () => false);
        if (!complete) await removeStaleTemp(pathUnder(this.root, key));
      }
      if (complete) for (const s of seqs) delivered.add(s);
    }
    const seqs = [...records.keys()].sort((a, b) => a - b);
    this.#seq = (seqs.at(-1) ?? -1) + 1;
    const undelivered = seqs.filter((seq) => !delivered.has(seq));
    const next = (segments.at(-1) ?? 0) + 1;
    await this.#journal.openSegment(next);
    if (undelivered.length > 0) {
      this.#log.info({ records: undelivered.length }, 'delivering records journaled by an earlier run');
      // Re-journal them in the new segment first, so the old segments can go.
      const CHUNK = 1000;
      for (let i = 0; i < undelivered.length; i += CHUNK) {
        let lines = '';
        for (const seq of undelivered.slice(i, i + CHUNK)) {
          const r = records.get(seq)!;
          lines += recordLine(seq, r.accountId, r.region, r.eventTime, r.line);
        }
        await this.#journal.append(lines);
      }
      this.#segments.set(next, { firstSeq: undelivered[0]!, outstanding: undelivered.length });
      // Added in order, so a crashed run's records fill files of the usual size.
      for (const seq of undelivered) {
        const r = records.get(seq)!;
        this.#pending.add(r.accountId, r.region, seq, r.line, r.eventTime);
      }
    }
    for (const n of segments) await Journal.removeSegment(dir, n);
    if (this.#pending.count > 0) await this.flush();
  }
}
