import type { DeleteServiceRequest, DeleteServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { invalidParameter } from '../../errors.js';
import { existingService, serviceStatusAt } from '../../model/service.js';
import { renderService } from '../../model/service-render.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { keepDesiredCount } from '../../lifecycle/service-upkeep.js';

/**
 * DeleteService: the service turns DRAINING, its tasks are stopped by the scheduler, and it becomes
 * INACTIVE (still describable) once they are all STOPPED. Deleting a DRAINING or INACTIVE service
 * again succeeds and returns it (aws/aws-sdk-js#4189).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html
 */
export function deleteService(input: DeleteServiceRequest, ctx: OperationContext): DeleteServiceResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const svc = keepDesiredCount(ctx, cluster, existingService(ctx, cluster.name, input.service));
  if (serviceStatusAt(ctx, svc) !== 'ACTIVE') return { service: renderService(ctx, svc) };
  if (svc.desiredCount > 0 && input.force !== true) {
    // docs/ecs-error-messages.md §4
    throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
  }
  const change = new ServiceChange(ctx, cluster, svc);
  change.drain();
  // "When you delete a service, Amazon ECS deletes the corresponding service deployments."
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
  change.serviceDeployments.length = 0;
  const { deployments: _d, events: _e, serviceDeployments: _s, revisions: _r, ...rest } = svc;
  const deleted = change.finish({ ...rest, status: 'DRAINING', deletedAt: ctx.now, desiredCount: 0 });
  // As ECS answers it: DRAINING, before the scheduler has stopped anything.
  return { service: renderService(ctx, deleted, false, { before: ctx.now }) };
}
