import type { DeleteTaskSetRequest, DeleteTaskSetResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { existingTaskSet, renderTaskSet } from '../../model/task-set.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { scaleTaskSets } from '../../lifecycle/task-set-scaling.js';
import { commit, taskSetService } from './task-set-service.js';

/**
 * DeleteTaskSet: the task set turns DRAINING, its tasks are stopped, and it is gone (MISSING to
 * DescribeTaskSets) once they are STOPPED. Without `force` it must be scaled to 0 first ("If true,
 * you can delete a task set even if it hasn't been scaled down to zero"). The PRIMARY task set is
 * refused: make another one PRIMARY first. [GUESS] texts for both refusals.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteTaskSet.html
 */
export function deleteTaskSet(input: DeleteTaskSetRequest, ctx: OperationContext): DeleteTaskSetResponse {
  const { cluster, svc } = taskSetService(ctx, input, true);
  const ts = existingTaskSet(ctx, svc, input.taskSet);
  const state = ts.taskSet!;
  if (state.status === 'DRAINING') return { taskSet: renderTaskSet(ctx, svc, ts) };
  if (state.status === 'PRIMARY') throw invalidParameter('Unable to delete the primary task set of a service. Make another task set the primary task set first.');
  if (state.scale > 0 && input.force !== true) {
    throw invalidParameter('The task set cannot be deleted while it is scaled above 0. Scale it to 0 or use force.');
  }
  const change = new ServiceChange(ctx, cluster, svc);
  change.update(ts.id, (d) => ({ ...d, updatedAt: ctx.now, taskSet: { ...d.taskSet!, status: 'DRAINING' } }));
  scaleTaskSets(change);
  const next = commit(change, svc);
  const draining = next.deployments.find((x) => x.id === ts.id) ?? { ...ts, taskSet: { ...state, status: 'DRAINING' as const } };
  return { taskSet: renderTaskSet(ctx, next, draining, { before: ctx.now, computed: ts.desiredCount }) };
}
