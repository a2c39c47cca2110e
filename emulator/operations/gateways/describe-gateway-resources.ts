import type { DescribeGatewayResourcesRequest, DescribeGatewayResourcesResponse, ElbGatewayResources } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { findGateway } from '../../model/gateway-lifecycle.js';
import { albOf, routesOf } from '../../model/gateway-routes.js';
import { optionalInteger, optionalString } from '../../model/input-checks.js';
import { paginate } from '../../model/pagination.js';

/**
 * The infrastructure a gateway manages: for a hostSharedAlb gateway, its load balancers with listener,
 * security group and the routes they carry. ECS creates them only when a service begins using the
 * gateway, so a gateway without routes has none. The emulator puts every route on one load balancer.
 * Pages of up to 20 (default 10).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeGatewayResources.html
 */
export function describeGatewayResources(
  input: DescribeGatewayResourcesRequest,
  ctx: OperationContext,
): DescribeGatewayResourcesResponse {
  const g = findGateway(ctx, optionalString(input.gateway));
  const routes = routesOf(ctx, { gatewayArn: g.arn });
  const albs: ElbGatewayResources[] = [];
  if (routes.length > 0) {
    const alb = albOf(ctx, g);
    albs.push({
      loadBalancerArn: alb.loadBalancerArn,
      listenerArn: alb.listenerArn,
      securityGroup: alb.securityGroup,
      gatewayRouteArns: routes.map((r) => r.arn),
    });
  }
  const { page, nextToken } = paginate(albs, { maxResults: optionalInteger(input.maxResults), nextToken: optionalString(input.nextToken) }, `DescribeGatewayResources/${g.arn}`, 10, 20);
  const out: DescribeGatewayResourcesResponse = { gatewayResources: { gatewayArn: g.arn, resources: { hostSharedAlb: page } } };
  if (nextToken) out.nextToken = nextToken;
  return out;
}
