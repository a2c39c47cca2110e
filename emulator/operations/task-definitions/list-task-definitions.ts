import type { ListTaskDefinitionsRequest, ListTaskDefinitionsResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { paginate } from '../../model/pagination.js';
import { allRevisions } from '../../model/task-definition.js';

const STATUSES = ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'];

/**
 * Revision ARNs of one status (ACTIVE by default), families in name order and revisions ascending,
 * or both reversed with `sort: DESC`. Despite its name `familyPrefix` is a whole family name:
 * "limits the listed task definitions to task definition revisions that belong to that family".
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
 */
export function listTaskDefinitions(input: ListTaskDefinitionsRequest, ctx: OperationContext): ListTaskDefinitionsResponse {
  const status = input.status ?? 'ACTIVE';
  // [GUESS] texts of the two enum checks; moto-like wording.
  if (!STATUSES.includes(status)) throw invalidParameter(`status should be one of [${STATUSES.join(',')}]`);
  const sort = input.sort ?? 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw invalidParameter('sort should be one of [ASC,DESC]');
  let arns = allRevisions(ctx)
    .filter((r) => r.status === status && (input.familyPrefix === undefined || r.family === input.familyPrefix))
    .map((r) => r.arn);
  if (sort === 'DESC') arns = arns.reverse();
  const { page, nextToken } = paginate(arns, input, `ListTaskDefinitions:${status}:${sort}`, 100);
  return nextToken ? { taskDefinitionArns: page, nextToken } : { taskDefinitionArns: page };
}
