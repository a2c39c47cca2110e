import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster, type ClusterRecord } from '../cluster.js';
import { requestTaskStop } from '../place-task.js';
import { clusterOfTaskCall, findTask, resolveTaskRef, taskNotFound } from '../task-ref.js';
import type { TaskRecord } from '../task.js';

/**
 * What the agent's Submit* calls answer. The API documents `acknowledgment` as "Acknowledgement of
 * the state change"; its value is not documented [GUESS] (docs/ecs-error-messages.md §23).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SubmitTaskStateChange.html
 */
export const ACKNOWLEDGMENT = 'ACK';

/** "Essential container in task exited" is the stoppedReason ECS gives such a task (stopped-task-error-codes page). */
export const ESSENTIAL_EXITED = 'Essential container in task exited';

/** The cluster and task a state change names; an unknown task is the StopTask error. */
export function taskOfStateChange(ctx: OperationContext, clusterRef: string | undefined, taskRef: string | undefined): { cluster: ClusterRecord; task: TaskRecord } {
  if (taskRef === undefined || taskRef === '') throw invalidParameter('Task can not be blank.');
  const cluster = activeCluster(ctx, clusterOfTaskCall(clusterRef, [taskRef]));
  const { arn } = resolveTaskRef(ctx, cluster.name, taskRef, taskNotFound);
  const task = findTask(ctx, cluster.name, arn);
  if (!task) throw taskNotFound();
  return { cluster, task };
}

/**
 * The agent reports a task STOPPED that ECS had not asked to stop (its essential container exited):
 * the task is stopped now with stopCode EssentialContainerExited, and a service replaces it as for a
 * StopTask. Other reported statuses change nothing: the emulator's lifecycle follows its own clock.
 */
export function stoppedByAgent(ctx: OperationContext, task: TaskRecord, reason: string | undefined): void {
  if (task.stop && task.stop.at <= ctx.now) return;
  requestTaskStop(ctx, task, { at: ctx.now, stopCode: 'EssentialContainerExited', reason: reason || ESSENTIAL_EXITED });
}
