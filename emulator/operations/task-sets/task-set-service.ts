import type { OperationContext } from '../../context.js';
import { invalidParameter, serviceNotActive } from '../../errors.js';
import { activeCluster, type ClusterRecord } from '../../model/cluster.js';
import { existingService, serviceStatusAt, type ServiceRecord } from '../../model/service.js';
import { requireTaskSetService } from '../../model/task-set.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { keepDesiredCount } from '../../lifecycle/service-upkeep.js';

/**
 * The service a task-set call names, brought up to date: its cluster must be ACTIVE, the service must
 * exist and use the CODE_DEPLOY or EXTERNAL controller, and, for a change, still be ACTIVE.
 */
export function taskSetService(
  ctx: OperationContext,
  input: { cluster?: string | undefined; service?: string | undefined },
  forChange: boolean,
): { cluster: ClusterRecord; svc: ServiceRecord } {
  const cluster = activeCluster(ctx, input.cluster);
  const svc = keepDesiredCount(ctx, cluster, existingService(ctx, cluster.name, input.service));
  requireTaskSetService(svc);
  if (forChange && serviceStatusAt(ctx, svc) !== 'ACTIVE') throw serviceNotActive();
  return { cluster, svc };
}

/** Commit a change to a task-set service. */
export function commit(change: ServiceChange, svc: ServiceRecord): ServiceRecord {
  const { deployments: _d, events: _e, serviceDeployments: _s, revisions: _r, ...rest } = svc;
  return change.finish(rest);
}

/** `scale` of CreateTaskSet / UpdateTaskSet: "Accepted values are numbers between 0 and 100", unit PERCENT. [GUESS] texts. */
export function scaleOf(scale: { value?: number | undefined; unit?: string | undefined } | undefined, fallback: number): number {
  if (scale === undefined) return fallback;
  if (scale.unit !== undefined && scale.unit !== 'PERCENT') throw invalidParameter('unit should be one of [PERCENT]');
  const value = scale.value ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw invalidParameter('Scale value must be between 0 and 100.');
  }
  return value;
}
