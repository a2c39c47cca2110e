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
