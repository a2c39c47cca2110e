import type { CapacityProviderStrategyItem, TaskDefinition } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { invalidParameter, type EcsServiceError } from '../errors.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import { placeTask, type Placement, type PlaceTaskRequest } from '../model/place-task.js';
import type { TaskRecord } from '../model/task.js';
import { chooseInstance, type Unplaced } from './choose-instance.js';
import type { ParsedConstraint, ParsedStrategy } from './placement-rules.js';
import { reservationOf } from './task-reservation.js';
import { clusterUsage } from './instance-usage.js';

/**
 * RunTask's answer on a cluster with no container instance to place on (aws/amazon-ecs-cli#1122,
 * awsdocs/amazon-ecs-developer-guide#1). Its operator hint says how to get capacity in the emulator;
 * the caller and the trail get ECS's sentence alone.
 */
export const NO_INSTANCES = 'No Container Instances were found in your cluster.';
export const NO_INSTANCES_HINT =
  'the cluster has no container instances: start ecs-trail with --ec2-instances N (every new cluster gets N simulated instances), ' +
  'declare ec2 capacity in a scenario, or register one with RegisterContainerInstance';

export function noInstances(): EcsServiceError {
  const err = invalidParameter(NO_INSTANCES);
  err.operatorHint = NO_INSTANCES_HINT;
  return err;
}

export interface InstanceTasks {
  req: PlaceTaskRequest;
  placement: Placement;
  count: number;
  constraints: readonly ParsedConstraint[];
  strategy: readonly ParsedStrategy[];
  /** Tasks of the same request already on each Auto Scaling group provider (base and weight count them). */
  perProvider?: Map<string, number> | undefined;
}

export interface InstanceTasksResult {
  tasks: TaskRecord[];
  /** Why the first task that did not fit could not be placed. */
  unplaced?: Unplaced | undefined;
  /** The cluster (or the chosen capacity provider) has no ACTIVE container instance. */
  noInstances?: boolean | undefined;
}

/** Place up to `count` tasks one by one, each on the instance the rules choose; stop at the first that fits nowhere. */
export function placeOnInstances(ctx: OperationContext, r: InstanceTasks): InstanceTasksResult {
  const td = r.req.taskDefinition.definition;
  const requiredAttributes = requiredAttributesOf(td);
  const perProvider = r.perProvider ?? new Map<string, number>();
  const tasks: TaskRecord[] = [];
  for (let i = 0; i < r.count; i++) {
    const provider = r.placement.providerStrategy ? providerFor(r.placement.providerStrategy, perProvider) : undefined;
    const choice = chooseInstance(ctx, {
      clusterName: r.req.cluster.name,
      reservation: reservationOf(td, r.req.overrides),
      requiredAttributes,
      group: r.req.group ?? `family:${r.req.taskDefinition.family}`,
      constraints: r.constraints,
      strategy: r.strategy,
      capacityProviderName: provider,
    });
    if (choice === undefined) return { tasks, noInstances: true };
    if (!('instance' in choice)) return { tasks, unplaced: choice };
    tasks.push(placeTask(ctx, { ...r.req, instance: choice.instance, capacityProviderName: provider }, r.placement));
    if (provider !== undefined) perProvider.set(provider, (perProvider.get(provider) ?? 0) + 1);
  }
  return { tasks };
}

/** StartTask and a daemon: one task on each named instance that can take it; failures for the rest. */
export function placeOnEach(
  ctx: OperationContext,
  req: PlaceTaskRequest,
  placement: Placement,
  instances: readonly ContainerInstanceRecord[],
  constraints: readonly ParsedConstraint[] = [],
  releasing?: ReadonlySet<string>,
): { tasks: TaskRecord[]; unplaced: Unplaced[] } {
  const td = req.taskDefinition.definition;
  const tasks: TaskRecord[] = [];
  const unplaced: Unplaced[] = [];
  // Each task goes on a different instance, so one instance's placement never changes another's room.
  let usage = clusterUsage(ctx, req.cluster.name, releasing);
  const took = new Set<string>();
  for (const instance of instances) {
    // An instance named twice (StartTask) is looked at again with its first task counted.
    if (took.has(instance.arn)) usage = clusterUsage(ctx, req.cluster.name, releasing);
    const choice = chooseInstance(ctx, {
      clusterName: req.cluster.name,
      reservation: reservationOf(td, req.overrides),
      requiredAttributes: requiredAttributesOf(td),
      group: req.group ?? `family:${req.taskDefinition.family}`,
      constraints,
      strategy: [],
      only: [instance],
      releasing,
      usage,
    });
    if (choice && 'instance' in choice) {
      tasks.push(placeTask(ctx, { ...req, instance }, placement));
      took.add(instance.arn);
    }
    else if (choice) unplaced.push(choice);
  }
  return { tasks, unplaced };
}

/**
 * The attributes an instance needs for the task: the definition's `requiresAttributes`, and the
 * privileged-container capability for a privileged container (an agent with privileged containers
 * turned off does not register it).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html
 */
export function requiredAttributesOf(td: TaskDefinition): string[] {
  const names = (td.requiresAttributes ?? []).map((a) => a.name ?? '').filter((n) => n !== '');
  if ((td.containerDefinitions ?? []).some((c) => c.privileged === true)) names.push('com.amazonaws.ecs.capability.privileged-container');
  return names;
}

/**
 * The provider of the next task: providers with a `base` get their base first, in order; then each
 * task goes where it keeps the split closest to the weights.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
 */
function providerFor(strategy: readonly CapacityProviderStrategyItem[], placed: Map<string, number>): string {
  for (const s of strategy) {
    const name = s.capacityProvider!;
    if ((placed.get(name) ?? 0) < (s.base ?? 0)) return name;
  }
  let best: string | undefined;
  let bestRatio = Infinity;
  for (const s of strategy) {
    const weight = s.weight ?? 0;
    if (weight <= 0) continue;
    const ratio = (placed.get(s.capacityProvider!) ?? 0) / weight;
    if (ratio < bestRatio) {
      bestRatio = ratio;
      best = s.capacityProvider!;
    }
  }
  return best ?? strategy[0]!.capacityProvider!;
}
