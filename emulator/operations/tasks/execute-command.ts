import type { ExecuteCommandRequest, ExecuteCommandResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { newExecSession } from '../../model/exec-session.js';
import { taskStatusAt } from '../../model/task.js';
import { clusterOfTaskCall, findTask, resolveTaskRef, taskNotFound } from '../../model/task-ref.js';

/**
 * "The execute command failed because execute command was not enabled when the task was run or the
 * execute command agent isn’t running. …" [REAL]: InvalidParameterException quoted verbatim in many
 * public transcripts of `aws ecs execute-command` (with the typographic apostrophe the CLI printed).
 * ECS gives it for a task started without `enableExecuteCommand` and for one whose agent is not
 * running, which covers a task that is not RUNNING (yet, or any more) [INFER].
 */
const EXEC_NOT_ENABLED =
  'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running. Wait and try again or run a new task with execute command enabled and try again.';

/**
 * Opens an ECS Exec session to a container of a RUNNING task started with `enableExecuteCommand`
 * (RunTask, or a service with it). Only interactive sessions exist: `interactive: false` is refused
 * with "Interactive is the only mode supported currently." [REAL] (quoted from ECS in public
 * deployment logs). The container may be omitted when the task has only one.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommand.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
 */
export function executeCommand(input: ExecuteCommandRequest, ctx: OperationContext): ExecuteCommandResponse {
  if (input.command === undefined || input.command === '') throw invalidParameter('Command can not be blank.');
  if (input.task === undefined || input.task === '') throw invalidParameter('Task can not be blank.');
  if (input.interactive === undefined) throw invalidParameter('Interactive can not be blank.');
  if (input.interactive !== true) throw invalidParameter('Interactive is the only mode supported currently.');
  const cluster = activeCluster(ctx, clusterOfTaskCall(input.cluster, [input.task]));
  // [INFER] StopTask's sentence for an unknown task (docs/ecs-error-messages.md §11).
  const ref = resolveTaskRef(ctx, cluster.name, input.task, taskNotFound);
  const task = findTask(ctx, cluster.name, ref.arn);
  if (!task) throw taskNotFound();
  let container = task.containers[0]!;
  if (input.container !== undefined && input.container !== '') {
    const named = task.containers.find((c) => c.name === input.container);
    // [GUESS] text: no real response for an unknown container name was found.
    if (!named) throw invalidParameter(`The container ${input.container} does not exist in the task.`);
    container = named;
  } else if (task.containers.length > 1) {
    // [GUESS] text.
    throw invalidParameter('The task has more than one container: specify the container to run the command in.');
  }
  const status = taskStatusAt(task, ctx.now, ctx.timings);
  if (!task.enableExecuteCommand || status.lastStatus !== 'RUNNING' || status.desiredStatus !== 'RUNNING') {
    throw invalidParameter(EXEC_NOT_ENABLED);
  }
  return {
    clusterArn: cluster.arn,
    containerArn: container.containerArn,
    containerName: container.name,
    interactive: true,
    session: newExecSession(ctx),
    taskArn: task.arn,
  };
}
