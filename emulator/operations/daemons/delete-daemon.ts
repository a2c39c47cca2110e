import type { DeleteDaemonRequest, DeleteDaemonResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { findDaemon } from '../../model/daemon-lifecycle.js';
import { newDeployment } from '../../model/daemon-rollout.js';

/**
 * Deletes an ACTIVE daemon: a last deployment removes its tasks; the daemon reads DELETE_IN_PROGRESS
 * until that deployment finishes, and is then gone (DaemonNotFoundException). Deleting it again while
 * it is being deleted is refused with InvalidParameterException "… deployment deletion is ongoing"
 * ([REAL] fragment: the Terraform provider's aws_ecs_daemon delete matches on it; the rest of the
 * sentence is a [GUESS]).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteDaemon.html
 */
export function deleteDaemon(input: DeleteDaemonRequest, ctx: OperationContext): DeleteDaemonResponse {
  const daemon = findDaemon(ctx, input.daemonArn);
  if (daemon.deleteDeploymentArn) throw invalidParameter('The daemon cannot be deleted: its deployment deletion is ongoing.');
  const latest = ctx.store.daemons.deployments.get(daemon.deploymentArns[0]!)!;
  const deployment = newDeployment(ctx, daemon, undefined, latest.deploymentConfiguration);
  ctx.tx.set(ctx.store.daemons.daemons, daemon.arn, {
    ...daemon,
    updatedAt: ctx.now,
    deploymentArns: [deployment.arn, ...daemon.deploymentArns],
    deleteDeploymentArn: deployment.arn,
  });
  return {
    daemonArn: daemon.arn,
    status: 'DELETE_IN_PROGRESS',
    createdAt: new Date(daemon.createdAt),
    updatedAt: new Date(ctx.now),
    deploymentArn: deployment.arn,
  };
}
