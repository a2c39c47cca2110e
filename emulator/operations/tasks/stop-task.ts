import type { StopTaskRequest, StopTaskResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { requestTaskStop } from '../../model/place-task.js';
import { renderTask } from '../../model/task-render.js';
import { clusterOfTaskCall, findTask, resolveTaskRef, taskIdentifierInvalid, taskNotFound } from '../../model/task-ref.js';

/**
 * What ECS shows as `stoppedReason` when StopTask is given no reason ("Task stopped by user" in the
 * console and in DescribeTasks for tasks stopped through the API).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 */
export const DEFAULT_STOP_REASON = 'Task stopped by user';

/**
 * Asks a task to stop: desiredStatus STOPPED at once, then STOPPING → (DEPROVISIONING) → STOPPED on
 * the clock, and its tags are deleted. Stopping a task that is already stopping or stopped returns
 * it as it is.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
 */
export function stopTask(input: StopTaskRequest, ctx: OperationContext): StopTaskResponse {
  const ref = input.task ?? '';
  if (ref === '') throw invalidParameter('Task can not be blank.');
  const cluster = activeCluster(ctx, clusterOfTaskCall(input.cluster, [ref]));
  // [GUESS] text; the 255-character limit of `reason` is documented.
  if (input.reason !== undefined && input.reason.length > 255) throw invalidParameter('reason longer than 255.');
  const { arn } = resolveTaskRef(ctx, cluster.name, ref, taskIdentifierInvalid);
  const task = findTask(ctx, cluster.name, arn);
  if (!task) throw taskNotFound();
  const stopped = requestTaskStop(ctx, task, {
    at: ctx.now,
    stopCode: 'UserInitiated',
    reason: input.reason || DEFAULT_STOP_REASON,
  });
  // "Any tags associated with the task will be deleted." (API_StopTask)
  ctx.tx.delete(ctx.store.tags, task.arn);
  return { task: renderTask(ctx, stopped, true) };
}
