import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import { placeTask, resolvePlacement, type Placement, type PlaceTaskRequest } from '../model/place-task.js';
import type { ServiceSettings } from '../model/service.js';
import type { TaskRecord } from '../model/task.js';
import type { PlacementReason, Unplaced } from '../placement/choose-instance.js';
import { NO_INSTANCES, placeOnEach, placeOnInstances } from '../placement/place-on-instances.js';
import { parseConstraints, parseStrategies, SERVICE_DEFAULT_STRATEGY } from '../placement/placement-rules.js';
import type { DeploymentSpec } from './service-deployment.js';

/**
 * Where a service's tasks run. Errors in the request (a strategy naming an unknown provider, a
 * missing network configuration) are the call's errors; a cluster without room is not: the service
 * is created and reports that it cannot place tasks in its events, as ECS does.
 */
export function servicePlacement(ctx: OperationContext, cluster: ClusterRecord, spec: DeploymentSpec): Placement {
  return resolvePlacement(ctx, { cluster, ...spec });
}

export interface ServiceTasksResult {
  started: TaskRecord[];
  /** The sentence of the service event when a task could not be placed. */
  unplacedReason?: string | undefined;
}

/**
 * Start up to `count` tasks of a service: on Fargate every one starts; on container instances each
 * goes where the service's constraints and strategy (default: spread over Availability Zones) put
 * it, and the first that fits nowhere ends the attempt with the reason ECS reports.
 */
export function startServiceTasks(
  ctx: OperationContext,
  req: PlaceTaskRequest,
  placement: Placement,
  count: number,
  settings: ServiceSettings,
  on?: readonly ContainerInstanceRecord[],
  releasing?: ReadonlySet<string>,
): ServiceTasksResult {
  if (!placement.onInstances) {
    const started: TaskRecord[] = [];
    for (let i = 0; i < count; i++) started.push(placeTask(ctx, req, placement));
    return { started };
  }
  const constraints = parseConstraints([...(req.taskDefinition.definition.placementConstraints ?? []), ...settings.placementConstraints]);
  if (on) {
    const { tasks, unplaced } = placeOnEach(ctx, req, placement, on, constraints, releasing);
    return { started: tasks, unplacedReason: unplaced[0] ? closestSentence(unplaced[0]) : undefined };
  }
  const strategy = settings.placementStrategy.length ? parseStrategies(settings.placementStrategy) : SERVICE_DEFAULT_STRATEGY;
  const result = placeOnInstances(ctx, { req, placement, count, constraints, strategy, perProvider: tasksPerProvider(ctx, req) });
  let unplacedReason: string | undefined;
  if (result.noInstances) unplacedReason = `Reason: ${NO_INSTANCES}`;
  else if (result.unplaced) unplacedReason = closestSentence(result.unplaced);
  return { started: result.tasks, unplacedReason };
}

/** A service's live tasks per capacity provider: base and weight count the service's tasks. */
function tasksPerProvider(ctx: OperationContext, req: PlaceTaskRequest): Map<string, number> {
  const out = new Map<string, number>();
  if (!req.serviceArn) return out;
  for (const task of ctx.store.tasks.values()) {
    if (task.serviceArn !== req.serviceArn || task.stop || !task.capacityProviderName) continue;
    out.set(task.capacityProviderName, (out.get(task.capacityProviderName) ?? 0) + 1);
  }
  return out;
}

/**
 * The middle sentence of "(service x) was unable to place a task because no container instance met
 * all of its requirements. The closest matching (container-instance <id>) has insufficient memory
 * available. For more information, see …" as real events word it (service-event-messages page;
 * spinnaker/clouddriver and awslabs test fixtures quote CPU, ports, agent and MemberOf variants).
 * The ATTRIBUTE and DistinctInstance sentences follow the page's descriptions [INFER].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages-list.html
 */
const CLOSEST: Readonly<Record<PlacementReason, string>> = {
  AGENT: "doesn't have the agent connected.",
  ATTRIBUTE: 'is missing an attribute required by your task.',
  'RESOURCE:CPU': 'has insufficient CPU units available.',
  'RESOURCE:MEMORY': 'has insufficient memory available.',
  'RESOURCE:PORTS': 'is already using a port required by your task.',
  'RESOURCE:PORTS_UDP': 'is already using a port required by your task.',
  'MemberOf placement constraint unsatisfied.': 'encountered error "MemberOf placement constraint unsatisfied."',
  'DistinctInstance placement constraint unsatisfied.': 'encountered error "DistinctInstance placement constraint unsatisfied."',
};

export function closestSentence(u: Unplaced): string {
  return `The closest matching (container-instance ${u.closest.instance.id}) ${CLOSEST[u.closest.reason]}`;
}
