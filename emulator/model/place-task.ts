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
  stop?: TaskStop | undefined;
}

export interface Placement {
  launchType?: LaunchType | undefined;
  capacityProviderName?: string | undefined;
  awsvpc: boolean;
}

/**
 * Where a task would run, or the ECS error that says why it cannot. There are no container
 * instances in the emulator, so the EC2 launch type always fails as it does on an empty cluster.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
 */
export function resolvePlacement(ctx: OperationContext, req: PlaceTaskRequest): Placement {
  const td = req.taskDefinition.definition;
  let launchType = req.launchType;
  let capacityProviderName: string | undefined;
  const strategy = req.capacityProviderStrategy?.length
    ? req.capacityProviderStrategy
    : req.launchType
      ? undefined
      : req.cluster.defaultCapacityProviderStrategy.length
        ? req.cluster.defaultCapacityProviderStrategy
        : undefined;
  if (req.launchType && req.capacityProviderStrategy?.length) {
    throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  if (strategy) {
    const first = strategy[0]!.capacityProvider ?? '';
    if (first !== 'FARGATE' && first !== 'FARGATE_SPOT') {
      throw invalidParameter(`The specified capacity provider ${first} is not in an ACTIVE state. Specify a valid capacity provider and try again.`);
    }
    capacityProviderName = first;
    launchType = undefined;
  } else if (!launchType) {
    launchType = 'EC2';
  }
  const fargate = launchType === 'FARGATE' || capacityProviderName !== undefined;
  // EC2, EXTERNAL and MANAGED_INSTANCES all need container instances, and there are none.
  if (!fargate) {
    throw invalidParameter('No Container Instances were found in your cluster.');
  }
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
  }
  return { launchType, capacityProviderName, awsvpc };
}

/** Create a task (PROVISIONING at `createdAt`) through the call's transaction. */
export function placeTask(ctx: OperationContext, req: PlaceTaskRequest, placement = resolvePlacement(ctx, req)): TaskRecord {
  const td = req.taskDefinition;
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
    };
  }
  const fargate = placement.launchType === 'FARGATE' || placement.capacityProviderName !== undefined;
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
    // Tasks placed by a FARGATE/FARGATE_SPOT capacity provider still report launchType FARGATE.
    launchType: placement.launchType ?? (placement.capacityProviderName ? 'FARGATE' : undefined),
    capacityProviderName: placement.capacityProviderName,
    platformVersion: fargate ? (req.platformVersion && req.platformVersion !== 'LATEST' ? req.platformVersion : '1.4.0') : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    cpu: req.overrides?.cpu ?? td.definition.cpu,
    memory: req.overrides?.memory ?? td.definition.memory,
    group: req.group ?? `family:${td.family}`,
    startedBy: req.startedBy,
    serviceArn: req.serviceArn,
    overrides,
    containers: (td.definition.containerDefinitions ?? []).map((c) => ({
      name: c.name ?? '',
      image: c.image ?? '',
      containerArn: containerArn(ctx, req.cluster.name, id, ctx.ids.uuid()),
      runtimeId: `${id}-${ctx.ids.hex(10)}`,
      cpu: c.cpu !== undefined ? String(c.cpu) : undefined,
      memory: c.memory !== undefined ? String(c.memory) : undefined,
      memoryReservation: c.memoryReservation !== undefined ? String(c.memoryReservation) : undefined,
    })),
    eni,
    availabilityZone: `${ctx.region}${'abc'[parseInt(id.slice(0, 2), 16) % 3]}`,
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
  return task;
}

/** Ask a task to stop at `stop.at` (no change if a stop is already requested earlier). */
export function requestTaskStop(ctx: OperationContext, task: TaskRecord, stop: TaskStop): TaskRecord {
  if (task.stop && task.stop.at <= stop.at) return task;
  const stopped: TaskRecord = { ...task, stop };
  ctx.tx.set(ctx.store.tasks, task.arn, stopped);
  return stopped;
}
