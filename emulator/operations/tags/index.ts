import type { OperationHandler } from '../../context.js';
import { listTagsForResource } from './list-tags-for-resource.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';

/** Tag operations (tags on every taggable resource), by API name. */
export const TAGS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  ListTagsForResource: listTagsForResource,
  TagResource: tagResource,
  UntagResource: untagResource,
};
