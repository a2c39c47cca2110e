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
  /** The size each account's and region's last batch grew to: the next starts there, with no copies. */
  readonly #lastSize = new Map<string, Map<string, number>>();
  #count = 0;

  constructor(maxRecordsPerBatch: number, pool = new BufferPool()) {
    this.#maxRecords = maxRecordsPerBatch;
    this.#pool = pool;
  }

  get count(): number {
    return this.#count;
  }

  /** Add a record; the batch it went into is returned, `sealed` once it holds the most a file may. */
  add(accountId: string, region: string, seq: number, line: string, eventTime: number): PendingBatch {
    let byRegion = this.#open.get(accountId);
    if (!byRegion) this.#open.set(accountId, (byRegion = new Map()));
    let b = byRegion.get(region);
    if (!b) {
      const usual = this.#lastSize.get(accountId)?.get(region) ?? 0;
      const buf = this.#pool.take(Math.max(usual, HEAD.length + line.length * 3 + TAIL.length));
      HEAD.copy(buf, 0);
      b = { accountId, region, seqs: [], buf, bytes: 0, ends: [], oldestEventTime: eventTime, newestEventTime: eventTime, sealed: false };
      byRegion.set(region, b);
    }
    this.#append(b, line);
    b.seqs.push(seq);
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
    for (const byRegion of this.#open.values()) {
      for (const [region, b] of byRegion) {
        if (!select(b)) continue;
        byRegion.delete(region);
        out.push(b);
      }
    }
    for (const b of out) this.#count -= b.seqs.length;
    return out;
  }

  /** Put a batch back whole (its delivery failed): it is delivered as it is, in its own file, next time. */
  restore(b: PendingBatch): void {
    b.sealed = true;
    this.#sealed.push(b);
    this.#count += b.seqs.length;
  }

  /** A delivered batch's memory, for the batches to come. Its file body must not be read after this. */
  release(b: PendingBatch): void {
    let byRegion = this.#lastSize.get(b.accountId);
    if (!byRegion) this.#lastSize.set(b.accountId, (byRegion = new Map()));
    byRegion.set(b.region, b.buf.length);
    this.#pool.give(b.buf);
    b.buf = EMPTY;
  }

  #append(b: PendingBatch, line: string): void {
    const comma = b.ends.length > 0 ? 1 : 0;
    // A UTF-16 code unit is at most 3 bytes of UTF-8: make room for that, use what the encoder writes.
    const need = HEAD.length + b.bytes + comma + line.length * 3 + TAIL.length;
    if (need > b.buf.length) {
      const grown = this.#pool.take(Math.max(need, b.buf.length * 2));
      b.buf.copy(grown, 0, 0, HEAD.length + b.bytes);
      this.#pool.give(b.buf);
      b.buf = grown;
    }
    let at = HEAD.length + b.bytes;
    if (comma) b.buf[at++] = COMMA;
    at += b.buf.write(line, at);
    b.bytes = at - HEAD.length;
    b.ends.push(b.bytes);
  }
}

const EMPTY = Buffer.alloc(0);

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
