import type { ListTasksRequest, ListTasksResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { notImplemented } from '../errors.js';

export function listTasks(_input: ListTasksRequest, _ctx: OperationContext): ListTasksResponse {
  throw notImplemented('ListTasks');
}
