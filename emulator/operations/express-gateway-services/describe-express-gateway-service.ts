import type { DescribeExpressGatewayServiceRequest, DescribeExpressGatewayServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { renderExpressService } from '../../model/express-gateway-service.js';
import { optionalStringList } from '../../model/input-checks.js';
import { keepDesiredCount } from '../../lifecycle/service-upkeep.js';
import { activeCluster } from '../../model/cluster.js';
import { findExpressService } from './find-express-service.js';

/**
 * An Express service by ARN: status (that of its ECS service: ACTIVE, DRAINING after deletion, then
 * INACTIVE), current deployment, the configuration in service with its ingress endpoint; tags with
 * `include: ["TAGS"]`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeExpressGatewayService.html
 */
export function describeExpressGatewayService(
  input: DescribeExpressGatewayServiceRequest,
  ctx: OperationContext,
): DescribeExpressGatewayServiceResponse {
  const include = optionalStringList(input.include, 1) ?? [];
  const { svc, rec } = findExpressService(ctx, input.serviceArn, 'describe');
  const cluster = ctx.store.clusters.get(svc.clusterName);
  // Like DescribeServices, reading keeps the scheduler's desired count (replacements for lost tasks).
  const current = cluster?.status === 'ACTIVE' ? keepDesiredCount(ctx, activeCluster(ctx, svc.clusterName), svc) : svc;
  return { service: renderExpressService(ctx, current, rec, include.includes('TAGS')) };
}
