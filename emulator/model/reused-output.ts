/**
 * Rendered answers the emulator hands out again, unchanged, for as long as what they show has not
 * changed (a task between two steps of its lifecycle, polled by DescribeTasks and the SDK's waiters; a
 * service's event, shown by every answer about the service until a hundred newer ones push it out).
 * Each is frozen, with everything it holds, before it is handed out the first time: nobody can change
 * it afterwards, so whoever writes it out (the JSON protocol, the trail's record writer) may write it
 * once and keep the text.
 *
 * The marks are registered symbols, defined as non-enumerable properties: the writers outside
 * emulator/ know them by name (`Symbol.for`) without importing this module; JSON.stringify,
 * Object.keys and spreads do not see them, so a copy made with `{ ...value }` is not marked.
 */
const REUSED_OUTPUT = Symbol.for('ecs-trail.reused-output');
/** On an answer (not frozen) with reused outputs among its members or in its member lists. */
const HOLDS_REUSED_OUTPUT = Symbol.for('ecs-trail.holds-reused-output');

type Marked = { [REUSED_OUTPUT]?: true; [HOLDS_REUSED_OUTPUT]?: true };

/**
 * Freeze `value` and all it holds, and mark it as an answer that may be handed out again. One frozen
 * already cannot take the mark: it stays as it is, and is written whole each time.
 */
export function reuseOutput<T extends object>(value: T): T {
  if (isReusedOutput(value) || !Object.isExtensible(value)) return value;
  Object.defineProperty(value, REUSED_OUTPUT, { value: true });
  deepFreeze(value);
  return value;
}

/** Whether `value` was marked by reuseOutput (then it and all it holds are frozen). */
export function isReusedOutput(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Marked)[REUSED_OUTPUT] === true;
}

/**
 * Mark an answer that holds reused outputs as members or as items of its member lists (a service and
 * its events): a writer looks inside it for them instead of writing it whole. It may still change.
 */
export function holdsReusedOutput<T extends object>(value: T): T {
  if (!holdsReused(value) && Object.isExtensible(value)) Object.defineProperty(value, HOLDS_REUSED_OUTPUT, { value: true });
  return value;
}

/** Whether `value` was marked by holdsReusedOutput. */
export function holdsReused(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Marked)[HOLDS_REUSED_OUTPUT] === true;
}

/** Rendered answers are JSON-shaped (no cycles). A Date's time can still be set: nobody does. */
function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) deepFreeze(v);
  }
}
