import type { Tag } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../errors.js';
import type { OperationContext } from '../context.js';
import { effectiveValueFor } from './account-settings.js';

/**
 * Tag rules from the ECS API Reference, "Tag" data type: at most 50 tags per resource, keys 1–128
 * and values 0–256 characters, and the `aws:` prefix reserved.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html
 */
export const MAX_TAGS = 50;

export function validateTags(tags: readonly Tag[] | undefined): void {
  if (!tags) return;
  for (const tag of tags) {
    const key = tag.key;
    if (typeof key !== 'string' || key.length < 1 || key.length > 128) {
      throw invalidParameter('Tag keys must be between 1 and 128 characters in length.');
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalidParameter('Tag keys beginning with aws: are reserved for AWS use.');
    }
    if (tag.value !== undefined && (typeof tag.value !== 'string' || tag.value.length > 256)) {
      throw invalidParameter('Tag values must be between 0 and 256 characters in length.');
    }
  }
}

/** Merge `tags` into a resource's tags (a key given again replaces its value). */
export function mergeTags(ctx: OperationContext, arn: string, tags: readonly Tag[] | undefined): void {
  if (!tags || tags.length === 0) return;
  validateTags(tags);
  // Tagging authorization: with `tagResourceAuthorization` on (every account's default now), tags on
  // a create call also need ecs:TagResource (supported-iam-actions-tagging.html).
  if (ctx.authorizeTagOnCreate && effectiveValueFor(ctx, 'tagResourceAuthorization') === 'on') ctx.authorizeTagOnCreate(arn);
  const merged = new Map<string, Tag>();
  for (const t of ctx.store.tags.get(arn) ?? []) merged.set(t.key!, t);
  for (const t of tags) merged.set(t.key!, { key: t.key, value: t.value ?? '' });
  if (merged.size > MAX_TAGS) {
    throw invalidParameter(`The number of tags exceeds the maximum of ${MAX_TAGS}.`);
  }
  ctx.tx.set(ctx.store.tags, arn, [...merged.values()]);
}

export function tagsOf(ctx: Pick<OperationContext, 'store'>, arn: string): Tag[] {
  return [...(ctx.store.tags.get(arn) ?? [])];
}
