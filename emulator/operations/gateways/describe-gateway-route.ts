import type { DescribeGatewayRouteRequest, DescribeGatewayRouteResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { renderRoute, routesOf } from '../../model/gateway-routes.js';
import { requiredString } from '../../model/input-checks.js';
import { resourceNotFound } from '../../model/resource.js';

/**
 * One gateway route by ARN: the service and port it routes to, its URL, status and the
 * service-specific infrastructure. Unknown or removed routes: ResourceNotFoundException.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeGatewayRoute.html
 */
export function describeGatewayRoute(input: DescribeGatewayRouteRequest, ctx: OperationContext): DescribeGatewayRouteResponse {
  const arn = requiredString(input.gatewayRouteArn, 'gatewayRouteArn');
  const route = routesOf(ctx).find((r) => r.arn === arn);
  if (!route) throw resourceNotFound();
  return { gatewayRoute: renderRoute(ctx, route) };
}
