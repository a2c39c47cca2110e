import type { SubmitContainerStateChangeRequest, SubmitContainerStateChangeResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { taskDefinitionByArn } from '../../model/service-config.js';
import { ACKNOWLEDGMENT, stoppedByAgent, taskOfStateChange } from '../../model/container-instances/agent-state-change.js';

/**
 * The agent reports one container's status. An essential container reported STOPPED stops its task
 * ("If the essential parameter of a container is marked as true, and that container fails or stops
 * for any reason, all other containers that are part of the task are stopped", task definition
 * parameters page); other reports are acknowledged. An unknown container name is refused [GUESS].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SubmitContainerStateChange.html
 */
export function submitContainerStateChange(input: SubmitContainerStateChangeRequest, ctx: OperationContext): SubmitContainerStateChangeResponse {
  const { task } = taskOfStateChange(ctx, input.cluster, input.task);
  const container = task.containers.find((c) => c.name === input.containerName);
  if (!container) throw invalidParameter(`The container ${input.containerName ?? ''} is not a container of the task.`);
  if (input.status === 'STOPPED') {
    const def = taskDefinitionByArn(ctx, task.taskDefinitionArn)?.definition.containerDefinitions?.find((c) => c.name === container.name);
    if (def?.essential !== false) stoppedByAgent(ctx, task, input.reason);
  }
  return { acknowledgment: ACKNOWLEDGMENT };
}
