import type { UpdateServicePrimaryTaskSetRequest, UpdateServicePrimaryTaskSetResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { existingTaskSet, renderTaskSet } from '../../model/task-set.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { commit, taskSetService } from './task-set-service.js';

/**
 * UpdateServicePrimaryTaskSet: the task set becomes PRIMARY (it serves production traffic, and the
 * service shows its task definition, launch type and network); the previous PRIMARY becomes ACTIVE.
 * Its tasks are not touched: the scales decide those.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateServicePrimaryTaskSet.html
 */
export function updateServicePrimaryTaskSet(input: UpdateServicePrimaryTaskSetRequest, ctx: OperationContext): UpdateServicePrimaryTaskSetResponse {
  const { cluster, svc } = taskSetService(ctx, input, true);
  const ts = existingTaskSet(ctx, svc, input.primaryTaskSet);
  // [GUESS] text: a DRAINING task set is being deleted.
  if (ts.taskSet!.status === 'DRAINING') throw invalidParameter('Unable to make a task set that is being deleted the primary task set.');
  const change = new ServiceChange(ctx, cluster, svc);
  for (const d of svc.deployments) {
    if (d.taskSet?.status === 'PRIMARY' && d.id !== ts.id) change.update(d.id, (x) => ({ ...x, updatedAt: ctx.now, taskSet: { ...x.taskSet!, status: 'ACTIVE' } }));
  }
  if (ts.taskSet!.status !== 'PRIMARY') change.update(ts.id, (x) => ({ ...x, updatedAt: ctx.now, taskSet: { ...x.taskSet!, status: 'PRIMARY' } }));
  const next = commit(change, svc);
  return { taskSet: renderTaskSet(ctx, next, next.deployments.find((x) => x.id === ts.id)!, { before: ctx.now }) };
}
