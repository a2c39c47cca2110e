import type {
  DeleteTaskDefinitionsRequest,
  DeleteTaskDefinitionsResponse,
  Failure,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { parseTaskDefinitionRef, replaceRevision } from '../../model/task-definition.js';

/**
 * Up to 10 INACTIVE revisions move to DELETE_IN_PROGRESS and can no longer be described or used.
 * Problems are `failures[]` (with the identifier as sent), not errors; the reasons are moto's, as
 * no real response was found (docs/ecs-error-messages.md §9).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteTaskDefinitions.html
 */
const INVALID = 'The specified task definition identifier is invalid. Specify a valid name or ARN and try again.';
const MISSING = 'The specified task definition does not exist. Specify a valid account, family, revision and try again.';
const STILL_ACTIVE =
  'The specified task definition is still in ACTIVE status. Please deregister the target and try again.';

export function deleteTaskDefinitions(
  input: DeleteTaskDefinitionsRequest,
  ctx: OperationContext,
): DeleteTaskDefinitionsResponse {
  const refs = input.taskDefinitions ?? [];
  if (refs.length === 0) throw invalidParameter('TaskDefinitions cannot be empty.');
  // [GUESS] text; the limit of 10 is documented.
  if (refs.length > 10) throw invalidParameter('taskDefinitions can have at most 10 items.');
  const taskDefinitions: TaskDefinition[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    let family: string;
    let revision: number | undefined;
    try {
      ({ family, revision } = parseTaskDefinitionRef(ref, () => invalidParameter(INVALID)));
    } catch {
      failures.push({ arn: ref, reason: INVALID });
      continue;
    }
    if (revision === undefined) {
      failures.push({ arn: ref, reason: INVALID });
      continue;
    }
    const rec = ctx.store.taskDefinitions.get(family)?.[revision - 1];
    if (!rec || rec.status === 'DELETE_IN_PROGRESS') {
      failures.push({ arn: ref, reason: MISSING });
      continue;
    }
    if (rec.status === 'ACTIVE') {
      failures.push({ arn: ref, reason: STILL_ACTIVE });
      continue;
    }
    const definition = { ...rec.definition, status: 'DELETE_IN_PROGRESS' as const };
    replaceRevision(ctx, { ...rec, status: 'DELETE_IN_PROGRESS', definition });
    taskDefinitions.push(definition);
  }
  return { taskDefinitions, failures };
}
