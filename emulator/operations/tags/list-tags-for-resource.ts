import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { requireTaggableResource } from '../../model/resource.js';
import { tagsOf } from '../../model/tags.js';

export function listTagsForResource(
  input: ListTagsForResourceRequest,
  ctx: OperationContext,
): ListTagsForResourceResponse {
  const arn = requireTaggableResource(ctx, input.resourceArn);
  return { tags: tagsOf(ctx, arn) };
}
