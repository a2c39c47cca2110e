import type { DeleteServiceRequest, DeleteServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function deleteService(_input: DeleteServiceRequest, _ctx: OperationContext): DeleteServiceResponse {
  throw notImplemented('DeleteService');
}
