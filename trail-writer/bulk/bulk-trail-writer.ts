import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallRecord } from '../call-record.js';
import { boundaryAfter } from '../delivery/aligned-timer.js';
import { ACCOUNT_RE, checkPrefix, logFileKey, pathUnder, REGION_RE } from '../delivery/object-key.js';
import { fileBody, PendingBatches, type PendingBatch } from '../delivery/pending-batches.js';
import type { FolderLock } from '../folder-lock.js';
import { openTrailFolder } from '../open-trail-folder.js';
import { fieldsOf, recordJsonParts } from '../record/build-record.js';
import type { DeliveredLogFile, DeliveryListener, TrailClock } from '../trail-writer-options.js';
import { FileWorkers, type FileDone } from './file-workers.js';

const FIVE_MINUTES = 5 * 60 * 1000;

export interface BulkTrailWriterOptions {
  /** The trail folder (new or empty: nothing in it is recovered). */
  root: string;
  prefix?: string | undefined;
  stateDir?: string | undefined;
  clock: TrailClock;
  /**
   * The 16-character suffix of the next log file of an account and region. Per scope, so that a
   * scope's file names do not depend on what other scopes delivered (a shard writes only some).
   */
  fileSuffix(accountId: string, region: string): string;
  windowMs?: number | undefined;
  maxRecordsPerFile?: number | undefined;
  /** Threads that hash, compress and write files (default: one per core, at most 4). */
  workers?: number | undefined;
  /**
   * Whether the file of a scope delivered at `deliveredAt` is written, or only hashed (a time shard
   * works through earlier hours only to chain its digests to them). Default: every file is written.
   */
  writes?: ((accountId: string, region: string, deliveredAt: number) => boolean) | undefined;
  /** How the operator picks another folder, for the error an unwritable one gives (e.g. `--out`). */
  folderOption?: string | undefined;
}

/**
 * The trail writer of `ecs-trail generate`: the records, files, names and delivery times of the
 * TrailWriter (the same record builder, batches and keys), for millions of calls made in-process on
 * a simulated clock. Nothing is acknowledged to anyone, so there is no journal and no fsync; files
 * are hashed, compressed and written on worker threads while the calls go on.
 */
export class BulkTrailWriter {
  readonly root: string;
  readonly stateDir: string;
  readonly #o: BulkTrailWriterOptions & { windowMs: number };
  readonly #pending: PendingBatches;
  readonly #workers: FileWorkers;
  readonly #listeners: DeliveryListener[] = [];
  #lock: FolderLock | undefined;
  #seq = 0;
  /** Every delivery started so far: resolves once each has (deliveries are awaited in the order started). */
  #delivered: Promise<void> = Promise.resolve();
  /** The last file announced to the listeners: files are announced in the order they were taken. */
  #announced: Promise<void> = Promise.resolve();
  #filesDelivered = 0;
  #filesHashed = 0;
  #recordsWritten = 0;
  #closed = false;
  /** The account and region last checked for a path (calls come in long runs of one scope). */
  #checkedAccount = '';
  #checkedRegion = '';

  private constructor(o: BulkTrailWriterOptions) {
    checkPrefix(o.prefix);
    this.#o = { ...o, windowMs: o.windowMs ?? FIVE_MINUTES };
    this.root = o.root;
    this.stateDir = o.stateDir ?? join(o.root, '.ecs-trail');
    this.#pending = new PendingBatches(o.maxRecordsPerFile ?? 5000);
    this.#workers = new FileWorkers(o.workers);
  }

  /** Take the folder's lock (one writer per folder) and check that it takes files. */
  static async open(o: BulkTrailWriterOptions): Promise<BulkTrailWriter> {
    const writer = new BulkTrailWriter(o);
    try {
      writer.#lock = await openTrailFolder(writer.root, writer.stateDir, { folderOption: o.folderOption });
    } catch (err) {
      await writer.#workers.close();
      throw err;
    }
    return writer;
  }

  /** Log files written (not counting those only hashed). */
  get stats(): { recordsWritten: number; filesDelivered: number; filesHashed: number; pending: number } {
    return { recordsWritten: this.#recordsWritten, filesDelivered: this.#filesDelivered, filesHashed: this.#filesHashed, pending: this.#pending.count };
  }

  /** Never lost: a generated folder is not watched for deletion (DigestWriter's source interface). */
  readonly unavailable = undefined;

  /** Told of every file delivered, including those only hashed (the digests chain through them). */
  onDelivered(listener: DeliveryListener): void {
    this.#listeners.push(listener);
  }

  /** Add a call's record to its file; a full file is delivered at once. */
  append(call: CallRecord): void {
    if (this.#closed) throw new Error('trail writer is closed');
    const accountId = call.principal.accountId;
    const region = call.awsRegion;
    if (accountId !== this.#checkedAccount || region !== this.#checkedRegion) {
      if (!ACCOUNT_RE.test(accountId) || !REGION_RE.test(region)) throw new Error(`refusing to record a call for account "${accountId}" in region "${region}"`);
      this.#checkedAccount = accountId;
      this.#checkedRegion = region;
    }
    const { head, rest } = recordJsonParts(call, fieldsOf(call));
    this.#recordsWritten++;
    const batch = this.#pending.addParts(accountId, region, this.#seq++, head, rest, call.eventTime);
    if (batch.sealed) void this.#deliver((b) => b === batch).catch(() => undefined);
  }

  /** Deliver every batch whose window has ended by the clock's now. */
  deliverDue(): Promise<void> {
    const now = this.#o.clock.now();
    const w = this.#o.windowMs;
    return this.#deliver((b) => boundaryAfter(b.oldestEventTime, w) <= now);
  }

  /** Deliver everything pending. */
  flush(): Promise<void> {
    return this.#deliver(() => true);
  }

  /** Deliver what is pending, wait for every file, stop the workers and release the folder. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      await this.#delivered.catch(() => undefined);
      await this.#workers.close();
      // Made by the folder check; a generated trail keeps no journal.
      await rm(join(this.stateDir, 'journal'), { recursive: true, force: true });
      await this.#lock?.release();
    }
  }

  /**
   * Take the batches `select` accepts (in PendingBatches' order: sealed first) and name their files
   * at once, in that order; the files are then made in parallel. The promise resolves once these and
   * every earlier delivery are done, so a digest written after it lists all of them.
   */
  #deliver(select: (b: PendingBatch) => boolean): Promise<void> {
    const files = this.#pending.take(select).map((b) => this.#send(b));
    const all = Promise.all([this.#delivered, ...files]).then(() => undefined);
    this.#delivered = all;
    all.catch(() => undefined); // seen by whoever awaits a later delivery
    return all;
  }

  #send(b: PendingBatch): Promise<void> {
    const o = this.#o;
    // Named for the 5-minute mark after its newest record, as the TrailWriter names files.
    const deliveredAt = boundaryAfter(b.newestEventTime, FIVE_MINUTES);
    const key = logFileKey({ prefix: o.prefix, accountId: b.accountId, region: b.region, deliveredAt, unique: o.fileSuffix(b.accountId, b.region) });
    const writes = o.writes?.(b.accountId, b.region, deliveredAt) ?? true;
    const path = pathUnder(this.root, key);
    const takenAt = o.clock.now();
    let body = fileBody(b);
    // The buffer goes to the worker whole: it must be the batch's own (never a slice of a shared pool).
    if (body.byteOffset !== 0 || body.buffer.byteLength !== b.buf.length) body = Buffer.from(body);
    const job = { buffer: body.buffer as ArrayBuffer, length: body.length, path: writes ? path : undefined };
    const work = this.#workers.run(job);
    // Workers finish in any order; listeners hear of files in the order they were taken (a digest
    // chain starts with the first file it hears of).
    const before = this.#announced;
    const announced = this.#announce(b, work, before, { key, path, deliveredAt, takenAt, writes });
    this.#announced = announced.catch(() => undefined);
    return announced;
  }

  async #announce(
    b: PendingBatch,
    work: Promise<FileDone>,
    before: Promise<void>,
    { key, path, deliveredAt, takenAt, writes }: { key: string; path: string; deliveredAt: number; takenAt: number; writes: boolean },
  ): Promise<void> {
    const { sha256, buffer } = await work;
    await before;
    b.buf = Buffer.from(buffer);
    const records = b.seqs.length;
    const seqs = [...b.seqs]; // released with the batch
    this.#pending.release(b);
    if (writes) this.#filesDelivered++;
    else this.#filesHashed++;
    const file: DeliveredLogFile = {
      key,
      path,
      accountId: b.accountId,
      region: b.region,
      deliveredAt,
      takenAt,
      records,
      seqs,
      sha256,
      oldestEventTime: b.oldestEventTime,
      newestEventTime: b.newestEventTime,
      get lines(): readonly string[] {
        throw new Error(`the records of ${key} are not kept after it is written`);
      },
    };
    for (const l of this.#listeners) await l(file);
  }
}
