import type { StopTaskRequest, StopTaskResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function stopTask(_input: StopTaskRequest, _ctx: OperationContext): StopTaskResponse {
  throw notImplemented('StopTask');
}
