import type { DescribeServicesRequest, DescribeServicesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function describeServices(_input: DescribeServicesRequest, _ctx: OperationContext): DescribeServicesResponse {
  throw notImplemented('DescribeServices');
}
