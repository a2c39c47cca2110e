import { BufferPool } from './buffer-pool.js';

/**
 * Records waiting for delivery, grouped by (account, region): one log file per batch.
 *
 * A batch holds its log file as it will be written, UTF-8 in one buffer outside the JS heap:
 * `{"Records":[` then each record as it is added (comma-separated), with room kept for the closing
 * `]}`. A record waits up to a whole delivery window, and thousands of kilobyte strings living that
 * long would be copied and marked by every garbage collection meanwhile; and a file is then a slice of
 * the buffer, not a copy. Buffers come from a pool and go back once the file is written: allocating
 * off-heap memory at the rate records arrive makes V8 collect its whole heap again and again.
 */
export interface PendingBatch {
  readonly accountId: string;
  readonly region: string;
  readonly seqs: number[];
  /** Each record's event time (ms), in the order of `seqs` (to journal them again elsewhere). */
  readonly times: number[];
  /** The file so far: HEAD, then `bytes` bytes of records. */
  buf: Buffer;
  /** Bytes of records after HEAD (commas included). */
  bytes: number;
  /** Offset, counted from after HEAD, where each record ends. */
  readonly ends: number[];
  oldestEventTime: number;
  newestEventTime: number;
  /** No more records go in: it holds the most a file may (or it was put back after a failed delivery). */
  sealed: boolean;
  /** Its log file's key, named at the first attempt and kept for retries (one delivery intent per batch). */
  key?: string;
  deliveredAt?: number;
  /** The journal generation its delivery intent was written in (a recreated folder's journal starts anew). */
  intentIn?: number;
  /**
   * Its file compressed and hashed, kept from a failed attempt: a disk that stays full must not cost
   * a gzip of everything pending at every retry. (The batch takes no more records once it has one.)
   */
  compressed?: Promise<[Buffer, ArrayBuffer]> | undefined;
}

const HEAD = Buffer.from('{"Records":[');
const TAIL = Buffer.from(']}');
const COMMA = 0x2c;

export class PendingBatches {
  readonly #maxRecords: number;
  readonly #pool: BufferPool;
  /** The batch still taking records, per account and region (nested: no key string on the hot path). */
  readonly #open = new Map<string, Map<string, PendingBatch>>();
  /** Batches that take no more records, in the order they were sealed. */
  #sealed: PendingBatch[] = [];
  /**
   * The size some accounts' and regions' last batch grew to: the next starts there, with no copies.
   * At most LAST_SIZES of them (the most recently delivered), so a flood of one-call scopes leaves nothing.
   */
  readonly #lastSize = new Map<string, number>();
  #count = 0;
  /** Bytes of record text held (the backpressure bound counts these). */
  #bytes = 0;

  constructor(maxRecordsPerBatch: number, pool = new BufferPool()) {
    this.#maxRecords = maxRecordsPerBatch;
    this.#pool = pool;
  }

  get count(): number {
    return this.#count;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Every batch held, sealed first, without taking them. */
  *all(): Generator<PendingBatch> {
    yield* this.#sealed;
    for (const byRegion of this.#open.values()) yield* byRegion.values();
  }

  /** Add a record; the batch it went into is returned, `sealed` once it holds the most a file may. */
  add(accountId: string, region: string, seq: number, line: string, eventTime: number): PendingBatch {
    return this.addParts(accountId, region, seq, EMPTY, line, eventTime);
  }

  /**
   * Add a record given as UTF-8 bytes and the text that follows them (recordJsonParts: a head the
   * record shares with others of its caller, copied as it is rather than encoded again).
   */
  addParts(accountId: string, region: string, seq: number, head: Buffer, rest: string, eventTime: number): PendingBatch {
    let byRegion = this.#open.get(accountId);
    if (!byRegion) this.#open.set(accountId, (byRegion = new Map()));
    let b = byRegion.get(region);
    if (!b) {
      const usual = this.#lastSize.get(`${accountId}/${region}`) ?? 0;
      const buf = this.#take(Math.max(usual, HEAD.length + head.length + rest.length * 3 + TAIL.length));
      HEAD.copy(buf, 0);
      b = { accountId, region, seqs: [], times: [], buf, bytes: 0, ends: [], oldestEventTime: eventTime, newestEventTime: eventTime, sealed: false };
      byRegion.set(region, b);
    }
    const before = b.bytes;
    this.#append(b, head, rest);
    this.#bytes += b.bytes - before;
    b.seqs.push(seq);
    b.times.push(eventTime);
    if (eventTime < b.oldestEventTime) b.oldestEventTime = eventTime;
    if (eventTime > b.newestEventTime) b.newestEventTime = eventTime;
    this.#count++;
    if (b.seqs.length >= this.#maxRecords) {
      byRegion.delete(region);
      b.sealed = true;
      this.#sealed.push(b);
    }
    return b;
  }

  /** Take out the batches `select` accepts (all by default): sealed ones first, oldest first. */
  take(select: (b: PendingBatch) => boolean = () => true): PendingBatch[] {
    const out: PendingBatch[] = [];
    const keep: PendingBatch[] = [];
    for (const b of this.#sealed) (select(b) ? out : keep).push(b);
    this.#sealed = keep;
    for (const [accountId, byRegion] of this.#open) {
      for (const [region, b] of byRegion) {
        if (!select(b)) continue;
        byRegion.delete(region);
        out.push(b);
      }
      if (byRegion.size === 0) this.#open.delete(accountId);
    }
    for (const b of out) {
      this.#count -= b.seqs.length;
      this.#bytes -= b.bytes;
    }
    return out;
  }

  /** Put a batch back whole (its delivery failed): it is delivered as it is, in its own file, next time. */
  restore(b: PendingBatch): void {
    b.sealed = true;
    this.#sealed.push(b);
    this.#count += b.seqs.length;
    this.#bytes += b.bytes;
  }

  /** A delivered batch's memory, for the batches to come. Its file body must not be read after this. */
  release(b: PendingBatch): void {
    const scope = `${b.accountId}/${b.region}`;
    this.#lastSize.delete(scope);
    this.#lastSize.set(scope, b.buf.length);
    if (this.#lastSize.size > LAST_SIZES) this.#lastSize.delete(this.#lastSize.keys().next().value!);
    this.#pool.give(b.buf);
    b.buf = EMPTY;
  }

  /**
   * A buffer of at least `size` bytes: from the pool from its smallest size up, else a small one of
   * its own (a one-call batch must not hold 64 KiB while it waits for its window).
   */
  #take(size: number): Buffer {
    if (size >= BufferPool.MIN_SIZE / 2) return this.#pool.take(size);
    let n = SMALL_BUFFER;
    while (n < size) n *= 2;
    return Buffer.allocUnsafeSlow(n);
  }

  #append(b: PendingBatch, head: Buffer, line: string): void {
    const comma = b.ends.length > 0 ? 1 : 0;
    // A UTF-16 code unit is at most 3 bytes of UTF-8: make room for that, use what the encoder writes.
    const need = HEAD.length + b.bytes + comma + head.length + line.length * 3 + TAIL.length;
    if (need > b.buf.length) {
      const grown = this.#take(Math.max(need, b.buf.length * 2));
      b.buf.copy(grown, 0, 0, HEAD.length + b.bytes);
      this.#pool.give(b.buf);
      b.buf = grown;
    }
    let at = HEAD.length + b.bytes;
    if (comma) b.buf[at++] = COMMA;
    if (head.length > 0) at += head.copy(b.buf, at);
    at += b.buf.write(line, at);
    b.bytes = at - HEAD.length;
    b.ends.push(b.bytes);
  }
}

const EMPTY = Buffer.alloc(0);
const LAST_SIZES = 1024;
/** A batch's first buffer is this small unless its scope's batches were bigger: most scopes are quiet. */
const SMALL_BUFFER = 4096;

/** The uncompressed log file, `{"Records":[…]}`: a view of the batch's buffer (no copy). */
export function fileBody(b: PendingBatch): Buffer {
  const end = HEAD.length + b.bytes;
  TAIL.copy(b.buf, end);
  return b.buf.subarray(0, end + TAIL.length);
}

/** The records' JSON texts, decoded from the batch's buffer. */
export function recordsOf(b: PendingBatch): string[] {
  const out: string[] = new Array(b.ends.length);
  let start = HEAD.length;
  for (let i = 0; i < b.ends.length; i++) {
    const end = HEAD.length + b.ends[i]!;
    out[i] = b.buf.toString('utf8', start, end);
    start = end + 1;
  }
  return out;
}
