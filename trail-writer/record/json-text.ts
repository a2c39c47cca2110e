import { flatText } from './flat-text.js';
import { javaDateString } from './java-date.js';

export { flatText } from './flat-text.js';

/**
 * JSON text for trail records: what `JSON.stringify(value, dateReplacer)` gives (Dates as the Java
 * date strings CloudTrail writes), without its costs on the hot path — a replacer takes V8 off its fast
 * path. Strings and numbers are written here (a JSON.stringify call costs a few hundred ns however
 * small the value); objects and arrays by one JSON.stringify with Date's toJSON swapped (below). The
 * text is written as parts into one array, joined once by the caller: the parts of a record join into
 * one flat string, where concatenating them would make a rope that the log file's encoder has to walk
 * again.
 */

const sharedJson = new WeakMap<object, string>();
const SHARED = new WeakSet<object>();

/**
 * Mark an object that many records hold and nobody changes (userIdentity per principal, tlsDetails
 * per endpoint): its JSON is then made once and reused.
 */
export function markShared<T extends object>(o: T): T {
  SHARED.add(o);
  return o;
}

export function isShared(o: object): boolean {
  return SHARED.has(o);
}

/**
 * The marks an emulator puts on what it renders (ecs-trail's emulator/model/reused-output.ts, known
 * here by their registered names): an object that never changes (frozen, handed out again: written
 * once, like a shared one), and an answer that holds such objects among its members or in its lists
 * (a service and its events: written a member at a time, so each event's text is reused).
 */
const REUSED_OUTPUT = Symbol.for('ecs-trail.reused-output');
const HOLDS_REUSED_OUTPUT = Symbol.for('ecs-trail.holds-reused-output');
type Marked = { [REUSED_OUTPUT]?: true; [HOLDS_REUSED_OUTPUT]?: true };

function reusedOrHolding(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Marked;
  return m[REUSED_OUTPUT] === true || m[HOLDS_REUSED_OUTPUT] === true;
}

/** A member worth looking inside: marked itself, or a list whose first item is marked. */
function leadsToReused(m: unknown): boolean {
  return Array.isArray(m) ? m.length > 0 && reusedOrHolding(m[0]) : reusedOrHolding(m);
}

/** The JSON of a value, as JSON.stringify(v, dateReplacer); undefined where that gives undefined. */
export function jsonText(v: unknown): string | undefined {
  const out: string[] = [];
  return writeJson(out, v) ? out.join('') : undefined;
}

/** `"key":` and `,"key":` per member name, made once (the names of records and responses are a small set). */
const keys = new Map<string, [string, string]>();
export function keyText(key: string, first: boolean): string {
  let q = keys.get(key);
  if (q === undefined) {
    const text = `${JSON.stringify(key)}:`;
    q = [flatText(text), flatText(`,${text}`)];
    if (keys.size < 10_000) keys.set(key, q);
  }
  return first ? q[0] : q[1];
}

/** Text JSON.stringify leaves as it is: no quote, backslash, control character or surrogate. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

export function writeString(out: string[], s: string): void {
  if (PLAIN.test(s)) out.push('"', s, '"');
  else out.push(JSON.stringify(s));
}

/**
 * Write v's JSON as parts. Anything unusual (toJSON, class instances, boxed primitives, bigints) goes
 * to JSON.stringify itself. false: nothing written, as JSON.stringify skips undefined, functions and
 * symbols (an object leaves the member out, an array writes null).
 */
export function writeJson(out: string[], v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      writeString(out, v);
      return true;
    case 'number':
      out.push(Number.isFinite(v) ? String(v) : 'null');
      return true;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return true;
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
    case 'bigint':
      out.push(JSON.stringify(v)); // throws, as JSON.stringify does
      return true;
  }
  if (v === null) {
    out.push('null');
    return true;
  }
  if (v instanceof Date) {
    writeString(out, javaDateString(v));
    return true;
  }
  if (SHARED.has(v as object) || (v as Marked)[REUSED_OUTPUT] === true) {
    let json = sharedJson.get(v as object);
    if (json === undefined) {
      const parts: string[] = [];
      writeStructure(parts, v as object);
      json = parts.join('');
      sharedJson.set(v as object, json);
    }
    out.push(json);
    return true;
  }
  if (leadsToReused(v)) return writeHolding(out, v as object);
  const json = stringifyWithJavaDates(v as object);
  if (json !== undefined) {
    out.push(json);
    return true;
  }
  return writeStructure(out, v as object);
}

/**
 * A list whose first item is marked, or an object marked as holding reused objects: the marked
 * members and items are written by writeJson (their kept text); an object's other members go to one
 * stringify per run of them (a service's thirty members around its events: three calls, not thirty).
 */
function writeHolding(out: string[], v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  if (Array.isArray(v) || (proto !== Object.prototype && proto !== null)) return writeStructure(out, v);
  out.push('{');
  let first = true;
  let run: Record<string, unknown> | undefined;
  const endRun = () => {
    if (run === undefined) return;
    const members = run;
    run = undefined;
    const text = stringifyWithJavaDates(members);
    if (text === undefined) {
      // Date.prototype cannot be changed (frozen intrinsics): each member is written on its own.
      for (const key of Object.keys(members)) {
        out.push(keyText(key, first));
        if (writeJson(out, members[key])) first = false;
        else out.pop();
      }
      return;
    }
    if (text.length > 2) {
      out.push(first ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
      first = false;
    }
  };
  for (const key of Object.keys(v)) {
    const m = (v as Record<string, unknown>)[key];
    if (key !== '__proto__' && !leadsToReused(m)) {
      (run ??= {})[key] = m;
      continue;
    }
    endRun();
    out.push(keyText(key, first));
    if (writeJson(out, m)) first = false;
    else out.pop();
  }
  endRun();
  out.push('}');
  return true;
}

/**
 * writeJson for a record's requestParameters or responseElements: an answer (not marked itself) with
 * a member worth looking inside is written as a marked one is (`{"service": <a service holding its
 * events>}`), so the kept texts are used.
 */
export function writeMembers(out: string[], v: unknown): boolean {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !reusedOrHolding(v)) {
    for (const key in v) if (leadsToReused((v as Record<string, unknown>)[key])) return writeHolding(out, v);
  }
  return writeJson(out, v);
}

/**
 * JSON.stringify itself, with Date.prototype.toJSON giving the Java date string for the length of that
 * one call: V8's serializer writes a RunTask response several times faster than the parts written
 * here one by one, and allocates a fraction of it. JSON.stringify is synchronous, and what a record
 * holds is plain data (parsed requests, emulator outputs), so no other code runs while the method is
 * swapped. Undefined where Date.prototype cannot be changed (frozen intrinsics): the caller writes
 * the parts itself. Objects with a toJSON of their own are rare here; their result is written the same.
 */
function stringifyWithJavaDates(v: object): string | undefined {
  const own = Date.prototype.toJSON;
  try {
    Date.prototype.toJSON = javaDateJson;
  } catch {
    // Frozen: the assignment throws in strict code.
  }
  if (Date.prototype.toJSON !== javaDateJson) return undefined;
  try {
    return JSON.stringify(v) as string | undefined;
  } finally {
    Date.prototype.toJSON = own;
  }
}

function javaDateJson(this: Date): string {
  return javaDateString(this);
}

function writeStructure(out: string[], v: object): boolean {
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      if (!writeJson(out, v[i])) out.push('null');
    }
    out.push(']');
    return true;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    const json = JSON.stringify(withJavaDates(v)) as string | undefined;
    if (json === undefined) return false;
    out.push(json);
    return true;
  }
  out.push('{');
  let first = true;
  for (const key of Object.keys(v)) {
    out.push(keyText(key, first));
    if (writeJson(out, (v as Record<string, unknown>)[key])) first = false;
    else out.pop();
  }
  out.push('}');
  return true;
}

/** A copy with each Date as its Java date string (what a replacer on `this[key] instanceof Date` gives). */
function withJavaDates(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Date) return javaDateString(v);
  if (Array.isArray(v)) return v.map(withJavaDates);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = withJavaDates((v as Record<string, unknown>)[k]);
  return out;
}

/**
 * `,"key":value` for a member whose values repeat from record to record (a source, a region, a
 * caller's agent): made once per value, kept for up to `max` values per key.
 */
export class MemberTexts {
  readonly #key: string;
  readonly #max: number;
  readonly #texts = new Map<unknown, string>();
  constructor(key: string, max = 1000) {
    this.#key = key;
    this.#max = max;
  }
  /** The text with its leading comma. */
  get(v: string | boolean): string {
    let t = this.#texts.get(v);
    if (t === undefined) {
      t = flatText(`${keyText(this.#key, false)}${jsonText(v)}`);
      if (this.#texts.size < this.#max) this.#texts.set(v, t);
    }
    return t;
  }
}
