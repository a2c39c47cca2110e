import type { ListTaskDefinitionsRequest, ListTaskDefinitionsResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function listTaskDefinitions(_input: ListTaskDefinitionsRequest, _ctx: OperationContext): ListTaskDefinitionsResponse {
  throw notImplemented('ListTaskDefinitions');
}
