/** Records waiting for delivery, grouped by (account, region): one log file each when delivered. */
export interface PendingBatch {
  readonly accountId: string;
  readonly region: string;
  readonly seqs: number[];
  readonly lines: string[];
  bytes: number;
  oldestEventTime: number;
  newestEventTime: number;
}

export class PendingBatches {
  readonly #batches = new Map<string, PendingBatch>();
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(accountId: string, region: string, seq: number, line: string, eventTime: number): PendingBatch {
    const key = `${accountId}/${region}`;
    let b = this.#batches.get(key);
    if (!b) {
      b = { accountId, region, seqs: [], lines: [], bytes: 0, oldestEventTime: eventTime, newestEventTime: eventTime };
      this.#batches.set(key, b);
    }
    b.seqs.push(seq);
    b.lines.push(line);
    b.bytes += line.length + 1;
    if (eventTime < b.oldestEventTime) b.oldestEventTime = eventTime;
    if (eventTime > b.newestEventTime) b.newestEventTime = eventTime;
    this.#count++;
    return b;
  }

  /** Take out the batches `select` accepts (all by default). */
  take(select: (b: PendingBatch) => boolean = () => true): PendingBatch[] {
    const out: PendingBatch[] = [];
    for (const [key, b] of this.#batches) {
      if (!select(b)) continue;
      this.#batches.delete(key);
      this.#count -= b.seqs.length;
      out.push(b);
    }
    return out;
  }

  /** Put a batch back (its delivery failed); it is merged with anything that arrived meanwhile. */
  restore(b: PendingBatch): void {
    for (let i = 0; i < b.seqs.length; i++) {
      // eventTime is only used for ordering windows; the batch's bounds are enough.
      this.add(b.accountId, b.region, b.seqs[i]!, b.lines[i]!, i === 0 ? b.oldestEventTime : b.newestEventTime);
    }
  }
}

/** A batch cut into batches of at most `max` records: one log file each (a window may hold several). */
export function splitBatch(b: PendingBatch, max: number): PendingBatch[] {
  if (b.seqs.length <= max) return [b];
  const out: PendingBatch[] = [];
  for (let i = 0; i < b.seqs.length; i += max) {
    const lines = b.lines.slice(i, i + max);
    out.push({
      accountId: b.accountId,
      region: b.region,
      seqs: b.seqs.slice(i, i + max),
      lines,
      bytes: lines.reduce((n, l) => n + l.length + 1, 0),
      oldestEventTime: b.oldestEventTime,
      newestEventTime: b.newestEventTime,
    });
  }
  return out;
}
