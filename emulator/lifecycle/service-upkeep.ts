import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import type { ServiceRecord } from '../model/service.js';
import { ServiceChange } from './service-deployment.js';

/**
 * The scheduler's upkeep between calls that change a service: tasks lost to StopTask are replaced.
 * Run by the service operations before they read or change a service.
 */
export function keepDesiredCount(ctx: OperationContext, cluster: ClusterRecord, svc: ServiceRecord): ServiceRecord {
  if (svc.status !== 'ACTIVE' || svc.deployments.length === 0) return svc;
  const change = new ServiceChange(ctx, cluster, svc);
  if (!change.replaceLost()) return svc;
  const { deployments: _d, events: _e, ...rest } = svc;
  return change.finish(rest);
}
