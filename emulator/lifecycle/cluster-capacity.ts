import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import { serviceStatusAt, type ServiceRecord } from '../model/service.js';
import { liveTasksOfCluster, type TaskRecord } from '../model/task.js';
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
      change.replaceTasks(mine, DRAINING_REASON);
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
