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

export const REDACTED = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * Since June 2023 ECS redacts container environment variables in RunTask/StartTask records
 * (aws-samples/aws-batch-runtime-monitoring#20); the whole value is replaced by CloudTrail's usual
 * marker. Returns a copy; the input is not changed.
 */
export function redactRequest(eventName: string, params: Record<string, unknown>): Record<string, unknown> {
  if (eventName !== 'RunTask' && eventName !== 'StartTask') return params;
  const overrides = params.overrides as { containerOverrides?: unknown } | undefined;
  if (!overrides || !Array.isArray(overrides.containerOverrides)) return params;
  const containerOverrides = overrides.containerOverrides.map((o: unknown) =>
    o && typeof o === 'object' && 'environment' in o ? { ...(o as object), environment: REDACTED } : o,
  );
  return { ...params, overrides: { ...overrides, containerOverrides } };
}
