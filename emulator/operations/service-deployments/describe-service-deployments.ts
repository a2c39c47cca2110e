import type { DescribeServiceDeploymentsRequest, DescribeServiceDeploymentsResponse, Failure, ServiceDeployment } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { requiredStringList } from '../../model/deployment-request-checks.js';
import { parseServiceChildArn, serviceOfChild } from '../../model/service-deployment-ref.js';
import { renderServiceDeployment } from '../../model/service-deployment-render.js';
import { upkeepOf } from '../../lifecycle/service-upkeep.js';

/**
 * DescribeServiceDeployments, 1 to 20 ARNs. One that names no service deployment of the caller's
 * account and region (another service's, a deleted service's, a made-up one) is a `MISSING` failure,
 * as ECS reports deployments it has no record of.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceDeployments.html
 */
export function describeServiceDeployments(input: DescribeServiceDeploymentsRequest, ctx: OperationContext): DescribeServiceDeploymentsResponse {
  // [GUESS] texts, in the pattern of DescribeServices' "Services cannot be empty." (docs/ecs-error-messages.md §25).
  const arns = requiredStringList(input.serviceDeploymentArns, 'serviceDeploymentArns', 'ServiceDeploymentArns cannot be empty.', 20);
  const serviceDeployments: ServiceDeployment[] = [];
  const failures: Failure[] = [];
  for (const arn of arns) {
    const ref = parseServiceChildArn(ctx, arn, 'service-deployment');
    const found = ref && serviceOfChild(ctx, ref);
    const svc = found && upkeepOf(ctx, found);
    const sd = svc?.serviceDeployments.find((d) => d.arn === arn);
    if (!svc || !sd) failures.push({ arn, reason: 'MISSING' });
    else if (!ctx.discardOutput) serviceDeployments.push(renderServiceDeployment(ctx, svc, sd));
  }
  return { serviceDeployments, failures };
}
