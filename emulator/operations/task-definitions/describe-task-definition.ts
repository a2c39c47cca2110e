import type { DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { findTaskDefinition } from '../../model/task-definition.js';
import { tagsOf } from '../../model/tags.js';

/**
 * A bare family names its latest ACTIVE revision; `family:revision` and the ARN name any revision
 * that is not being deleted (INACTIVE ones too). Tags only with `include: ["TAGS"]`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
 */
export function describeTaskDefinition(
  input: DescribeTaskDefinitionRequest,
  ctx: OperationContext,
): DescribeTaskDefinitionResponse {
  if (!input.taskDefinition) throw invalidParameter('Task Definition can not be blank.');
  const rec = findTaskDefinition(ctx, input.taskDefinition);
  const out: DescribeTaskDefinitionResponse = { taskDefinition: rec.definition };
  if (input.include?.includes('TAGS')) out.tags = tagsOf(ctx, rec.arn);
  return out;
}
