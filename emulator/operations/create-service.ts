import type { CreateServiceRequest, CreateServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function createService(_input: CreateServiceRequest, _ctx: OperationContext): CreateServiceResponse {
  throw notImplemented('CreateService');
}
