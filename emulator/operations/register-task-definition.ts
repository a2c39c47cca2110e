import type { RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function registerTaskDefinition(_input: RegisterTaskDefinitionRequest, _ctx: OperationContext): RegisterTaskDefinitionResponse {
  throw notImplemented('RegisterTaskDefinition');
}
