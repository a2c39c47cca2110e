import type { StopServiceDeploymentRequest, StopServiceDeploymentResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { EcsServiceError, invalidParameter } from '../../errors.js';
import { enumValue, requiredString } from '../../model/deployment-request-checks.js';
import { findServiceDeployment, serviceDeploymentNotFound } from '../../model/service-deployment-ref.js';
import { isTerminal, serviceDeploymentStatusAt } from '../../model/service-deployment-record.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { rollbackServiceDeployment } from '../../lifecycle/deployment-rollout.js';
import { upkeepOf } from '../../lifecycle/service-upkeep.js';

/**
 * StopServiceDeployment with stopType ROLLBACK (the default, and the only value the API Reference
 * calls valid): a PENDING or IN_PROGRESS deployment is rolled back to the revision that ran before
 * (ROLLBACK_IN_PROGRESS, then ROLLBACK_SUCCESSFUL when that revision's tasks run again and the
 * target's are stopped). One already stopping or rolling back goes on as it is. A finished one is
 * refused with ConflictException. ABORT is refused: ECS documents no behaviour for it. [GUESS] for
 * both texts; ConflictException's is its description in the API Reference.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
 */
export function stopServiceDeployment(input: StopServiceDeploymentRequest, ctx: OperationContext): StopServiceDeploymentResponse {
  const arn = requiredString(input.serviceDeploymentArn, 'ServiceDeploymentArn can not be blank.');
  const stopType = enumValue(input.stopType, 'stopType', ['ABORT', 'ROLLBACK'] as const) ?? 'ROLLBACK';
  const found = findServiceDeployment(ctx, arn);
  if (!found) throw serviceDeploymentNotFound();
  const svc = upkeepOf(ctx, found.svc);
  const sd = svc.serviceDeployments.find((d) => d.arn === arn)!;
  const { status } = serviceDeploymentStatusAt(sd, ctx.now);
  if (isTerminal(status)) {
    throw new EcsServiceError('ConflictException', 'The request could not be processed because of conflict in the current state of the resource.');
  }
  if (stopType === 'ABORT') throw invalidParameter('The ABORT stop type is not supported for this service deployment. Use ROLLBACK.');
  if (status !== 'PENDING' && status !== 'IN_PROGRESS') return { serviceDeploymentArn: arn };
  const cluster = ctx.store.clusters.get(svc.clusterName)!;
  const change = new ServiceChange(ctx, cluster, svc);
  // [GUESS] reason text.
  rollbackServiceDeployment(change, sd, ctx.now, 'The service deployment was rolled back by StopServiceDeployment.');
  const { deployments: _d, events: _e, serviceDeployments: _s, revisions: _r, ...rest } = svc;
  change.finish(rest);
  return { serviceDeploymentArn: arn };
}
