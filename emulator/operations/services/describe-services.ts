import type { DescribeServicesRequest, DescribeServicesResponse, Failure, Service } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { partitionOf } from '../../model/arn.js';
import { invalidParameter } from '../../errors.js';
import { findService } from '../../model/service.js';
import { renderService } from '../../model/service-render.js';
import { keepDesiredCount } from '../../lifecycle/service-upkeep.js';

/**
 * DescribeServices by name or ARN, 1 to 10 at a time. A service not found is a `MISSING` failure whose
 * ARN, for a name, is the short form `service/<name>` real ECS reports
 * (aws-actions/amazon-ecs-deploy-task-definition#312; docs/ecs-error-messages.md §2, §12).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
 */
export function describeServices(input: DescribeServicesRequest, ctx: OperationContext): DescribeServicesResponse {
  const refs = input.services ?? [];
  if (refs.length === 0) throw invalidParameter('Services cannot be empty.');
  if (refs.length > 10) throw invalidParameter('service names can have at most 10 items.');
  const cluster = activeCluster(ctx, input.cluster);
  const includeTags = input.include?.includes('TAGS') ?? false;
  const services: Service[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    const svc = findService(ctx, cluster.name, ref);
    if (svc) {
      const kept = keepDesiredCount(ctx, cluster, svc);
      if (!ctx.discardOutput) services.push(renderService(ctx, kept, includeTags));
    } else {
      const arn = ref.startsWith('arn:') ? ref : `arn:${partitionOf(ctx.region)}:ecs:${ctx.region}:${ctx.accountId}:service/${ref}`;
      failures.push({ arn, reason: 'MISSING' });
    }
  }
  return { services, failures };
}
