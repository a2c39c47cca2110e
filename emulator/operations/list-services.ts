import type { ListServicesRequest, ListServicesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function listServices(_input: ListServicesRequest, _ctx: OperationContext): ListServicesResponse {
  throw notImplemented('ListServices');
}
