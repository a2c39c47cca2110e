import type { RunTaskRequest, RunTaskResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function runTask(_input: RunTaskRequest, _ctx: OperationContext): RunTaskResponse {
  throw notImplemented('RunTask');
}
