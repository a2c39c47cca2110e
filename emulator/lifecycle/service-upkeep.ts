import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import type { ServiceRecord } from '../model/service.js';
import { isRollingOut } from '../model/service-deployment-record.js';
import { reconcileDaemon } from './daemon-scheduling.js';
import { ServiceChange } from './service-deployment.js';
import { rollForward } from './rolling-waves.js';
import { advanceStages } from './deployment-stages.js';
import { replaceLostTaskSetTasks } from './task-set-scaling.js';

/**
 * The scheduler's work between calls, done by the next call that reads or changes the service and
 * dated to the moment it was due: tasks lost to StopTask are replaced, the next wave of a rolling
 * update starts, blue/green stages move on (bake times end, pause hooks time out), tasks that found no
 * room before are placed if there is room now, and a daemon follows the cluster's instances. Run by
 * every operation on a service before it reads or changes it, and by the container-instance
 * operations for every service of the cluster (cluster-capacity.ts); a service with nothing due is
 * returned as is.
 */
export function keepDesiredCount(ctx: OperationContext, cluster: ClusterRecord, svc: ServiceRecord): ServiceRecord {
  if (svc.status !== 'ACTIVE' || svc.deployments.length === 0) return svc;
  const change = new ServiceChange(ctx, cluster, svc);
  let moved = false;
  if (svc.settings.schedulingStrategy === 'DAEMON') {
    moved = reconcileDaemon(change);
  } else if (change.taskSets) {
    moved = replaceLostTaskSetTasks(change);
  } else {
    const p = change.primary!;
    moved = change.replaceLost(p.id, p.desiredCount);
    const next = change.primary!;
    // A blocked wave is tried again now; a planned one when it is due.
    const waveDue = next.rolloutBlocked ? ctx.now : next.rolloutAt;
    if (waveDue !== undefined && waveDue <= ctx.now) moved = rollForward(change, waveDue) || moved;
    moved = advanceStages(change) || moved;
    const sd = change.currentServiceDeployment;
    const staged = sd?.stages !== undefined && isRollingOut(sd, ctx.now);
    const settled = change.primary!;
    if (settled.rolloutAt === undefined && !staged) moved = change.fillMissing(settled.id, settled.desiredCount) || moved;
  }
  if (!moved) return svc;
  const { deployments: _d, events: _e, serviceDeployments: _s, revisions: _r, ...rest } = svc;
  return change.finish(rest);
}

/** Upkeep for a service found by an ARN (service deployments, revisions): its cluster is looked up. */
export function upkeepOf(ctx: OperationContext, svc: ServiceRecord): ServiceRecord {
  const cluster = ctx.store.clusters.get(svc.clusterName);
  return cluster && cluster.status === 'ACTIVE' ? keepDesiredCount(ctx, cluster, svc) : svc;
}
