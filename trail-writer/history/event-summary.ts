import type { CallRecord } from '../call-record.js';
import type { RecordFields } from '../record/build-record.js';
import { userIdentity } from '../record/user-identity.js';
import { resourcesIn, resourcesOf, type ResourcePair } from './event-resources.js';

/** What event history answers and filters on, taken from one CloudTrail record. */
export interface EventSummary {
  /** Seconds since the epoch (records have second precision). */
  eventTime: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  readOnly: boolean | undefined;
  username: string | undefined;
  accessKeyId: string | undefined;
  resources: ResourcePair[];
}

type Json = Record<string, unknown>;

export function summarize(record: Json): EventSummary | undefined {
  const time = typeof record.eventTime === 'string' ? Date.parse(record.eventTime) : NaN;
  if (!Number.isFinite(time) || typeof record.eventID !== 'string') return undefined;
  const identity = (record.userIdentity && typeof record.userIdentity === 'object' ? record.userIdentity : {}) as Json;
  const key = identity.accessKeyId;
  return {
    eventTime: Math.floor(time / 1000),
    eventId: record.eventID,
    eventName: typeof record.eventName === 'string' ? record.eventName : '',
    eventSource: typeof record.eventSource === 'string' ? record.eventSource : '',
    readOnly: typeof record.readOnly === 'boolean' ? record.readOnly : undefined,
    username: usernameOf(identity),
    accessKeyId: typeof key === 'string' && key.length > 0 ? key : undefined,
    resources: resourcesOf(record),
  };
}

/**
 * What `summarize(buildRecord(call, fields))` gives, read from the call and what its record shows
 * (the record text is written straight from these; no record object is made for event history).
 */
export function summarizeCall(call: CallRecord, f: Pick<RecordFields, 'requestParameters' | 'responseElements' | 'resources'>): EventSummary | undefined {
  if (!Number.isFinite(call.eventTime)) return undefined;
  const id = identityFacts(userIdentity(call.principal));
  return {
    eventTime: Math.floor(call.eventTime / 1000),
    eventId: call.eventId,
    eventName: call.eventName,
    eventSource: call.eventSource,
    readOnly: call.readOnly,
    username: id.username,
    accessKeyId: id.accessKeyId,
    resources: resourcesIn(call.eventSource, f.requestParameters, f.responseElements, f.resources),
  };
}

/** Per userIdentity element (one per principal, shared by its records): its Username and key, worked out once. */
const facts = new WeakMap<object, { username: string | undefined; accessKeyId: string | undefined }>();
function identityFacts(identity: Json): { username: string | undefined; accessKeyId: string | undefined } {
  let f = facts.get(identity);
  if (!f) {
    const key = identity.accessKeyId;
    f = { username: usernameOf(identity), accessKeyId: typeof key === 'string' && key.length > 0 ? key : undefined };
    facts.set(identity, f);
  }
  return f;
}

/**
 * Event history's `Username`: the IAM user's name, the role session name for an assumed role
 * (the API Reference's example shows `"Username": "my-session-name"`), `root` for the root user
 * (CLI user guide example), the federated user's name.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events-cli.html
 */
export function usernameOf(identity: Json): string | undefined {
  const arn = typeof identity.arn === 'string' ? identity.arn : '';
  switch (identity.type) {
    case 'Root':
      return 'root';
    case 'AssumedRole':
      // arn:aws:sts::<account>:assumed-role/<role>/<session>
      return arn.split('/').at(-1) || undefined;
    case 'FederatedUser':
      return arn.split('federated-user/')[1] || undefined;
    default:
      return typeof identity.userName === 'string' && identity.userName ? identity.userName : undefined;
  }
}
