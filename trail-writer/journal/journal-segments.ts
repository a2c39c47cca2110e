import { Journal } from './journal.js';
import { recordLine } from './journal-lines.js';
import type { UndeliveredRecord } from './journal-recovery.js';
import type { TrailLogger } from '../trail-writer-options.js';

/**
 * Which journal segments still hold records not yet delivered, so that each goes as soon as it holds
 * none: the writer starts a new segment whenever it takes batches for delivery, so the segment that
 * held them can go once they are in log files (not only at a size or a clean stop).
 *
 * Records are journaled in the order of their sequence numbers, and a segment changes only between
 * two group commits, so each segment holds a run of them: the first one tells which segment a
 * record is in.
 */
export class JournalSegments {
  readonly #journal: Journal;
  readonly #dir: string;
  readonly #log: TrailLogger;
  /** segment number → first record in it (Infinity: none yet), records in it not yet delivered */
  readonly #segments = new Map<number, { firstSeq: number; outstanding: number }>();
  #rotating = false;

  constructor(journal: Journal, dir: string, log: TrailLogger) {
    this.#journal = journal;
    this.#dir = dir;
    this.#log = log;
  }

  /** A new journal (a new run, or a folder made again) whose first segment is `n`. */
  restart(n: number): void {
    this.#segments.clear();
    this.#segments.set(n, { firstSeq: Infinity, outstanding: 0 });
  }

  /** `count` records from `firstSeq` on are durable in `segment`. */
  journaled(segment: number, firstSeq: number, count = 1): void {
    const s = this.#segments.get(segment);
    if (!s) this.#segments.set(segment, { firstSeq, outstanding: count });
    else {
      if (s.firstSeq === Infinity) s.firstSeq = firstSeq;
      s.outstanding += count;
    }
  }

  /** Journal records again in the current segment, oldest first, in chunks (after a crash, or in a folder made again). */
  async journalAgain(records: UndeliveredRecord[]): Promise<void> {
    records.sort((a, b) => a.seq - b.seq);
    const CHUNK = 1000;
    for (let i = 0; i < records.length; i += CHUNK) {
      let lines = '';
      for (const r of records.slice(i, i + CHUNK)) lines += recordLine(r.seq, r.accountId, r.region, r.eventTime, r.line);
      this.journaled(await this.#journal.append(lines), records[i]!.seq, Math.min(CHUNK, records.length - i));
    }
  }

  /** Start a new segment (unless one is being started): lines after this go there. */
  rotate(): void {
    if (this.#rotating) return;
    this.#rotating = true;
    const n = this.#journal.segment + 1;
    this.#journal
      .openSegment(n)
      .then(() => {
        if (!this.#segments.has(n)) this.#segments.set(n, { firstSeq: Infinity, outstanding: 0 });
        this.#removeSettled();
      })
      .catch((err: unknown) => this.#log.error({ err }, 'could not start a new journal segment; keeping the current one'))
      .finally(() => (this.#rotating = false));
  }

  /** These records are in a log file: segments left with none (and only older ones gone) are removed. */
  settle(seqs: readonly number[]): void {
    const order = [...this.#segments.entries()].sort((a, b) => a[0] - b[0]);
    for (const seq of seqs) {
      for (let i = order.length - 1; i >= 0; i--) {
        if (seq >= order[i]![1].firstSeq) {
          order[i]![1].outstanding--;
          break;
        }
      }
    }
    this.#removeSettled();
  }

  /**
   * Oldest first, and only while every older one is gone: a segment can hold the delivery notes
   * (intent, done) of records in older ones, which recovery needs as long as those are there.
   */
  #removeSettled(): void {
    const order = [...this.#segments.entries()].sort((a, b) => a[0] - b[0]);
    for (const [n, s] of order) {
      if (s.outstanding > 0 || n >= this.#journal.segment) break;
      this.#segments.delete(n);
      Journal.removeSegment(this.#dir, n).catch((err: unknown) => this.#log.warn({ err, segment: n }, 'could not remove a delivered journal segment'));
    }
  }

  /** Every segment on disk (the writer has closed with nothing left to deliver). */
  async removeAll(): Promise<void> {
    for (const n of await Journal.segments(this.#dir)) await Journal.removeSegment(this.#dir, n);
    this.#segments.clear();
  }
}
