import type { DeleteTaskDefinitionsRequest, DeleteTaskDefinitionsResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function deleteTaskDefinitions(_input: DeleteTaskDefinitionsRequest, _ctx: OperationContext): DeleteTaskDefinitionsResponse {
  throw notImplemented('DeleteTaskDefinitions');
}
