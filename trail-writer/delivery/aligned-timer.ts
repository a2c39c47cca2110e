/**
 * Run `tick` at every multiple of `intervalMs` of wall-clock time (delivery windows and digest
 * periods end on such boundaries, as CloudTrail's do), until `stopped()` says so. The timer never
 * keeps the process alive. Returns a function that cancels the pending tick.
 */
export function everyAlignedInterval(intervalMs: number, tick: () => Promise<unknown>, stopped: () => boolean): () => void {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    const now = Date.now();
    const wait = Math.max(10, Math.floor(now / intervalMs) * intervalMs + intervalMs - now);
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
