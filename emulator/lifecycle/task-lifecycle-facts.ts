import type { LoadBalancer } from '@aws-sdk/client-ecs';
import type { EcsStore } from '../state/ecs-store.js';
import { plannedRunningAt, type TaskRecord } from '../model/task.js';
import type { LifecycleTimings } from './timings.js';

/**
 * What ECS does for one task besides running its containers, and when: the network interface it makes
 * for an awsvpc task, the roles whose credentials it fetches for the task, the load balancer targets it
 * registers. Neutral facts (no CloudTrail here): the server turns them into the records AWS adds to the
 * trail (server/service-events/). Reported after every acknowledged call that placed a task or changed
 * its stop; the times follow the task's lifecycle on the injected clock (model/task.ts taskStatusAt),
 * so a later fact about the same task replaces what an earlier one said about the future.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
 */
export interface TaskLifecycleFact {
  accountId: string;
  region: string;
  taskArn: string;
  /** The last segment of the ARN (32 hex characters). */
  taskId: string;
  /** This call placed the task (its start is new); else it changed the task's stop. */
  placed: boolean;
  clusterArn: string;
  serviceArn?: string | undefined;
  /** It runs on Fargate (no container instance). */
  onFargate: boolean;
  /** The role its containers' credentials are for: RunTask's `overrides.taskRoleArn`, else the task definition's. */
  taskRoleArn?: string | undefined;
  /** The role ECS pulls the image and writes logs with: the override, else the task definition's. */
  executionRoleArn?: string | undefined;
  /** awsvpc tasks: the interface ECS creates for the task (PROVISIONING) and deletes (DEPROVISIONING). */
  networkInterface?: TaskNetworkInterface | undefined;
  /** Target groups the service's scheduler registers the task with (ACTIVATING) and deregisters it from (DEACTIVATING). */
  loadBalancerTargets: readonly LoadBalancerTarget[];
  /** PROVISIONING begins (the task was placed). */
  createdAt: number;
  /** PENDING begins: the task's credentials are fetched, the image pulled. Undefined if it stopped first. */
  pendingAt?: number | undefined;
  /** RUNNING begins (ACTIVATING ends). Undefined if it stops first. */
  runningAt?: number | undefined;
  /** The stop is requested: DEACTIVATING, then STOPPING. Undefined while no stop is requested. */
  stoppingAt?: number | undefined;
  /** The containers have exited: DEPROVISIONING begins (awsvpc), or the task is STOPPED. */
  deprovisioningAt?: number | undefined;
}

export interface TaskNetworkInterface {
  attachmentId: string;
  networkInterfaceId: string;
  subnetId: string;
  securityGroups: readonly string[];
  privateIpAddress: string;
  macAddress: string;
  privateDnsName: string;
  availabilityZone: string;
}

export interface LoadBalancerTarget {
  targetGroupArn: string;
  /** The task's private address (awsvpc), else its container instance's EC2 instance id. */
  id: string;
  port: number;
}

/** The facts of the tasks a call noted (Transaction.noteTask), read from the store after the call. */
export function lifecycleFactsOf(
  store: EcsStore,
  scope: { accountId: string; region: string },
  timings: LifecycleTimings,
  tasks: ReadonlyMap<string, boolean>,
): TaskLifecycleFact[] {
  const out: TaskLifecycleFact[] = [];
  for (const [arn, placed] of tasks) {
    const task = store.tasks.get(arn);
    if (task) out.push(lifecycleFactOf(store, scope, timings, task, placed));
  }
  return out;
}

export function lifecycleFactOf(
  store: EcsStore,
  scope: { accountId: string; region: string },
  t: LifecycleTimings,
  task: TaskRecord,
  placed: boolean,
): TaskLifecycleFact {
  const td = taskDefinitionOf(store, task.taskDefinitionArn);
  const awsvpc = task.eni !== undefined;
  const stopAt = task.stop?.at;
  const pendingFrom = task.createdAt + (awsvpc ? t.provisioningMs : 0);
  // As taskStatusAt: a stop at or before a phase's start means the task never reaches it.
  const reaches = (at: number) => stopAt === undefined || at < stopAt;
  const eni = task.eni;
  const fact: TaskLifecycleFact = {
    accountId: scope.accountId,
    region: scope.region,
    taskArn: task.arn,
    taskId: task.id,
    placed,
    clusterArn: task.clusterArn,
    serviceArn: task.serviceArn,
    onFargate: task.containerInstanceArn === undefined,
    taskRoleArn: task.overrides.taskRoleArn ?? td?.taskRoleArn,
    executionRoleArn: task.overrides.executionRoleArn ?? td?.executionRoleArn,
    networkInterface: eni && {
      attachmentId: eni.attachmentId,
      networkInterfaceId: eni.eniId,
      subnetId: eni.subnetId,
      securityGroups: eni.securityGroups ?? [],
      privateIpAddress: eni.privateIp,
      macAddress: eni.macAddress,
      privateDnsName: eni.privateDnsName,
      availabilityZone: task.availabilityZone,
    },
    loadBalancerTargets: targetsOf(store, task),
    createdAt: task.createdAt,
    pendingAt: reaches(pendingFrom) ? pendingFrom : undefined,
    runningAt: plannedRunningAt(task, t),
  };
  if (stopAt !== undefined) {
    fact.stoppingAt = stopAt;
    fact.deprovisioningAt = stopAt + t.stoppingMs;
  }
  return fact;
}

function taskDefinitionOf(store: EcsStore, arn: string) {
  const m = /:task-definition\/([^:]+):(\d+)$/.exec(arn);
  return m ? store.taskDefinitions.get(m[1]!)?.[Number(m[2]) - 1]?.definition : undefined;
}

/**
 * A service's tasks are registered with the target groups of the deployment (or task set) that
 * started them; a task outside a service has none. Classic Load Balancers (`loadBalancerName`) are
 * left out: their calls are not modelled.
 */
function targetsOf(store: EcsStore, task: TaskRecord): LoadBalancerTarget[] {
  if (!task.serviceArn) return [];
  const svc = store.services.get(task.serviceArn);
  if (!svc) return [];
  const deployment = svc.deployments.find((d) => d.id === task.startedBy);
  const revision = deployment && svc.revisions.find((r) => r.arn === deployment.revisionArn);
  const balancers: readonly LoadBalancer[] = deployment?.taskSet?.loadBalancers ?? revision?.loadBalancers ?? svc.settings.loadBalancers;
  const out: LoadBalancerTarget[] = [];
  for (const lb of balancers) {
    if (!lb.targetGroupArn || lb.containerPort === undefined) continue;
    if (task.eni) {
      out.push({ targetGroupArn: lb.targetGroupArn, id: task.eni.privateIp, port: lb.containerPort });
      continue;
    }
    // bridge/host: the instance, on the host port Docker bound the container port to.
    const instance = task.containerInstanceArn ? store.containerInstances.get(task.containerInstanceArn) : undefined;
    const binding = task.containers
      .find((c) => c.name === lb.containerName)
      ?.networkBindings?.find((b) => b.containerPort === lb.containerPort);
    if (instance && binding?.hostPort !== undefined) out.push({ targetGroupArn: lb.targetGroupArn, id: instance.ec2InstanceId, port: binding.hostPort });
  }
  return out;
}
