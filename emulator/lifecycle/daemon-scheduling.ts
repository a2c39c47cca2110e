import type { OperationContext } from '../context.js';
import { registeredInstances, type ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import type { Placement } from '../model/place-task.js';
import type { DeploymentRecord, ServiceRecord } from '../model/service.js';
import { tasksOfDeployment } from '../model/service.js';
import { taskDefinitionByArn } from '../model/service-config.js';
import { matchesClusterQuery } from '../model/container-instances/cluster-query.js';
import { factsOf } from '../placement/choose-instance.js';
import { clusterUsage, emptyUsage } from '../placement/instance-usage.js';
import { parseConstraints } from '../placement/placement-rules.js';
import type { ServiceChange } from './service-deployment.js';

/**
 * The DAEMON scheduling strategy: "exactly one task on each active container instance that meets all
 * of the task placement constraints"; tasks on instances that stop meeting them (DRAINING,
 * deregistered, an attribute removed) are stopped, and new instances get one. The desired count is
 * the number of such instances. Resources are checked when the task is placed: an instance without
 * room counts as desired and is reported in the service events.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html#service_scheduler_daemon
 */
export const DAEMON_LEFT_INSTANCE = 'Task stopped because its container instance no longer meets the placement constraints of the daemon service'; // [GUESS]

/** The ACTIVE instances a daemon service should run a task on. */
export function daemonInstances(ctx: OperationContext, svc: ServiceRecord, taskDefinitionArn: string): ContainerInstanceRecord[] {
  const td = taskDefinitionByArn(ctx, taskDefinitionArn);
  const constraints = parseConstraints([...(td?.definition.placementConstraints ?? []), ...svc.settings.placementConstraints]);
  const usage = clusterUsage(ctx, svc.clusterName);
  return registeredInstances(ctx, svc.clusterName).filter((ci) => {
    if (ci.status !== 'ACTIVE') return false;
    const facts = factsOf(ci, usage.get(ci.arn) ?? emptyUsage());
    return constraints.every((c) => c.type !== 'memberOf' || matchesClusterQuery(c.query, facts));
  });
}

/**
 * A new daemon deployment (CreateService, or UpdateService with a new revision): its maximumPercent
 * is 100, so each instance's old task is stopped as its new one starts; the new task may use what the
 * old one held.
 */
export function openDaemonDeployment(change: ServiceChange, _placement: Placement, older: readonly DeploymentRecord[]): void {
  const { ctx } = change;
  const primary = change.primary!;
  const instances = daemonInstances(ctx, change.svc, primary.taskDefinitionArn);
  const old = older.flatMap((d) => tasksOfDeployment(ctx, d)).filter((t) => !t.stop);
  change.stopTasks(old);
  change.setDesiredCount(instances.length);
  change.startTasks(primary.id, 0, ctx.now, { on: instances, releasing: new Set(old.map((t) => t.arn)) });
}

/** Bring a daemon service in line with the cluster's instances; whether anything changed. */
export function reconcileDaemon(change: ServiceChange): boolean {
  const { ctx } = change;
  if (change.svc.status !== 'ACTIVE') return false;
  const d = change.primary;
  if (!d) return false;
  const instances = daemonInstances(ctx, change.svc, d.taskDefinitionArn);
  const wanted = new Set(instances.map((ci) => ci.arn));
  const live = tasksOfDeployment(ctx, d).filter((t) => !t.stop);
  const leaving = live.filter((t) => !t.containerInstanceArn || !wanted.has(t.containerInstanceArn));
  const covered = new Set(live.map((t) => t.containerInstanceArn));
  const missing = instances.filter((ci) => !covered.has(ci.arn));
  const before = d.desiredCount;
  if (leaving.length > 0) change.stopTasks(leaving, ctx.now, DAEMON_LEFT_INSTANCE);
  change.setDesiredCount(instances.length);
  const started = missing.length > 0 ? change.startTasks(d.id, 0, ctx.now, { on: missing }) : [];
  return leaving.length > 0 || started.length > 0 || before !== instances.length;
}
