import type { ListTaskDefinitionFamiliesRequest, ListTaskDefinitionFamiliesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { paginate } from '../../model/pagination.js';

/**
 * Family names in name order. By default all of them; ACTIVE: families with an ACTIVE revision;
 * INACTIVE: families with no ACTIVE revision. `familyPrefix` is a real prefix here.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitionFamilies.html
 */
export function listTaskDefinitionFamilies(
  input: ListTaskDefinitionFamiliesRequest,
  ctx: OperationContext,
): ListTaskDefinitionFamiliesResponse {
  const status = input.status ?? 'ALL';
  // [GUESS] text; moto-like wording.
  if (!['ACTIVE', 'INACTIVE', 'ALL'].includes(status)) throw invalidParameter('status should be one of [ACTIVE,INACTIVE,ALL]');
  const prefix = input.familyPrefix ?? '';
  const families: string[] = [];
  for (const [family, revisions] of ctx.store.taskDefinitions) {
    if (!family.startsWith(prefix)) continue;
    const active = revisions.some((r) => r.status === 'ACTIVE');
    if (status === 'ALL' || (status === 'ACTIVE') === active) families.push(family);
  }
  families.sort();
  const { page, nextToken } = paginate(families, input, `ListTaskDefinitionFamilies:${status}`, 100);
  return nextToken ? { families: page, nextToken } : { families: page };
}
