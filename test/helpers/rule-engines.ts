/**
 * How public detection engines see a CloudTrail record, so a technique test evaluates a rule the way
 * it runs, not against the JSON as we wrote it (docs/detections.md, "How the rule engines see a
 * record"). Each function names the engine and the behaviour it mirrors.
 */
export type TrailRecord = Record<string, any>;

/**
 * Sigma: a dotted field path where a list anywhere on the path matches if any of its elements does
 * (what the backends do, e.g. Elasticsearch flattening arrays of objects). Returns every value found
 * at the end of the path, lists there flattened too.
 */
export function sigmaValues(record: TrailRecord, path: string): unknown[] {
  let level: unknown[] = [record];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const v of level.flatMap(flatten)) {
      if (v && typeof v === 'object' && Object.hasOwn(v, key)) next.push((v as Record<string, unknown>)[key]);
    }
    level = next;
  }
  return level.flatMap(flatten);
}

const flatten = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);

/** Sigma's `field|contains: text`: a substring of any value on the path, case-insensitive (Sigma's default). */
export function sigmaContains(record: TrailRecord, path: string, text: string): boolean {
  const needle = text.toLowerCase();
  return sigmaValues(record, path).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

/** Sigma's plain `field: value` (or a list of values): equality with any value on the path. */
export function sigmaEquals(record: TrailRecord, path: string, ...values: unknown[]): boolean {
  return sigmaValues(record, path).some((v) => values.some((x) => (typeof x === 'string' && typeof v === 'string' ? x.toLowerCase() === v.toLowerCase() : x === v)));
}

/**
 * Elastic's AWS integration (packages/aws/data_stream/cloudtrail/elasticsearch/ingest_pipeline/default.yml):
 * the pipeline first drops null and empty values recursively (empty strings, maps and lists), then
 * stores `aws.cloudtrail.request_parameters` as `requestParameters.toString()` — Java's Map/List text:
 * `{family=x, containerDefinitions=[{name=a, image=docker.io/…}], cpu=16384}` (keys in record order,
 * `, ` between members, strings unquoted). ES|QL rules match that string with RLIKE.
 */
export function elasticRequestParameters(record: TrailRecord): string | undefined {
  const kept = dropEmpty(record.requestParameters);
  return kept === undefined ? undefined : javaText(kept);
}

function dropEmpty(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return undefined;
  if (Array.isArray(v)) {
    const out = v.map(dropEmpty).filter((x) => x !== undefined);
    return out.length ? out : undefined;
  }
  if (typeof v === 'object') {
    const out = Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => {
      const kept = dropEmpty(x);
      return kept === undefined ? [] : [[k, kept] as const];
    });
    return out.length ? Object.fromEntries(out) : undefined;
  }
  return v;
}

function javaText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(javaText).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}=${javaText(x)}`).join(', ')}}`;
  return String(v);
}

/** ES|QL `RLIKE`: a Lucene regular expression that must match the whole string (`.` matches any character). */
export function esqlRlike(text: string | undefined, pattern: string): boolean {
  return text !== undefined && new RegExp(`^(?:${pattern})$`, 's').test(text);
}

/** The ECS fields the Elastic integration maps from a record that the ECS rules read. */
export function elasticFields(record: TrailRecord) {
  return {
    'event.provider': record.eventSource as string,
    'event.action': record.eventName as string,
    'event.outcome': record.errorCode ? 'failure' : 'success',
    'aws.cloudtrail.user_identity.arn': record.userIdentity?.arn as string | undefined,
    'aws.cloudtrail.user_identity.type': record.userIdentity?.type as string,
    'aws.cloudtrail.request_parameters': elasticRequestParameters(record),
    'cloud.region': record.awsRegion as string,
    '@timestamp': Date.parse(record.eventTime),
  };
}

/**
 * A Datadog "New Value" rule: a signal for the first event whose value has not been seen before,
 * once the learning period (counted from the first event the rule sees) is over; values first seen
 * while learning are learned silently. Returns the events that signal.
 */
export function datadogNewValue(events: readonly TrailRecord[], valueOf: (r: TrailRecord) => unknown, learningMs: number): TrailRecord[] {
  const sorted = [...events].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  const seen = new Set<unknown>();
  const learnedUntil = sorted.length ? Date.parse(sorted[0]!.eventTime) + learningMs : 0;
  const out: TrailRecord[] = [];
  for (const r of sorted) {
    const v = valueOf(r);
    if (seen.has(v)) continue;
    seen.add(v);
    if (Date.parse(r.eventTime) >= learnedUntil) out.push(r);
  }
  return out;
}
