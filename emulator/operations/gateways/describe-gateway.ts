import type { DescribeGatewayRequest, DescribeGatewayResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { findGateway, renderGateway } from '../../model/gateway-lifecycle.js';
import { optionalString } from '../../model/input-checks.js';

/**
 * A gateway by name or ARN: status, configuration with its defaults and current load balancer count,
 * access type, tags.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeGateway.html
 */
export function describeGateway(input: DescribeGatewayRequest, ctx: OperationContext): DescribeGatewayResponse {
  return { gateway: renderGateway(ctx, findGateway(ctx, optionalString(input.gateway))) };
}
