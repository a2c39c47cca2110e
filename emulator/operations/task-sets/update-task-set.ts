import type { UpdateTaskSetRequest, UpdateTaskSetResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { existingTaskSet, renderTaskSet } from '../../model/task-set.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { scaleTaskSets } from '../../lifecycle/task-set-scaling.js';
import { commit, scaleOf, taskSetService } from './task-set-service.js';

/**
 * UpdateTaskSet: a new scale; the task set starts or stops tasks at once to match. The response
 * shows the new scale with the computedDesiredCount from before the call, as AWS's example does
 * (scale 50, computedDesiredCount 0).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskSet.html
 */
export function updateTaskSet(input: UpdateTaskSetRequest, ctx: OperationContext): UpdateTaskSetResponse {
  const { cluster, svc } = taskSetService(ctx, input, true);
  const ts = existingTaskSet(ctx, svc, input.taskSet);
  // [GUESS] text: a DRAINING task set is being deleted.
  if (ts.taskSet!.status === 'DRAINING') throw invalidParameter('Unable to update a task set that is being deleted.');
  if (input.scale === undefined) throw invalidParameter('Scale can not be blank.');
  const scale = scaleOf(input.scale, ts.taskSet!.scale);
  const change = new ServiceChange(ctx, cluster, svc);
  change.update(ts.id, (d) => ({ ...d, updatedAt: ctx.now, taskSet: { ...d.taskSet!, scale } }));
  scaleTaskSets(change);
  const next = commit(change, svc);
  const updated = next.deployments.find((x) => x.id === ts.id)!;
  return { taskSet: renderTaskSet(ctx, next, updated, { before: ctx.now, computed: ts.desiredCount }) };
}
