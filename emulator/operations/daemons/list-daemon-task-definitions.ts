import type {
  DaemonTaskDefinitionSummary,
  ListDaemonTaskDefinitionsRequest,
  ListDaemonTaskDefinitionsResponse,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import type { DaemonTaskDefinitionRecord } from '../../model/daemon-state.js';
import { daemonTaskDefinitionStatus, renderDaemonTaskDefinitionSummary } from '../../model/daemon-task-definition.js';
import { optionalEnum, optionalInteger, optionalString } from '../../model/input-checks.js';
import { paginate } from '../../model/pagination.js';

/**
 * Daemon task definition revisions, ascending by family and revision unless `sort: DESC`; ACTIVE
 * only unless `status` says DELETE_IN_PROGRESS or ALL (DELETED ones are listed by ALL [INFER]);
 * `revision: LAST_REGISTERED` keeps the newest revision of each family; pages of up to 100.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListDaemonTaskDefinitions.html
 */
export function listDaemonTaskDefinitions(
  input: ListDaemonTaskDefinitionsRequest,
  ctx: OperationContext,
): ListDaemonTaskDefinitionsResponse {
  const familyPrefix = optionalString(input.familyPrefix);
  const family = optionalString(input.family);
  const revision = optionalEnum(input.revision, 'revision', ['LAST_REGISTERED'] as const);
  const status = optionalEnum(input.status, 'status', ['ACTIVE', 'DELETE_IN_PROGRESS', 'ALL'] as const) ?? 'ACTIVE';
  const sort = optionalEnum(input.sort, 'sort', ['ASC', 'DESC'] as const) ?? 'ASC';
  const maxResults = optionalInteger(input.maxResults);
  const nextToken = optionalString(input.nextToken);
  const matches: DaemonTaskDefinitionRecord[] = [];
  const families = [...ctx.store.daemons.taskDefinitions.keys()].sort();
  for (const f of families) {
    if (family !== undefined && f !== family) continue;
    if (familyPrefix !== undefined && !f.startsWith(familyPrefix)) continue;
    let revisions = ctx.store.daemons.taskDefinitions.get(f)!;
    if (revision === 'LAST_REGISTERED') revisions = revisions.slice(-1);
    for (const td of revisions) {
      const s = daemonTaskDefinitionStatus(ctx, td);
      if (status === 'ALL' || s === status) matches.push(td);
    }
  }
  if (sort === 'DESC') matches.reverse();
  const { page, nextToken: next } = paginate(matches, { maxResults, nextToken }, `ListDaemonTaskDefinitions/${sort}/${status}`, 100, 100);
  const daemonTaskDefinitions: DaemonTaskDefinitionSummary[] = page.map((td) => renderDaemonTaskDefinitionSummary(ctx, td));
  return next ? { daemonTaskDefinitions, nextToken: next } : { daemonTaskDefinitions };
}
