import type { CallRecord, TlsDetails } from '../call-record.js';
import { isoSeconds } from './java-date.js';
import { userIdentity } from './user-identity.js';
import { madeByService } from './tls-details.js';
import { rulesFor, type RecordResource } from './event-sources/index.js';
import { flatText, isShared, jsonText, keyText, MemberTexts, writeJson, writeMembers, writeString } from './json-text.js';

export { markShared } from './json-text.js';

export const EVENT_VERSION = '1.11';

/** What a record says of a call beyond its plain members: buildRecord and recordJson both write these. */
export interface RecordFields {
  sourceIPAddress: string;
  userAgent: string;
  error: { code: string; message: string } | undefined;
  requestParameters: Record<string, unknown> | null;
  responseElements: unknown;
  /** Source-specific extras (STS: how a web identity provider was checked), after responseElements. */
  additionalEventData: Record<string, unknown> | undefined;
  /** The resources the source names (STS: the role assumed), after readOnly. */
  resources: RecordResource[] | undefined;
  tlsDetails: TlsDetails | undefined;
  fromConsole: boolean;
}

/**
 * The record-contents page's rules for one call.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export function fieldsOf(call: CallRecord): RecordFields {
  const p = call.principal;
  const viaService = p.invokedBy !== undefined;
  const params = call.requestParameters;
  const rules = rulesFor(call.eventSource);
  const shown = params && hasMembers(params) ? rules.redactRequest(call.eventName, params) : null;
  return {
    // A call an AWS service makes for the user shows the service's name, not an address.
    sourceIPAddress: viaService ? p.invokedBy! : call.sourceIPAddress,
    userAgent: viaService ? p.invokedBy! : truncate(call.userAgent, 1024),
    error: call.error && {
      code: truncate(recordedErrorCode(call.error.code), 1024),
      message: truncate(call.error.message, 1024),
    },
    requestParameters: shown,
    responseElements:
      call.error || call.response === undefined || !rules.showsResponse(call.eventName, call.readOnly)
        ? null
        : rules.redactResponse(call.eventName, call.response),
    additionalEventData: rules.additionalEventData(call.eventName, call.error !== undefined),
    resources: rules.resources(call.eventName, shown),
    // Not present when an AWS service called on the user's behalf (record-contents page, tlsDetails).
    tlsDetails: call.tlsDetails && !madeByService(p, call.sourceIPAddress) ? call.tlsDetails : undefined,
    fromConsole: p.session?.fromConsole === true,
  };
}

/**
 * A CloudTrail record (eventVersion 1.11) for one call, as an object whose key order is the order of
 * real 2023+ records (cloudtrail-research.md §1.4).
 */
export function buildRecord(call: CallRecord, f: RecordFields = fieldsOf(call)): Record<string, unknown> {
  const p = call.principal;
  const record: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(p),
    eventTime: isoSeconds(call.eventTime),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.awsRegion,
    sourceIPAddress: f.sourceIPAddress,
    userAgent: f.userAgent,
  };
  if (f.error) {
    record.errorCode = f.error.code;
    record.errorMessage = f.error.message;
  }
  record.requestParameters = f.requestParameters;
  record.responseElements = f.responseElements;
  if (f.additionalEventData) record.additionalEventData = f.additionalEventData;
  record.requestID = call.requestId;
  record.eventID = call.eventId;
  record.readOnly = call.readOnly;
  // After readOnly, as in real 2023+ records (AssumeRole, KMS, S3).
  if (f.resources) record.resources = f.resources;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = p.accountId;
  // After recipientAccountId, as in real records (2018 flaws2 AssumeRole, 2023 Resource Explorer AssumeRole).
  if (call.sharedEventId) record.sharedEventID = call.sharedEventId;
  if (call.vpcEndpoint) {
    // After recipientAccountId (and sharedEventID), before eventCategory, as in AWS's 1.09+ examples.
    record.vpcEndpointId = call.vpcEndpoint.id;
    record.vpcEndpointAccountId = call.vpcEndpoint.accountId;
  }
  record.eventCategory = 'Management';
  if (f.tlsDetails) record.tlsDetails = f.tlsDetails;
  if (f.fromConsole) record.sessionCredentialFromConsole = 'true';
  return record;
}

/** JSON of a record object: compact, with Dates inside parameters and responses as Java date strings. */
export function serializeRecord(record: Record<string, unknown>): string {
  return jsonText(record)!;
}

/**
 * The text of `serializeRecord(buildRecord(call))`, written straight from the call: the members that
 * repeat from record to record (a principal's identity, the source, region, agent, the closing
 * members) are texts made once, so a record is a few dozen parts joined once. This is the trail's hot
 * path; a property test holds it to the object path.
 */
export function recordJson(call: CallRecord, f: RecordFields = fieldsOf(call)): string {
  const identity = userIdentity(call.principal);
  const out: string[] = [headOf(identity)];
  writeAfterHead(out, call, f, identity);
  return out.join('');
}

/**
 * `recordJson` in two parts for a writer that wants bytes: the head (`{"eventVersion":…,"userIdentity":
 * {…},"eventTime":"`, about half a record) as UTF-8 made once per identity element, and the text after
 * it. Writing the head's bytes as they are, instead of joining it into every record's text and
 * encoding it again, is what the generator saves per record; the two parts are exactly recordJson's text.
 */
export function recordJsonParts(call: CallRecord, f: RecordFields = fieldsOf(call)): { head: Buffer; rest: string } {
  const identity = userIdentity(call.principal);
  const out: string[] = [];
  writeAfterHead(out, call, f, identity);
  return { head: headBytesOf(identity), rest: out.join('') };
}

function writeAfterHead(out: string[], call: CallRecord, f: RecordFields, identity: Record<string, unknown>): void {
  const p = call.principal;
  out.push(
    isoSeconds(call.eventTime),
    '"',
    EVENT_SOURCE.get(call.eventSource),
    EVENT_NAME.get(call.eventName),
    AWS_REGION.get(call.awsRegion),
    SOURCE_IP.get(f.sourceIPAddress),
    USER_AGENT.get(f.userAgent),
  );
  if (f.error) {
    out.push(ERROR_CODE.get(f.error.code), keyText('errorMessage', false));
    writeString(out, f.error.message);
  }
  out.push(keyText('requestParameters', false));
  if (!writeMembers(out, f.requestParameters)) out.pop();
  out.push(keyText('responseElements', false));
  if (!writeMembers(out, f.responseElements)) out.pop();
  if (f.additionalEventData) member(out, 'additionalEventData', f.additionalEventData);
  member(out, 'requestID', call.requestId);
  member(out, 'eventID', call.eventId);
  out.push(call.readOnly ? READ_ONLY_TRUE : READ_ONLY_FALSE);
  if (f.resources) member(out, 'resources', f.resources);
  out.push(
    call.vpcEndpoint || call.sharedEventId
      ? tailText(p.accountId, f.tlsDetails, f.fromConsole, call.vpcEndpoint, call.sharedEventId)
      : tailOf(identity, p.accountId, f.tlsDetails, f.fromConsole),
  );
}

const EVENT_SOURCE = new MemberTexts('eventSource');
const EVENT_NAME = new MemberTexts('eventName');
const AWS_REGION = new MemberTexts('awsRegion');
const SOURCE_IP = new MemberTexts('sourceIPAddress');
const USER_AGENT = new MemberTexts('userAgent');
const ERROR_CODE = new MemberTexts('errorCode');

function member(out: string[], key: string, v: unknown): void {
  out.push(keyText(key, false));
  if (!writeJson(out, v)) out.pop();
}

/** `{"eventVersion":"1.11","userIdentity":{…},"eventTime":"` per identity element (one per principal). */
const heads = new WeakMap<object, string>();
const headBytes = new WeakMap<object, Buffer>();
function headBytesOf(identity: Record<string, unknown>): Buffer {
  let bytes = headBytes.get(identity);
  if (bytes === undefined) {
    bytes = Buffer.from(headOf(identity), 'utf8');
    headBytes.set(identity, bytes);
  }
  return bytes;
}
function headOf(identity: Record<string, unknown>): string {
  let head = heads.get(identity);
  if (head === undefined) {
    head = flatText(`{"eventVersion":${jsonText(EVENT_VERSION)},"userIdentity":${jsonText(identity)},"eventTime":"`);
    heads.set(identity, head);
  }
  return head;
}

const READ_ONLY_TRUE = ',"readOnly":true';
const READ_ONLY_FALSE = ',"readOnly":false';

/**
 * From `,"eventType"` to the closing brace, per identity element and tlsDetails: it varies only with
 * the console flag. A tlsDetails object nobody promised to leave unchanged is not kept.
 */
const tails = new WeakMap<object, WeakMap<object, string[]>>();
const NO_TLS = {};
function tailOf(identity: object, accountId: string, tls: TlsDetails | undefined, fromConsole: boolean): string {
  const variant = fromConsole ? 1 : 0;
  const tlsKey = tls === undefined ? NO_TLS : isShared(tls) ? tls : undefined;
  let byTls = tails.get(identity);
  const texts = tlsKey && byTls?.get(tlsKey);
  const kept = texts?.[variant];
  if (kept !== undefined) return kept;
  const text = tailText(accountId, tls, fromConsole);
  if (tlsKey) {
    if (!byTls) tails.set(identity, (byTls = new WeakMap()));
    let t = byTls.get(tlsKey);
    if (!t) byTls.set(tlsKey, (t = []));
    t[variant] = text;
  }
  return text;
}

/**
 * The text from `,"eventType"` to the closing brace (calls through a VPC endpoint and records with a
 * sharedEventID are not cached: they are few, and the id is new each time).
 */
function tailText(accountId: string, tls: TlsDetails | undefined, fromConsole: boolean, vpce?: { id: string; accountId: string }, sharedEventId?: string): string {
  return flatText(
    `,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":${jsonText(accountId)}` +
    `${sharedEventId ? `,"sharedEventID":${jsonText(sharedEventId)}` : ''}` +
    `${vpce ? `,"vpcEndpointId":${jsonText(vpce.id)},"vpcEndpointAccountId":${jsonText(vpce.accountId)}` : ''}` +
    `,"eventCategory":"Management"${tls ? `,"tlsDetails":${jsonText(tls)}` : ''}` +
    `${fromConsole ? ',"sessionCredentialFromConsole":"true"' : ''}}`,
  );
}

/** The errorCode a record gives a call's error: IAM denials reach the caller as AccessDeniedException but are recorded as AccessDenied (cloudtrail-research.md §8.4). */
export function recordedErrorCode(code: string): string {
  return code === 'AccessDeniedException' ? 'AccessDenied' : code;
}

function hasMembers(o: object): boolean {
  for (const _ in o) if (Object.hasOwn(o, _)) return true;
  return false;
}

function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}
