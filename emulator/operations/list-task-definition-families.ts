import type { ListTaskDefinitionFamiliesRequest, ListTaskDefinitionFamiliesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function listTaskDefinitionFamilies(_input: ListTaskDefinitionFamiliesRequest, _ctx: OperationContext): ListTaskDefinitionFamiliesResponse {
  throw notImplemented('ListTaskDefinitionFamilies');
}
