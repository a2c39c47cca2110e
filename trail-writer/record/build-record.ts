import type { CallRecord } from '../call-record.js';
import { isoSeconds, javaDateString } from './java-date.js';
import { userIdentity } from './user-identity.js';
import { READ_ONLY_WITH_RESPONSE, redactRequest, redactResponse } from './event-sources/ecs.js';

export const EVENT_VERSION = '1.11';

/**
 * A CloudTrail record (eventVersion 1.11) for one call, as an object whose key order is the order of
 * real 2023+ records (cloudtrail-research.md §1.4).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export function buildRecord(call: CallRecord): Record<string, unknown> {
  const p = call.principal;
  const viaService = p.invokedBy !== undefined;
  const record: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(p),
    eventTime: isoSeconds(call.eventTime),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.awsRegion,
    // A call an AWS service makes for the user shows the service's name, not an address.
    sourceIPAddress: viaService ? p.invokedBy : call.sourceIPAddress,
    userAgent: viaService ? p.invokedBy : truncate(call.userAgent, 1024),
  };
  if (call.error) {
    // IAM denials reach the caller as AccessDeniedException but are recorded as AccessDenied (§8.4).
    const code = call.error.code === 'AccessDeniedException' ? 'AccessDenied' : call.error.code;
    record.errorCode = truncate(code, 1024);
    record.errorMessage = truncate(call.error.message, 1024);
  }
  const params = call.requestParameters;
  record.requestParameters =
    params && Object.keys(params).length > 0 ? redactRequest(call.eventName, params) : null;
  record.responseElements =
    call.error || call.response === undefined || (call.readOnly && !READ_ONLY_WITH_RESPONSE.has(call.eventName))
      ? null
      : redactResponse(call.eventName, call.response);
  record.requestID = call.requestId;
  record.eventID = call.eventId;
  record.readOnly = call.readOnly;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = p.accountId;
  record.eventCategory = 'Management';
  // Not present when an AWS service called on the user's behalf (record-contents page, tlsDetails).
  if (call.tlsDetails && !viaService) record.tlsDetails = call.tlsDetails;
  if (p.session?.fromConsole) record.sessionCredentialFromConsole = 'true';
  return record;
}

/** JSON of a record: compact, with Dates inside parameters and responses as Java date strings. */
export function serializeRecord(record: Record<string, unknown>): string {
  // Member by member rather than one JSON.stringify with a replacer: a replacer takes V8 off its fast
  // path, and the shared parts (the principal's userIdentity, tlsDetails) are serialized once per object.
  // The text is what JSON.stringify(record, dateReplacer) gives.
  let out = '{';
  for (const key of Object.keys(record)) {
    const json = memberJson(record[key]);
    if (json === undefined) continue;
    out += out.length === 1 ? `${quotedKey(key)}:${json}` : `,${quotedKey(key)}:${json}`;
  }
  return `${out}}`;
}

const sharedJson = new WeakMap<object, string>();
const SHARED = new WeakSet<object>();

/**
 * Mark an object that many records hold and nobody changes (userIdentity per principal, tlsDetails
 * per endpoint): its JSON is then kept and reused.
 */
export function markShared<T extends object>(o: T): T {
  SHARED.add(o);
  return o;
}

function memberJson(v: unknown): string | undefined {
  if (typeof v === 'object' && v !== null && SHARED.has(v)) {
    let json = sharedJson.get(v);
    if (json === undefined) {
      json = toJson(v);
      sharedJson.set(v, json!);
    }
    return json;
  }
  return toJson(v);
}

const keys = new Map<string, string>();
function quotedKey(key: string): string {
  let q = keys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (keys.size < 10_000) keys.set(key, q);
  }
  return q;
}

/** Text JSON.stringify leaves as it is: no quote, backslash, control character or surrogate. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function quote(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/**
 * JSON.stringify(v, dateReplacer) for the plain data records hold, without JSON.stringify's cost per
 * call (a few hundred ns, paid for every small member). Anything unusual (toJSON, class instances,
 * boxed primitives, bigints) goes to JSON.stringify itself. undefined: nothing to write (as JSON.stringify).
 */
function toJson(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      return JSON.stringify(v);
  }
  if (v === null) return 'null';
  if (v instanceof Date) return quote(javaDateString(v));
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += toJson(v[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return JSON.stringify(withJavaDates(v));
  }
  let out = '{';
  for (const key of Object.keys(v as object)) {
    const json = toJson((v as Record<string, unknown>)[key]);
    if (json === undefined) continue;
    out += out.length === 1 ? `${quotedKey(key)}:${json}` : `,${quotedKey(key)}:${json}`;
  }
  return `${out}}`;
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

function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}
