import type { SubmitTaskStateChangeRequest, SubmitTaskStateChangeResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { ACKNOWLEDGMENT, stoppedByAgent, taskOfStateChange } from '../../model/container-instances/agent-state-change.js';

/**
 * "This action is only used by the Amazon ECS agent": it reports a task's new status. A STOPPED
 * report stops the task (agent-state-change.ts); the others are acknowledged.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SubmitTaskStateChange.html
 */
export function submitTaskStateChange(input: SubmitTaskStateChangeRequest, ctx: OperationContext): SubmitTaskStateChangeResponse {
  const { task } = taskOfStateChange(ctx, input.cluster, input.task);
  if (input.status === 'STOPPED') stoppedByAgent(ctx, task, input.reason);
  return { acknowledgment: ACKNOWLEDGMENT };
}
