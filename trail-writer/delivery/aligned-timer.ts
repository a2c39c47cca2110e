/**
 * The first boundary `phaseMs + k·intervalMs` after `t` (strictly after: a time on a boundary belongs
 * to the interval that ends at the next one). Delivery windows end on multiples of 5 minutes; digest
 * periods are counted from when validation started.
 */
export function boundaryAfter(t: number, intervalMs: number, phaseMs = 0): number {
  return Math.floor((t - phaseMs) / intervalMs) * intervalMs + intervalMs + phaseMs;
}

/**
 * Run `tick` at every `phaseMs + k·intervalMs` of wall-clock time (delivery windows end on multiples
 * of 5 minutes; digest periods are counted from when validation started), until `stopped()` says so.
 * The timer never keeps the process alive. Returns a function that cancels the pending tick.
 */
export function everyAlignedInterval(intervalMs: number, tick: () => Promise<unknown>, stopped: () => boolean, phaseMs = 0): () => void {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    const now = Date.now();
    const wait = Math.max(10, boundaryAfter(now, intervalMs, phaseMs) - now);
    timer = setTimeout(() => {
      tick()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped()) schedule();
        });
    }, wait);
    timer.unref();
  };
  schedule();
  return () => clearTimeout(timer);
}
