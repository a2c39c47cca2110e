import type { DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clientException, invalidParameter } from '../../errors.js';
import { findTaskDefinition, parseTaskDefinitionRef, replaceRevision } from '../../model/task-definition.js';

// [GUESS] no real response was found for these two (docs/ecs-error-messages.md §8).
const doesNotExist = () => clientException('The specified task definition does not exist.');

/**
 * One revision (a revision is required) becomes INACTIVE: it stays describable, and running tasks
 * and services keep it, but it can no longer launch anything. Deregistering it again returns it.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html
 */
export function deregisterTaskDefinition(
  input: DeregisterTaskDefinitionRequest,
  ctx: OperationContext,
): DeregisterTaskDefinitionResponse {
  const ref = input.taskDefinition ?? '';
  if (ref === '') throw invalidParameter('Task Definition can not be blank.');
  if (parseTaskDefinitionRef(ref, doesNotExist).revision === undefined) {
    throw clientException('Invalid revision number.');
  }
  const rec = findTaskDefinition(ctx, ref, doesNotExist);
  if (rec.status === 'INACTIVE') return { taskDefinition: rec.definition };
  const definition = { ...rec.definition, status: 'INACTIVE' as const, deregisteredAt: new Date(ctx.now) };
  replaceRevision(ctx, { ...rec, status: 'INACTIVE', definition });
  return { taskDefinition: definition };
}
