import type { UntagResourceRequest, UntagResourceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { requireTaggableResource } from '../../model/resource.js';
import { invalidParameter } from '../../errors.js';

export function untagResource(input: UntagResourceRequest, ctx: OperationContext): UntagResourceResponse {
  const arn = requireTaggableResource(ctx, input.resourceArn);
  if (!input.tagKeys || input.tagKeys.length === 0) throw invalidParameter('TagKeys cannot be empty.');
  const drop = new Set(input.tagKeys);
  const kept = (ctx.store.tags.get(arn) ?? []).filter((t) => !drop.has(t.key!));
  ctx.tx.set(ctx.store.tags, arn, kept);
  return {};
}
