import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import { EcsServiceError } from '../errors.js';
import { resolvePlacement, type Placement } from '../model/place-task.js';
import type { DeploymentSpec } from './service-deployment.js';

export const NO_INSTANCES = 'No Container Instances were found in your cluster.';

/**
 * Where the spec's tasks would run, or the reason they cannot be placed. A cluster without container
 * instances does not fail CreateService (it fails RunTask): the service is created and reports that
 * it cannot place tasks, as ECS does. Every other placement error is the call's error.
 */
export function servicePlacement(
  ctx: OperationContext,
  cluster: ClusterRecord,
  spec: DeploymentSpec,
): { placement?: Placement; unplaceable?: string } {
  try {
    return { placement: resolvePlacement(ctx, { cluster, ...spec }) };
  } catch (err) {
    if (err instanceof EcsServiceError && err.message === NO_INSTANCES) return { unplaceable: NO_INSTANCES };
    throw err;
  }
}
