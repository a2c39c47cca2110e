import type { DescribeServiceRevisionsRequest, DescribeServiceRevisionsResponse, Failure, ServiceRevision } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { requiredStringList } from '../../model/deployment-request-checks.js';
import { parseServiceChildArn, serviceOfChild } from '../../model/service-deployment-ref.js';
import { renderServiceRevision } from '../../model/service-revision.js';

/**
 * DescribeServiceRevisions, 1 to 20 ARNs (from ListServiceDeployments, DescribeServiceDeployments or
 * DescribeServices' `currentServiceRevisions`). An unknown one is a `MISSING` failure, as ECS answers
 * for revisions it has no record of (those created before October 25, 2024).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html
 */
export function describeServiceRevisions(input: DescribeServiceRevisionsRequest, ctx: OperationContext): DescribeServiceRevisionsResponse {
  // [GUESS] texts, as for DescribeServiceDeployments.
  const arns = requiredStringList(input.serviceRevisionArns, 'serviceRevisionArns', 'ServiceRevisionArns cannot be empty.', 20);
  const serviceRevisions: ServiceRevision[] = [];
  const failures: Failure[] = [];
  for (const arn of arns) {
    const ref = parseServiceChildArn(ctx, arn, 'service-revision');
    const revision = ref && serviceOfChild(ctx, ref)?.revisions.find((r) => r.arn === arn);
    if (!revision) failures.push({ arn, reason: 'MISSING' });
    else if (!ctx.discardOutput) serviceRevisions.push(renderServiceRevision(revision));
  }
  return { serviceRevisions, failures };
}
