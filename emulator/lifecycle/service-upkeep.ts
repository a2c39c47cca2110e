import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import type { ServiceRecord } from '../model/service.js';
import { reconcileDaemon } from './daemon-scheduling.js';
import { ServiceChange } from './service-deployment.js';

/**
 * The scheduler's upkeep between calls that change a service: tasks lost to StopTask are replaced,
 * tasks that found no room before are placed if there is room now, and a daemon follows the
 * cluster's instances. Run by the service operations before they read or change a service, and by
 * the container-instance operations for every service of the cluster (lifecycle/cluster-capacity.ts).
 */
export function keepDesiredCount(ctx: OperationContext, cluster: ClusterRecord, svc: ServiceRecord): ServiceRecord {
  if (svc.status !== 'ACTIVE' || svc.deployments.length === 0) return svc;
  const change = new ServiceChange(ctx, cluster, svc);
  let changed: boolean;
  if (svc.settings.schedulingStrategy === 'DAEMON') changed = reconcileDaemon(change);
  else {
    const replaced = change.replaceLost();
    changed = change.fillMissing() || replaced;
  }
  if (!changed) return svc;
  const { deployments: _d, events: _e, ...rest } = svc;
  return change.finish(rest);
}
