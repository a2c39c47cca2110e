import type {
  CapacityProviderStrategyItem,
  LaunchType,
  NetworkConfiguration,
  Tag,
  TaskOverride,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import type { ClusterRecord } from './cluster.js';
import type { TaskDefinitionRecord } from './task-definition.js';
import { isFargateCompatible } from './task-definition.js';
import { containerArn, taskArn } from './arn.js';
import { invalidParameter } from '../errors.js';
import { mergeTags } from './tags.js';
import type { TaskEni, TaskRecord, TaskStop } from './task.js';
import { availabilityZoneOf, type ContainerInstanceRecord } from './container-instances/container-instance.js';
import { FARGATE_PROVIDERS, isActiveProvider } from './capacity-providers/capacity-provider.js';
import { networkBindingsOf, reservationOf } from '../placement/task-reservation.js';

/** What RunTask, or a service's scheduler, asks for when it starts one task. */
export interface PlaceTaskRequest {
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  launchType?: LaunchType | undefined;
  capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined;
  networkConfiguration?: NetworkConfiguration | undefined;
  platformVersion?: string | undefined;
  overrides?: TaskOverride | undefined;
  startedBy?: string | undefined;
  /** default `family:<family>` */
  group?: string | undefined;
  serviceArn?: string | undefined;
  enableExecuteCommand?: boolean | undefined;
  tags?: Tag[] | undefined;
  /** default: the time of the call */
  createdAt?: number | undefined;
  /** The container instance the task runs on (tasks on instances only). */
  instance?: ContainerInstanceRecord | undefined;
  /** The Auto Scaling group capacity provider that placed it. */
  capacityProviderName?: string | undefined;
  stop?: TaskStop | undefined;
}

export interface Placement {
  launchType?: LaunchType | undefined;
  /** FARGATE or FARGATE_SPOT, when a Fargate capacity provider places the tasks. */
  capacityProviderName?: string | undefined;
  /** Auto Scaling group capacity providers a task is placed by, one chosen per task by base and weight. */
  providerStrategy?: CapacityProviderStrategyItem[] | undefined;
  awsvpc: boolean;
  /** EC2, EXTERNAL or an Auto Scaling group provider: each task goes on a container instance. */
  onInstances: boolean;
}

/**
 * How tasks would run, or the ECS error that says why they cannot. With neither a launch type nor a
 * capacity provider strategy, the cluster's default strategy applies, else the EC2 launch type
 * ("If a launchType is specified, the capacityProviderStrategy parameter must be omitted. If no
 * capacityProviderStrategy or launchType is specified, the defaultCapacityProviderStrategy for the
 * cluster is used."; an empty default means EC2, as a cluster without capacity providers runs).
 * Whether an instance has room is decided per task (placement/place-on-instances.ts).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
 */
export function resolvePlacement(ctx: OperationContext, req: PlaceTaskRequest): Placement {
  const td = req.taskDefinition.definition;
  if (req.launchType && req.capacityProviderStrategy?.length) {
    throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  const strategy = req.capacityProviderStrategy?.length
    ? req.capacityProviderStrategy
    : req.launchType
      ? undefined
      : req.cluster.defaultCapacityProviderStrategy.length
        ? req.cluster.defaultCapacityProviderStrategy
        : undefined;
  let launchType = req.launchType;
  let capacityProviderName: string | undefined;
  let providerStrategy: CapacityProviderStrategyItem[] | undefined;
  if (strategy) {
    const names = strategy.map((s) => s.capacityProvider ?? '');
    const fargate = names.filter((n) => FARGATE_PROVIDERS.has(n));
    if (fargate.length > 0 && fargate.length < names.length) {
      // A strategy cannot mix Auto Scaling group and Fargate providers (API_CapacityProviderStrategyItem);
      // [GUESS] the text (docs/ecs-error-messages.md §24).
      throw invalidParameter('The capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.');
    }
    for (const n of names) {
      if (!isActiveProvider(ctx, n)) {
        throw invalidParameter(`The specified capacity provider ${n} is not in an ACTIVE state. Specify a valid capacity provider and try again.`);
      }
      // Fargate providers are accepted unassociated, as the emulator always did. [GUESS] the text.
      if (!FARGATE_PROVIDERS.has(n) && !req.cluster.capacityProviders.includes(n)) {
        throw invalidParameter('The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.');
      }
    }
    launchType = undefined;
    if (fargate.length > 0) capacityProviderName = names[0]!;
    else providerStrategy = strategy;
  } else if (!launchType) {
    launchType = 'EC2';
  }
  const fargate = launchType === 'FARGATE' || capacityProviderName !== undefined;
  if (fargate && !isFargateCompatible(td)) {
    throw invalidParameter('Task definition does not support launch_type FARGATE.');
  }
  const awsvpc = td.networkMode === 'awsvpc';
  if (awsvpc) {
    const subnets = req.networkConfiguration?.awsvpcConfiguration?.subnets;
    if (!req.networkConfiguration?.awsvpcConfiguration) {
      throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }
    if (!subnets || subnets.length === 0) throw invalidParameter('subnets can not be empty.');
  } else if (req.networkConfiguration?.awsvpcConfiguration && !fargate) {
    // [INFER] the text: ECS refuses a network configuration for a task that has no ENI of its own.
    throw invalidParameter('Network Configuration is not valid for the given networkMode of this task definition.');
  }
  return { launchType, capacityProviderName, providerStrategy, awsvpc, onInstances: !fargate };
}

/** Create a task (PROVISIONING at `createdAt`) through the call's transaction. */
export function placeTask(ctx: OperationContext, req: PlaceTaskRequest, placement = resolvePlacement(ctx, req)): TaskRecord {
  const td = req.taskDefinition;
  const instance = req.instance;
  if (placement.onInstances && !instance) throw new Error('a task on container instances needs its instance');
  const id = ctx.ids.hex(32);
  const arn = taskArn(ctx, req.cluster.name, id);
  const subnet = req.networkConfiguration?.awsvpcConfiguration?.subnets?.[0];
  let eni: TaskEni | undefined;
  if (placement.awsvpc && subnet) {
    const h = ctx.ids.hex(12);
    const ip = `10.0.${parseInt(h.slice(0, 2), 16)}.${(parseInt(h.slice(2, 4), 16) % 254) + 1}`;
    eni = {
      attachmentId: ctx.ids.uuid(),
      eniId: `eni-${ctx.ids.hex(17)}`,
      subnetId: subnet,
      macAddress: h.match(/../g)!.slice(0, 6).join(':'),
      privateIp: ip,
      privateDnsName: `ip-${ip.replaceAll('.', '-')}.${ctx.region === 'us-east-1' ? 'ec2.internal' : `${ctx.region}.compute.internal`}`,
      securityGroups: req.networkConfiguration?.awsvpcConfiguration?.securityGroups ?? [],
    };
  }
  const fargate = !placement.onInstances;
  const overrides: TaskOverride = {
    containerOverrides: req.overrides?.containerOverrides ?? td.definition.containerDefinitions?.map((c) => ({ name: c.name })) ?? [],
    inferenceAcceleratorOverrides: req.overrides?.inferenceAcceleratorOverrides ?? [],
    ...(req.overrides?.cpu ? { cpu: req.overrides.cpu } : {}),
    ...(req.overrides?.memory ? { memory: req.overrides.memory } : {}),
    ...(req.overrides?.taskRoleArn ? { taskRoleArn: req.overrides.taskRoleArn } : {}),
    ...(req.overrides?.executionRoleArn ? { executionRoleArn: req.overrides.executionRoleArn } : {}),
  };
  const task: TaskRecord = {
    arn,
    id,
    clusterName: req.cluster.name,
    clusterArn: req.cluster.arn,
    taskDefinitionArn: td.arn,
    // Tasks placed by a capacity provider report the launch type it stands for.
    launchType: placement.launchType ?? (fargate ? 'FARGATE' : 'EC2'),
    capacityProviderName: placement.capacityProviderName ?? req.capacityProviderName,
    platformVersion: fargate ? (req.platformVersion && req.platformVersion !== 'LATEST' ? req.platformVersion : '1.4.0') : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    cpu: req.overrides?.cpu ?? td.definition.cpu,
    memory: req.overrides?.memory ?? td.definition.memory,
    group: req.group ?? `family:${td.family}`,
    startedBy: req.startedBy,
    serviceArn: req.serviceArn,
    overrides,
    containers: (td.definition.containerDefinitions ?? []).map((c, i) => ({
      name: c.name ?? '',
      image: c.image ?? '',
      containerArn: containerArn(ctx, req.cluster.name, id, ctx.ids.uuid()),
      runtimeId: `${id}-${ctx.ids.hex(10)}`,
      cpu: c.cpu !== undefined ? String(c.cpu) : undefined,
      memory: c.memory !== undefined ? String(c.memory) : undefined,
      memoryReservation: c.memoryReservation !== undefined ? String(c.memoryReservation) : undefined,
      networkBindings: instance ? networkBindingsOf(td.definition, c.name, parseInt(id.slice(i % 24, (i % 24) + 8), 16)) : undefined,
    })),
    eni,
    containerInstanceArn: instance?.arn,
    reservation: instance ? reservationOf(td.definition, req.overrides) : undefined,
    availabilityZone: instance ? availabilityZoneOf(instance, ctx.region) : `${ctx.region}${'abc'[parseInt(id.slice(0, 2), 16) % 3]}`,
    enableExecuteCommand: req.enableExecuteCommand ?? false,
    ephemeralStorageGiB: fargate ? (td.definition.ephemeralStorage?.sizeInGiB ?? 20) : undefined,
    createdAt: req.createdAt ?? ctx.now,
    stop: req.stop,
  };
  ctx.tx.set(ctx.store.tasks, arn, task);
  let set = ctx.store.tasksByCluster.get(req.cluster.name);
  if (!set) {
    set = new Set();
    ctx.tx.set(ctx.store.tasksByCluster, req.cluster.name, set);
  }
  ctx.tx.add(set, arn);
  let live = ctx.store.liveTasksByCluster.get(req.cluster.name);
  if (!live) {
    live = new Set();
    ctx.tx.set(ctx.store.liveTasksByCluster, req.cluster.name, live);
  }
  ctx.tx.add(live, arn);
  mergeTags(ctx, arn, req.tags);
  ctx.tx.noteTask(arn, true);
  return task;
}

/** Ask a task to stop at `stop.at` (no change if a stop is already requested earlier). */
export function requestTaskStop(ctx: OperationContext, task: TaskRecord, stop: TaskStop): TaskRecord {
  if (task.stop && task.stop.at <= stop.at) return task;
  const stopped: TaskRecord = { ...task, stop };
  ctx.tx.set(ctx.store.tasks, task.arn, stopped);
  ctx.tx.noteTask(task.arn);
  return stopped;
}
