import type { DaemonDeployment, DescribeDaemonDeploymentsRequest, DescribeDaemonDeploymentsResponse, Failure } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { renderDeployment } from '../../model/daemon-lifecycle.js';
import { requiredStringList } from '../../model/input-checks.js';

/**
 * Up to 20 daemon deployments by ARN; unknown ones are `failures[]` with reason MISSING (the
 * DaemonDeploymentSuccessful/Stopped waiters fail on that reason).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeDaemonDeployments.html
 */
export function describeDaemonDeployments(
  input: DescribeDaemonDeploymentsRequest,
  ctx: OperationContext,
): DescribeDaemonDeploymentsResponse {
  const arns = requiredStringList(input.daemonDeploymentArns, 'daemonDeploymentArns');
  if (arns.length > 20) throw invalidParameter('daemonDeploymentArns can have at most 20 items.');
  const failures: Failure[] = [];
  const daemonDeployments: DaemonDeployment[] = [];
  for (const arn of arns) {
    const d = ctx.store.daemons.deployments.get(arn);
    if (d) daemonDeployments.push(renderDeployment(ctx, d));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { failures, daemonDeployments };
}
