import type { DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function deregisterTaskDefinition(_input: DeregisterTaskDefinitionRequest, _ctx: OperationContext): DeregisterTaskDefinitionResponse {
  throw notImplemented('DeregisterTaskDefinition');
}
