import type { OperationHandler } from '../../context.js';
import { deleteAttributes } from './delete-attributes.js';
import { listAttributes } from './list-attributes.js';
import { putAttributes } from './put-attributes.js';

/** Attributes of container instances, by API name. */
export const ATTRIBUTES_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  DeleteAttributes: deleteAttributes,
  ListAttributes: listAttributes,
  PutAttributes: putAttributes,
};
