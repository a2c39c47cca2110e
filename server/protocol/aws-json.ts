import secureJson from 'secure-json-parse';
import { holdsReused, isReusedOutput } from '../../emulator/index.js';
import { serialization, unknownOperation, unsupportedMediaType } from './protocol-errors.js';
import type { CallReply, IncomingCall, Route, WireProtocol } from './wire-protocol.js';

/**
 * awsJson1_1 on the wire, independent of any service.
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
export const JSON_11 = 'application/x-amz-json-1.1';

export interface ParsedTarget {
  prefix: string;
  operation: string;
}

/** `AmazonEC2ContainerServiceV20141113.CreateCluster` → prefix + operation (the text after the last dot). */
export function parseTarget(target: string | undefined): ParsedTarget | undefined {
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot <= 0 || dot === target.length - 1) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/**
 * How deep a request body may nest arrays and objects. ECS's and CloudTrail's inputs nest at most
 * a dozen levels (test/protocol/nesting-depth.test.ts measures the models), so only documents and
 * members the model does not have come near. A record wraps the request in four more levels
 * (`{"Records":[{"requestParameters":…`) and may echo it inside `responseElements`: at 64, every
 * record stays far inside what jq 1.6 parses (256 levels, "Exceeds depth limit for parsing") and
 * Python's json module (about 990 under its default recursion limit), and no writer recursion
 * comes near the stack's limit.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * The request body as a JSON object. An empty body means `{}`. Keys such as `__proto__` and
 * `constructor.prototype` are dropped so that no request can reach an object's prototype. A body
 * nested deeper than MAX_NESTING_DEPTH is refused before it is parsed.
 */
export function parseBody(raw: Buffer | string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.length === 0) return {};
  const depth = nestingBeyond(raw, MAX_NESTING_DEPTH);
  if (depth !== undefined) {
    // [GUESS] no ECS answer to a deeply nested body was found; the sentence follows Jackson's
    // StreamReadConstraints ("Document nesting depth (N) exceeds the maximum allowed (M)").
    throw serialization(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}).`);
  }
  let value: unknown;
  try {
    value = secureJson.parse(raw, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch {
    throw serialization('');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw serialization('Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * The depth at which `raw` first goes beyond `max` levels of arrays and objects, or undefined. One
 * pass over the bytes, outside strings (a UTF-8 continuation byte is never an ASCII bracket), with
 * no recursion: whatever the body, this cannot overflow the stack.
 */
export function nestingBeyond(raw: Buffer | string, max: number): number | undefined {
  const text = typeof raw === 'string';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = text ? (raw as string).charCodeAt(i) : (raw as Buffer)[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return depth;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return undefined;
}

/**
 * JSON for a response: Dates become epoch seconds (JSON numbers, fractions allowed), as the SDKs
 * read awsJson timestamps; undefined members are left out. What the emulator hands out again unchanged
 * (isReusedOutput: frozen, e.g. a task DescribeTasks shows in the same state as before, a service's
 * events) is written once and its text kept: the same bytes JSON.stringify would give. They are
 * found as members or list items of the answer, or inside an answer's member marked as holding them
 * (holdsReused: a service).
 */
export function serializeBody(body: unknown): string {
  return holdsReusedMember(body) ? (spliced(body, true) as string) : stringifyEpochSeconds(body);
}

/** Each reused item's JSON text; gone with the item. */
const reusedText = new WeakMap<object, string>();

/** Reused, or holding reused ones: where spliced() looks inside instead of writing it whole. */
function marked(v: unknown): boolean {
  return isReusedOutput(v) || holdsReused(v);
}

/** A member worth looking inside: marked itself, or a list whose first item is marked. */
function leadsToReused(m: unknown): boolean {
  return Array.isArray(m) ? m.length > 0 && marked(m[0]) : marked(m);
}

/** Whether the answer has a member worth looking inside. */
function holdsReusedMember(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  for (const key in body) if (leadsToReused((body as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * JSON.stringify(v)'s text (Dates as epoch seconds), written member by member where something
 * reused is inside: a reused object's text is made once; an object marked as holding them, a list
 * whose first item is marked, and the answer itself (`top`) are written a member or an item at a time;
 * everything else by one stringify. Undefined where JSON.stringify gives undefined.
 */
function spliced(v: unknown, top = false): string | undefined {
  if (typeof v !== 'object' || v === null) return stringifyEpochSeconds(v);
  if (isReusedOutput(v)) {
    let text = reusedText.get(v);
    if (text === undefined) reusedText.set(v, (text = stringifyEpochSeconds(v)));
    return text;
  }
  if (Array.isArray(v)) {
    if (v.length === 0 || !marked(v[0])) return stringifyEpochSeconds(v);
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      // As JSON.stringify writes an array item that has no JSON (undefined, a function).
      out += spliced(v[i]) ?? 'null';
    }
    return `${out}]`;
  }
  if (!top && !holdsReused(v)) return stringifyEpochSeconds(v);
  // The members around the marked ones go to one stringify per run (a service's thirty members and its
  // events: three calls, not thirty), in a plain object filled in the same order.
  let out = '';
  let run: Record<string, unknown> | undefined;
  const endRun = () => {
    if (run === undefined) return;
    const text = stringifyEpochSeconds(run);
    run = undefined;
    if (text.length > 2) out += out === '' ? text.slice(1, -1) : `,${text.slice(1, -1)}`;
  };
  for (const key of Object.keys(v)) {
    const m = (v as Record<string, unknown>)[key];
    // "__proto__" would set a plain object's prototype rather than make a member: written alone.
    if (key !== '__proto__' && !leadsToReused(m)) {
      (run ??= {})[key] = m;
      continue;
    }
    endRun();
    const text = spliced(m);
    if (text !== undefined) out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  endRun();
  return `{${out}}`;
}

/**
 * One JSON.stringify over the value itself, with Date.prototype.toJSON giving epoch seconds for the
 * length of that call only. JSON.stringify is synchronous and the outputs are plain data (no getters,
 * no toJSON of their own), so no other code runs while the method is swapped; other threads have
 * their own Date. It is half the cost of copying the output with its Dates converted and then
 * stringifying the copy (21 µs instead of 39 µs for a DescribeTasks of 5 tasks, the read-heavy bench's
 * biggest answer), and a replacer function is slower still (V8 calls it for every key). Where
 * Date.prototype cannot be changed (frozen intrinsics), the copy is made.
 */
function stringifyEpochSeconds(body: unknown): string {
  const saved = Date.prototype.toJSON;
  try {
    Date.prototype.toJSON = epochSecondsJson;
  } catch {
    // Frozen: the assignment throws in strict code.
  }
  if (Date.prototype.toJSON !== epochSecondsJson) return JSON.stringify(withEpochSeconds(body));
  try {
    return JSON.stringify(body);
  } finally {
    Date.prototype.toJSON = saved;
  }
}

function epochSecondsJson(this: Date): string {
  // A number where Date's own gives a string: JSON.stringify writes whatever toJSON returns.
  return (this.getTime() / 1000) as unknown as string;
}

function withEpochSeconds(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = withEpochSeconds(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    out[key] = v === null || typeof v !== 'object' ? v : withEpochSeconds(v);
  }
  return out;
}

/** `{"__type": "<Code>", "message": "<text>"}` with the bare shape name, as awsJson1_1 requires. */
export function serializeError(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}

const ACCEPTED_TYPES = new Set([JSON_11, 'application/x-amz-json-1.0', 'application/json']);

function header(h: IncomingCall['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * awsJson1_1 as a WireProtocol: routed by `X-Amz-Target` (`<prefix>.<Operation>`), answered in JSON
 * with `x-amzn-ErrorType` on errors. CloudTrail records its members as sent.
 */
export const awsJson11: WireProtocol = {
  name: 'awsJson1_1',

  claims: (call) => call.headers['x-amz-target'] !== undefined,

  route(call): Route {
    const target = header(call.headers, 'x-amz-target');
    const parsed = parseTarget(target);
    return { key: parsed?.prefix, operation: parsed?.operation, parsed: target };
  },

  routeKeys: (spec) => spec.targetPrefixes ?? [],

  unknownOperation: (route) => unknownOperation((route.parsed as string | undefined) ?? ''),

  readInput(call) {
    const type = (header(call.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== '' && !ACCEPTED_TYPES.has(type)) throw unsupportedMediaType(type);
    return parseBody(call.body);
  },

  wireError: (err) => ({ code: err.code, message: err.message, status: err.status }),

  recordMembers: (value) => value,

  success(requestId, _spec, _operation, output): CallReply {
    return { status: 200, headers: { 'content-type': JSON_11, 'x-amzn-requestid': requestId }, body: serializeBody(output ?? {}) };
  },

  failure(requestId, _spec, error): CallReply {
    return {
      status: error.status,
      headers: { 'content-type': JSON_11, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
      body: serializeError(error.code, error.message),
    };
  },
};
