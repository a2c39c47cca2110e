import type { TagResourceRequest, TagResourceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { requireTaggableResource } from '../../model/resource.js';
import { mergeTags } from '../../model/tags.js';
import { invalidParameter } from '../../errors.js';

export function tagResource(input: TagResourceRequest, ctx: OperationContext): TagResourceResponse {
  const arn = requireTaggableResource(ctx, input.resourceArn);
  if (!input.tags || input.tags.length === 0) throw invalidParameter('Tags cannot be empty.');
  mergeTags(ctx, arn, input.tags);
  return {};
}
