/**
 * What CloudTrail does differently for its own API's events (the emulator answers LookupEvents and
 * records it, as CloudTrail records calls to itself).
 */
export const CLOUDTRAIL_EVENT_SOURCE = 'cloudtrail.amazonaws.com';

/**
 * CloudTrail's events that are `readOnly: true`: LookupEvents (a real 2025 record,
 * ../shared/samples/cloudtrail-LookupEvents-real-2025.json) and the Describe/Get/List calls, which
 * only read [INFER by verb: no real record of them was found]; every other CloudTrail event is false.
 * test/trail/read-only-events.test.ts holds this list to the installed @aws-sdk/client-cloudtrail.
 */
export const CLOUDTRAIL_READ_ONLY_EVENTS: ReadonlySet<string> = new Set([
  'DescribeQuery',
  'DescribeTrails',
  'GetChannel',
  'GetDashboard',
  'GetEventConfiguration',
  'GetEventDataStore',
  'GetEventSelectors',
  'GetImport',
  'GetInsightSelectors',
  'GetQueryResults',
  'GetResourcePolicy',
  'GetTrail',
  'GetTrailStatus',
  'ListChannels',
  'ListDashboards',
  'ListEventDataStores',
  'ListImportFailures',
  'ListImports',
  'ListInsightsData',
  'ListInsightsMetricData',
  'ListPublicKeys',
  'ListQueries',
  'ListTags',
  'ListTrails',
  'LookupEvents',
]);

type Json = Record<string, unknown>;

/** CloudTrail's timestamp members (LookupEvents, ListPublicKeys, ListQueries…): epoch seconds on the wire. */
const TIMESTAMP_MEMBERS: ReadonlySet<string> = new Set(['StartTime', 'EndTime']);

/**
 * CloudTrail's own records name the members of its (PascalCase) API the way every CloudTrail record
 * does: the wire name with its first letter lower-cased, at every depth (`LookupAttributes[].AttributeKey`
 * → `lookupAttributes[].attributeKey`); values stay as sent, and the epoch-seconds `StartTime`/`EndTime`
 * become Dates, which the record writes as CloudTrail's Java date text (`Oct 26, 2025, 11:50:52 PM`).
 * A real 2025 LookupEvents record shows both (docs/cloudtrail-self-events.md); `maxResults` stays a
 * number, as in a real 2018 record.
 */
export function cloudTrailRequest(_eventName: string, params: Json): Json {
  return recordMembers(params) as Json;
}

/**
 * Read-only calls (LookupEvents: `"responseElements":null` in the real record) show no response;
 * a write call's response gets the same member names as its request [INFER: no served CloudTrail
 * write operation exists yet].
 */
export function cloudTrailShowsResponse(_eventName: string, readOnly: boolean): boolean {
  return !readOnly;
}

export function cloudTrailResponse(_eventName: string, response: unknown): unknown {
  return recordMembers(response);
}

function recordMembers(value: unknown, key?: string): unknown {
  if (key !== undefined && TIMESTAMP_MEMBERS.has(key)) {
    const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isFinite(ms)) return new Date(ms);
  }
  if (Array.isArray(value)) return value.map((v) => recordMembers(v));
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k.charAt(0).toLowerCase() + k.slice(1)] = recordMembers(v, k);
  return out;
}
