import type { DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function describeTaskDefinition(_input: DescribeTaskDefinitionRequest, _ctx: OperationContext): DescribeTaskDefinitionResponse {
  throw notImplemented('DescribeTaskDefinition');
}
