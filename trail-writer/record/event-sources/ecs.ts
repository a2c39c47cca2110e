/**
 * What CloudTrail does differently per ECS operation (everything else follows the generic rules).
 */
export const ECS_EVENT_SOURCE = 'ecs.amazonaws.com';

/**
 * The ECS events CloudTrail marks `readOnly: true`; every other ECS event is `false`. A list, not a
 * verb rule, because the API's names do not all say it:
 * - Describe*, List*, Get*: read-only, as in every real record found (ListClusters 2025,
 *   DescribeClusters and ListTagsForResource 2021: ../shared/samples).
 * - DiscoverPollEndpoint (the ECS agent asks where to poll): `readOnly: true` in a real record
 *   (the ECScape talk, Black Hat USA 2025: a DiscoverPollEndpoint event made with an instance role).
 * - ExecuteCommand: false [INFER]. It opens an SSM session on a running container; read-only events
 *   "read your resources, but don't make changes", write events "modify (or might modify) your
 *   resources" (ReadWriteType, the CloudTrail event selector setting). No real record of it showing
 *   readOnly was found.
 * - Submit*StateChange(s), RegisterContainerInstance, UpdateContainerAgent: false [INFER], by the same
 *   definition: the agent reports or changes state.
 * - `ecs:Poll` is an IAM action of the agent's websocket, not an API operation: no event.
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cloudtrail.ReadWriteType.html
 * test/trail/read-only-events.test.ts holds this list to the installed @aws-sdk/client-ecs.
 */
export const ECS_READ_ONLY_EVENTS: ReadonlySet<string> = new Set([
  'DescribeCapacityProviders',
  'DescribeClusters',
  'DescribeContainerInstances',
  'DescribeDaemon',
  'DescribeDaemonDeployments',
  'DescribeDaemonRevisions',
  'DescribeDaemonTaskDefinition',
  'DescribeExpressGatewayService',
  'DescribeGateway',
  'DescribeGatewayResources',
  'DescribeGatewayRoute',
  'DescribeServiceDeployments',
  'DescribeServiceRevisions',
  'DescribeServices',
  'DescribeTaskDefinition',
  'DescribeTaskSets',
  'DescribeTasks',
  'DiscoverPollEndpoint',
  'GetTaskProtection',
  'ListAccountSettings',
  'ListAttributes',
  'ListClusters',
  'ListContainerInstances',
  'ListDaemonDeployments',
  'ListDaemonTaskDefinitions',
  'ListDaemons',
  'ListGatewayClusterAssociations',
  'ListGatewayRoutes',
  'ListGateways',
  'ListServiceDeployments',
  'ListServices',
  'ListServicesByNamespace',
  'ListTagsForResource',
  'ListTaskDefinitionFamilies',
  'ListTaskDefinitions',
  'ListTasks',
]);

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
 * marker. The input is never changed: what has something to hide is copied, anything else is returned
 * as it is.
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
    const tasks = r.tasks.map((task: unknown) => redactOverrides(task));
    return tasks.every((task, i) => task === (r.tasks as unknown[])[i]) ? response : { ...r, tasks };
  }
  if (eventName === 'StopTask' && r.task) {
    const task = redactOverrides(r.task);
    return task === r.task ? response : { ...r, task };
  }
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

/**
 * A copy of an object whose `overrides.containerOverrides[].environment` are replaced (others as is);
 * the object itself when no override has an environment.
 */
function redactOverrides<T>(holder: T): T {
  if (!holder || typeof holder !== 'object') return holder;
  const overrides = (holder as { overrides?: { containerOverrides?: unknown } }).overrides;
  if (!overrides || !Array.isArray(overrides.containerOverrides)) return holder;
  // Most tasks override no environment: they are recorded as they are, without a copy of the task.
  if (!overrides.containerOverrides.some((o: unknown) => o && typeof o === 'object' && 'environment' in o)) return holder;
  const containerOverrides = overrides.containerOverrides.map((o: unknown) =>
    o && typeof o === 'object' && 'environment' in o ? { ...(o as object), environment: REDACTED } : o,
  );
  return { ...holder, overrides: { ...overrides, containerOverrides } };
}
