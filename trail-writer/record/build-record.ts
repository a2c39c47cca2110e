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
  // A replacer takes JSON.stringify off its fast path; only responses hold Dates (requests come from
  // JSON or YAML), and most records — read-only calls, errors — have none.
  if (record.responseElements === null) return JSON.stringify(record);
  return JSON.stringify(record, dateReplacer);
}

function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? javaDateString(raw) : value;
}

function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}
