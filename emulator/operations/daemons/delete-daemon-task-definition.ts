import type { DeleteDaemonTaskDefinitionRequest, DeleteDaemonTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clientException } from '../../errors.js';
import { daemonTaskDefinitionStatus, findDaemonTaskDefinition } from '../../model/daemon-task-definition.js';
import { requiredString } from '../../model/input-checks.js';

/**
 * Deletes one revision (`family:revision` or ARN). It must be ACTIVE ("A daemon task definition must
 * be in an ACTIVE state to be deleted"; the refusal's text is a [GUESS]); it then reads
 * DELETE_IN_PROGRESS and becomes DELETED once no daemon runs it.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteDaemonTaskDefinition.html
 */
export function deleteDaemonTaskDefinition(
  input: DeleteDaemonTaskDefinitionRequest,
  ctx: OperationContext,
): DeleteDaemonTaskDefinitionResponse {
  const ref = requiredString(input.daemonTaskDefinition, 'daemonTaskDefinition');
  const td = findDaemonTaskDefinition(ctx, ref, true);
  if (daemonTaskDefinitionStatus(ctx, td) !== 'ACTIVE') {
    throw clientException('The specified daemon task definition is not ACTIVE. Only an ACTIVE daemon task definition can be deleted.');
  }
  const revisions = [...ctx.store.daemons.taskDefinitions.get(td.family)!];
  revisions[td.revision - 1] = { ...td, deleteRequestedAt: ctx.now };
  ctx.tx.set(ctx.store.daemons.taskDefinitions, td.family, revisions);
  return { daemonTaskDefinitionArn: td.arn };
}
