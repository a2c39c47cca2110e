import type { Logger } from 'pino';
import type { Clock } from '../../emulator/index.js';
import type { CallRecord } from '../../trail-writer/index.js';
import type { AcknowledgedCall, CallRecorder } from '../pipeline.js';
import type { ServiceSideEvents } from './service-side-events.js';

/** setTimeout's longest delay; a later event is looked at again then. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/**
 * The shortest wait: an injected clock that real time does not move (a ManualClock) must not make the
 * timer spin; events then go out at the next call, flush or advance.
 */
const MIN_DELAY_MS = 20;

/**
 * The server's side of service events: after each acknowledged call it plans what AWS does next
 * (ServiceSideEvents), and appends each event to the trail when it is due on the injected clock — at
 * once if already due, else from an unref'd timer set for the next one. Each goes through the trail
 * writer like a call's record: durable (journal) first, then visible (log files, event history,
 * dashboard). Calls are not held back for them.
 *
 * Not-yet-due events live in memory only, as the tasks they belong to do: a restart (or a crash)
 * forgets both, so an ENI deletion planned for a running task is never written. What was due by
 * `close()` is written before the trail closes; what would happen later is dropped, and logged.
 */
export class LiveServiceEvents {
  readonly #events: ServiceSideEvents;
  readonly #clock: Clock;
  readonly #recorder: CallRecorder;
  readonly #log: Logger;
  readonly #onRecord: (r: CallRecord) => void;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(o: { events: ServiceSideEvents; clock: Clock; recorder: CallRecorder; logger: Logger; onRecord: (r: CallRecord) => void }) {
    this.#events = o.events;
    this.#clock = o.clock;
    this.#recorder = o.recorder;
    this.#log = o.logger;
    this.#onRecord = o.onRecord;
  }

  /** After a call is durable: plan what follows it, and write what is due already (its ENI, say). */
  afterCall(done: AcknowledgedCall): void {
    if (this.#closed) return;
    if (this.#events.note(done, this.#clock.now())) this.emitDue();
  }

  /** As a call arrives: write what the clock has passed (cheap when nothing is due). */
  beforeCall(): void {
    const next = this.#events.nextAt();
    if (next !== undefined && next <= this.#clock.now()) this.emitDue();
  }

  /** Append every event due by now, in time order; then wait for the next. */
  emitDue(): void {
    const records = this.#events.takeDue(this.#clock.now());
    // Appends are started in order here: the journal keeps that order.
    for (const r of records) {
      const p: Promise<void> = this.#recorder.append(r).then(
        () => this.#onRecord(r),
        (err: unknown) => this.#log.error({ err, eventName: r.eventName, eventSource: r.eventSource }, 'could not make a service event durable; it is dropped'),
      );
      this.#inFlight.add(p);
      void p.finally(() => this.#inFlight.delete(p));
    }
    this.#arm();
  }

  /** Write what is due now and wait until every event started is durable (for flush). */
  async settle(): Promise<void> {
    this.emitDue();
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /** The emulator's state was reset: its tasks' future events go with it. */
  reset(): void {
    this.#events.clear();
    this.#arm();
  }

  async close(): Promise<void> {
    await this.settle();
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const dropped = this.#events.pending;
    if (dropped > 0) this.#log.info({ dropped }, `${dropped} service event(s) planned for later were not written (the tasks they belong to end with the emulator)`);
    this.#events.clear();
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const next = this.#events.nextAt();
    if (next === undefined || this.#closed) return;
    const delay = Math.min(Math.max(next - this.#clock.now(), MIN_DELAY_MS), MAX_DELAY_MS);
    this.#timer = setTimeout(() => this.emitDue(), delay);
    this.#timer.unref();
  }
}
