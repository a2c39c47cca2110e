import type { UpdateServiceRequest, UpdateServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function updateService(_input: UpdateServiceRequest, _ctx: OperationContext): UpdateServiceResponse {
  throw notImplemented('UpdateService');
}
