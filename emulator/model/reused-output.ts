/**
 * Rendered answers the emulator hands out again, unchanged, for as long as what they show has not
 * changed (a task between two steps of its lifecycle, polled by DescribeTasks and the SDK's waiters).
 * Each is frozen, with everything it holds, before it is handed out the first time: nobody can change
 * it afterwards, so whoever writes it out (the JSON protocol) may write it once and keep the text.
 */
const REUSED = new WeakSet<object>();

/** Freeze `value` and all it holds, and mark it as an answer that may be handed out again. */
export function reuseOutput<T extends object>(value: T): T {
  deepFreeze(value);
  REUSED.add(value);
  return value;
}

/** Whether `value` was marked by reuseOutput (then it and all it holds are frozen). */
export function isReusedOutput(value: unknown): value is object {
  return typeof value === 'object' && value !== null && REUSED.has(value);
}

/** Rendered answers are JSON-shaped (no cycles). A Date's time can still be set: nobody does. */
function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) deepFreeze(v);
  }
}
