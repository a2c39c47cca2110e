/** One planned event: due at `at`; `seq` orders events due at the same moment by when they were planned. */
export interface DueEntry<T> {
  at: number;
  seq: number;
  value: T;
  /** Taken back before it was due (the task's stop moved, say): skipped when reached. */
  cancelled: boolean;
}

/**
 * Events planned for moments on the injected clock, earliest first (a binary heap; cancelled entries
 * are dropped when they reach the top). Nothing here reads a clock: the owner asks for what is due.
 */
export class DueQueue<T> {
  readonly #heap: DueEntry<T>[] = [];
  #seq = 0;
  #live = 0;

  get size(): number {
    return this.#live;
  }

  add(at: number, value: T): DueEntry<T> {
    const entry: DueEntry<T> = { at, seq: this.#seq++, value, cancelled: false };
    const h = this.#heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
    this.#live++;
    return entry;
  }

  cancel(entry: DueEntry<T>): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.#live--;
  }

  /** When the earliest live event is due; undefined when none is planned. */
  nextAt(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /** The earliest live event if it is due by `now` (removed from the queue). */
  takeDue(now: number): DueEntry<T> | undefined {
    this.#dropCancelled();
    const top = this.#heap[0];
    if (!top || top.at > now) return undefined;
    this.#pop();
    this.#live--;
    return top;
  }

  clear(): void {
    this.#heap.length = 0;
    this.#live = 0;
  }

  #dropCancelled(): void {
    while (this.#heap[0]?.cancelled) this.#pop();
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

const before = (a: DueEntry<unknown>, b: DueEntry<unknown>) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
