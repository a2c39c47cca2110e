import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import { serviceStatusAt, type ServiceRecord } from '../model/service.js';
import { liveTasksOfCluster, plannedRunningAt, taskStatusAt, type TaskRecord } from '../model/task.js';
import { reconcileDaemon } from './daemon-scheduling.js';
import { ServiceChange } from './service-deployment.js';
import { keepDesiredCount } from './service-upkeep.js';

/**
 * What the service scheduler does when a cluster's capacity changes (an instance registers, drains,
 * becomes ACTIVE again, is deregistered, or its attributes change): every ACTIVE service gets its
 * upkeep at the moment of the call, so tasks waiting for room are placed and daemons follow.
 */
export function rescheduleCluster(ctx: OperationContext, cluster: ClusterRecord): void {
  for (const svc of servicesOf(ctx, cluster)) keepDesiredCount(ctx, cluster, svc);
}

/** [GUESS] the stoppedReason of a service task moved off a DRAINING instance (docs/ecs-error-messages.md §23). */
export const DRAINING_REASON = 'Task stopped because the container instance is being drained';

/**
 * A container instance turned DRAINING: "Amazon ECS prevents new tasks from being scheduled for
 * placement on the container instance", service tasks on it are replaced elsewhere (PENDING ones
 * stopped at once), daemon tasks on it are stopped, standalone tasks keep running.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
 */
export function drainInstance(ctx: OperationContext, cluster: ClusterRecord, ci: ContainerInstanceRecord): void {
  const onInstance = tasksOn(ctx, cluster, ci).filter((t) => t.serviceArn !== undefined && !t.stop);
  for (const svc of servicesOf(ctx, cluster)) {
    const change = new ServiceChange(ctx, cluster, svc);
    if (svc.settings.schedulingStrategy === 'DAEMON') {
      if (!reconcileDaemon(change)) continue;
    } else {
      const mine = onInstance.filter((t) => t.serviceArn === svc.arn);
      if (mine.length === 0) continue;
      replaceTasks(change, mine, DRAINING_REASON);
    }
    const { deployments: _d, events: _e, ...rest } = svc;
    change.finish(rest);
  }
}

/** Tasks placed on an instance that are not stopped yet. */
export function tasksOn(ctx: OperationContext, cluster: ClusterRecord, ci: ContainerInstanceRecord): TaskRecord[] {
  return liveTasksOfCluster(ctx, cluster.name).filter((t) => t.containerInstanceArn === ci.arn);
}

function servicesOf(ctx: OperationContext, cluster: ClusterRecord): ServiceRecord[] {
  const out: ServiceRecord[] = [];
  for (const svc of ctx.store.services.values()) {
    if (svc.clusterName === cluster.name && serviceStatusAt(ctx, svc) === 'ACTIVE') out.push(svc);
  }
  return out;
}

/**
 * Replace tasks of this service that must leave their instance (it is DRAINING): each gets a
 * replacement elsewhere, and is stopped when its replacement runs. PENDING ones stop at once.
 * Without room for a replacement a RUNNING task keeps running while minimumHealthyPercent is 100,
 * and stops now below it (its replacement comes when there is room).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
 */
export function replaceTasks(change: ServiceChange, tasks: readonly TaskRecord[], reason: string): void {
  const { ctx } = change;
  const minHealthy = change.svc.settings.deploymentConfiguration.minimumHealthyPercent ?? 100;
  const stopAt = new Map<number, TaskRecord[]>();
  const stopLater = (task: TaskRecord, at: number) => stopAt.set(at, [...(stopAt.get(at) ?? []), task]);
  const byDeployment = new Map<string, TaskRecord[]>();
  for (const task of tasks) {
    const owner = change.deployments.find((d) => d.taskArns.includes(task.arn));
    if (!owner || taskStatusAt(task, ctx.now, ctx.timings).lastStatus !== 'RUNNING') {
      stopLater(task, ctx.now);
      continue;
    }
    byDeployment.set(owner.id, [...(byDeployment.get(owner.id) ?? []), task]);
  }
  // The replacements of one deployment start together: one "has started" event.
  for (const [id, old] of byDeployment) {
    const started = change.startTasks(id, old.length);
    old.forEach((task, i) => {
      const runningAt = started[i] ? (plannedRunningAt(started[i], ctx.timings) ?? ctx.now) : undefined;
      if (runningAt !== undefined) stopLater(task, runningAt);
      else if (minHealthy < 100) stopLater(task, ctx.now);
    });
  }
  // One "has stopped" event per moment, as the scheduler reports a batch.
  for (const [at, batch] of [...stopAt].sort(([a], [b]) => a - b)) change.stopTasks(batch, at, reason);
}
