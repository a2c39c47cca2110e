import type { SubmitAttachmentStateChangesRequest, SubmitAttachmentStateChangesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { ACKNOWLEDGMENT } from '../../model/container-instances/agent-state-change.js';

/**
 * The agent reports attachments (an awsvpc task's ENI) changing state. Attachment statuses are
 * derived from the task's lifecycle in the emulator, so a report is checked and acknowledged.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SubmitAttachmentStateChanges.html
 */
export function submitAttachmentStateChanges(input: SubmitAttachmentStateChangesRequest, ctx: OperationContext): SubmitAttachmentStateChangesResponse {
  activeCluster(ctx, input.cluster);
  const attachments = input.attachments ?? [];
  // [INFER] the text, as "Tasks cannot be empty." (aws/copilot-cli#3551).
  if (attachments.length === 0) throw invalidParameter('Attachments cannot be empty.');
  for (const a of attachments) {
    if (!a.attachmentArn?.startsWith('arn:')) throw invalidParameter(`Invalid attachment ARN: ${a.attachmentArn ?? ''}`); // [GUESS]
  }
  return { acknowledgment: ACKNOWLEDGMENT };
}
