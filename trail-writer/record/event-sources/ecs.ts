/**
 * What CloudTrail does differently per ECS operation (everything else follows the generic rules).
 */
export const ECS_EVENT_SOURCE = 'ecs.amazonaws.com';

/**
 * Read-only calls whose records still carry the response: a real ListTagsForResource record has
 * `responseElements: {"tags":[…]}` (samples/ecs-ListTagsForResource-real-2021-…), while real
 * DescribeClusters and ListClusters records have `responseElements: null`.
 */
export const READ_ONLY_WITH_RESPONSE: ReadonlySet<string> = new Set(['ListTagsForResource']);

/** Whether the record of a successful call carries its response (`responseElements`). */
export function recordShowsResponse(eventName: string, readOnly: boolean): boolean {
  return !readOnly || READ_ONLY_WITH_RESPONSE.has(eventName);
}

export const REDACTED = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * Since June 2023 ECS redacts container environment variables in RunTask/StartTask records
 * (aws-samples/aws-batch-runtime-monitoring#20); the whole value is replaced by CloudTrail's usual
 * marker. Returns a copy; the input is not changed.
 */
export function redactRequest(eventName: string, params: Record<string, unknown>): Record<string, unknown> {
  if (eventName !== 'RunTask' && eventName !== 'StartTask') return params;
  return redactOverrides(params);
}

/**
 * The same overrides come back inside the Task objects of RunTask/StartTask/StopTask responses;
 * redacting them in the request only would leave them readable a few fields later
 * (cloudtrail-research.md §8.6, an inference: no real RunTask responseElements was found).
 */
export function redactResponse(eventName: string, response: unknown): unknown {
  if (!response || typeof response !== 'object') return response;
  const r = response as { tasks?: unknown; task?: unknown };
  if ((eventName === 'RunTask' || eventName === 'StartTask') && Array.isArray(r.tasks)) {
    return { ...r, tasks: r.tasks.map((task: unknown) => redactOverrides(task)) };
  }
  if (eventName === 'StopTask' && r.task) return { ...r, task: redactOverrides(r.task) };
  if (eventName === 'ExecuteCommand') return redactSessionToken(response);
  return response;
}

/**
 * ExecuteCommand's `session.tokenValue` is the one member of the ECS model marked sensitive
 * (SensitiveString in @aws-sdk/client-ecs's schema); CloudTrail writes sensitive members as
 * HIDDEN_DUE_TO_SECURITY_REASONS, as a real SSM StartSession record shows for the same kind of token
 * (`"tokenValue": "HIDDEN_DUE_TO_SECURITY_REASONS"`, Stratus Red Team detonation published with a
 * SOC-lab rule). sessionId and streamUrl stay readable there too. An inference for ECS: no real
 * ExecuteCommand responseElements was found (cloudtrail-research.md §4, §8.6).
 */
function redactSessionToken(response: unknown): unknown {
  const r = response as { session?: Record<string, unknown> };
  if (!r.session || typeof r.session !== 'object' || !('tokenValue' in r.session)) return response;
  return { ...r, session: { ...r.session, tokenValue: REDACTED } };
}

/** A copy of an object whose `overrides.containerOverrides[].environment` are replaced (others as is). */
function redactOverrides<T>(holder: T): T {
  if (!holder || typeof holder !== 'object') return holder;
  const overrides = (holder as { overrides?: { containerOverrides?: unknown } }).overrides;
  if (!overrides || !Array.isArray(overrides.containerOverrides)) return holder;
  const containerOverrides = overrides.containerOverrides.map((o: unknown) =>
    o && typeof o === 'object' && 'environment' in o ? { ...(o as object), environment: REDACTED } : o,
  );
  return { ...holder, overrides: { ...overrides, containerOverrides } };
}
