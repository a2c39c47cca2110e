import type { DescribeTasksRequest, DescribeTasksResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function describeTasks(_input: DescribeTasksRequest, _ctx: OperationContext): DescribeTasksResponse {
  throw notImplemented('DescribeTasks');
}
