import { CLOUDTRAIL_EVENT_SOURCE, cloudTrailRequest, cloudTrailResponse, cloudTrailShowsResponse } from './cloudtrail.js';
import { ECS_EVENT_SOURCE, recordShowsResponse, redactRequest, redactResponse } from './ecs.js';
import {
  STS_EVENT_SOURCE,
  STS_READ_ONLY_EVENTS,
  stsAdditionalEventData,
  stsRedactRequest,
  stsRedactResponse,
  stsResources,
  stsShowsResponse,
  type RecordResource,
} from './sts.js';

type Json = Record<string, unknown>;

/** What CloudTrail does differently per event source; the record builder applies the source's rules. */
export interface EventSourceRules {
  /** Whether a successful call's record carries its response (`responseElements`). */
  showsResponse(eventName: string, readOnly: boolean): boolean;
  redactRequest(eventName: string, params: Json): Json;
  redactResponse(eventName: string, response: unknown): unknown;
  /** The record's `resources`, when the source fills them. */
  resources(eventName: string, params: Json | null): RecordResource[] | undefined;
  additionalEventData(eventName: string, failed: boolean): Json | undefined;
}

/** ECS's rules are the generic ones. */
const GENERIC: EventSourceRules = {
  showsResponse: recordShowsResponse,
  redactRequest,
  redactResponse,
  resources: () => undefined,
  additionalEventData: () => undefined,
};

const STS: EventSourceRules = {
  showsResponse: stsShowsResponse,
  redactRequest: stsRedactRequest,
  redactResponse: stsRedactResponse,
  resources: stsResources,
  additionalEventData: stsAdditionalEventData,
};

/** CloudTrail's records of calls to itself (LookupEvents): docs/cloudtrail-self-events.md. */
const CLOUDTRAIL: EventSourceRules = {
  showsResponse: cloudTrailShowsResponse,
  redactRequest: cloudTrailRequest,
  redactResponse: cloudTrailResponse,
  resources: () => undefined,
  additionalEventData: () => undefined,
};

const BY_SOURCE: ReadonlyMap<string, EventSourceRules> = new Map([
  [ECS_EVENT_SOURCE, GENERIC],
  [CLOUDTRAIL_EVENT_SOURCE, CLOUDTRAIL],
  [STS_EVENT_SOURCE, STS],
]);

export function rulesFor(eventSource: string): EventSourceRules {
  return BY_SOURCE.get(eventSource) ?? GENERIC;
}

export { STS_EVENT_SOURCE, STS_READ_ONLY_EVENTS, type RecordResource };
