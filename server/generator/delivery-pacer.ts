import type { ManualClock } from '../../emulator/index.js';
import { boundaryAfter } from '../../trail-writer/delivery/aligned-timer.js';
import type { DigestSink } from './digests.js';

/** What the pacer delivers: the generator's trail writer. */
export interface PacedWriter {
  deliverDue(): Promise<void>;
  readonly stats: { pending: number };
}

/**
 * When a generated trail's files and digests go out, on the simulated clock: each window's records at
 * the window's end and each digest period's digests at the period's end, as the server's timers send
 * them — also across hours with no calls at all, so a file's digest follows from when it was
 * delivered, not from when the next call came. Deliveries run while the calls go on (compressed on the
 * thread pool); what they write depends only on the order they were started in, never on how far the
 * calls had got when they landed.
 */
export class DeliveryPacer {
  readonly #clock: ManualClock;
  readonly #writer: PacedWriter;
  readonly #digests: DigestSink | undefined;
  readonly #windowMs: number;
  readonly #maxInFlight: number;
  /** The end of the window the clock is in: its records go out then. */
  #windowEnd: number;
  /** The end of the digest period the clock is in. */
  #periodEnd: number;
  /** Deliveries under way, oldest first: each window's files, and each period's digests. */
  readonly #inFlight: Promise<void>[] = [];
  #digestsWritten: Promise<void> = Promise.resolve();

  constructor(o: { clock: ManualClock; writer: PacedWriter; digests: DigestSink | undefined; windowMs: number; maxInFlight: number }) {
    this.#clock = o.clock;
    this.#writer = o.writer;
    this.#digests = o.digests;
    this.#windowMs = o.windowMs;
    this.#maxInFlight = Math.max(1, o.maxInFlight);
    const now = o.clock.now();
    this.#windowEnd = boundaryAfter(now, this.#windowMs);
    this.#periodEnd = o.digests?.periodEndAfter(now) ?? Infinity;
  }

  /** Move the clock to `t`; a promise when deliveries were due by then (wait for it before going on). */
  advanceTo(t: number): Promise<void> | undefined {
    if (t < this.#windowEnd && t < this.#periodEnd) {
      this.#clock.set(t);
      return undefined;
    }
    return this.#cross(t);
  }

  /**
   * The run is over at `last`: deliver what is due by then, the window under way at its end (if it
   * holds records), the digests of every period ended by then; wait for all of it.
   */
  async finish(last: number): Promise<void> {
    await this.advanceTo(last);
    if (this.#writer.stats.pending > 0) await this.advanceTo(this.#windowEnd);
    while (this.#inFlight.length > 0) await this.#inFlight.shift();
    await this.#digestsWritten;
  }

  async #cross(t: number): Promise<void> {
    if (t >= this.#windowEnd) {
      this.#clock.set(this.#windowEnd);
      await this.#deliverFiles();
      this.#windowEnd = boundaryAfter(t, this.#windowMs);
    }
    if (t >= this.#periodEnd && this.#digests) {
      const digests = this.#digests;
      // The latest period end at or before t: one call writes every period that ended since the last.
      const lastEnd = digests.periodEndAfter(t) - digests.intervalMs;
      // A digest lists the files delivered up to its end: it is written once they are.
      const done = (this.#digestsWritten = Promise.all([this.#inFlight.at(-1), this.#digestsWritten]).then(() => digests.deliverDue(lastEnd)));
      await this.#track(done);
      this.#periodEnd = digests.periodEndAfter(t);
    }
    this.#clock.set(t);
  }

  async #deliverFiles(): Promise<void> {
    await this.#track(this.#writer.deliverDue());
  }

  /** Keep a delivery in flight, first making room: at most maxInFlight are held in memory at once. */
  async #track(p: Promise<void>): Promise<void> {
    p.catch(() => undefined); // awaited later; no unhandled rejection meanwhile
    while (this.#inFlight.length >= this.#maxInFlight) await this.#inFlight.shift();
    this.#inFlight.push(p);
  }
}
