import type { DaemonTaskDefinition, DaemonTaskDefinitionStatus, DaemonTaskDefinitionSummary } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { clientException } from '../errors.js';
import { parseArn } from './arn.js';
import { isGone } from './daemon-lifecycle.js';
import type { DaemonTaskDefinitionRecord } from './daemon-state.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings' | 'accountId' | 'region'>;

export const DAEMON_FAMILY_RE = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * What ECS answers for a daemon task definition it cannot find: the task-definition sentence
 * ("Unable to describe task definition.", docs/ecs-error-messages.md §8) for daemons [GUESS].
 */
export const daemonTaskDefinitionNotFound = () => clientException('Unable to describe daemon task definition.');

/**
 * A revision's status at `now`: ACTIVE until DeleteDaemonTaskDefinition; then DELETE_IN_PROGRESS while
 * a daemon still runs it ("Existing daemons that reference the deleted daemon task definition continue
 * to run") and for the deprovisioning time; then DELETED.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteDaemonTaskDefinition.html
 */
export function daemonTaskDefinitionStatus(ctx: Ctx, td: DaemonTaskDefinitionRecord): DaemonTaskDefinitionStatus {
  if (td.deleteRequestedAt === undefined) return 'ACTIVE';
  if (ctx.now < td.deleteRequestedAt + ctx.timings.deprovisioningMs) return 'DELETE_IN_PROGRESS';
  for (const daemon of ctx.store.daemons.daemons.values()) {
    if (isGone(ctx, daemon)) continue;
    if (ctx.store.daemons.revisions.get(daemon.revisionArn)?.daemonTaskDefinitionArn === td.arn) return 'DELETE_IN_PROGRESS';
  }
  return 'DELETED';
}

/**
 * `family`, `family:revision` or an ARN. A bare family means its latest ACTIVE revision (as
 * DescribeDaemonTaskDefinition documents); `needRevision` refuses it (DeleteDaemonTaskDefinition).
 */
export function findDaemonTaskDefinition(ctx: Ctx, ref: string, needRevision = false): DaemonTaskDefinitionRecord {
  let text = ref;
  if (ref.startsWith('arn:')) {
    const p = parseArn(ref);
    if (!p || p.service !== 'ecs' || p.resourceType !== 'daemon-task-definition') throw daemonTaskDefinitionNotFound();
    if (p.region !== ctx.region || p.accountId !== ctx.accountId) throw daemonTaskDefinitionNotFound();
    text = p.resource;
  }
  const colon = text.lastIndexOf(':');
  const family = colon < 0 ? text : text.slice(0, colon);
  const revisions = ctx.store.daemons.taskDefinitions.get(family);
  if (!DAEMON_FAMILY_RE.test(family) || !revisions) throw daemonTaskDefinitionNotFound();
  if (colon < 0) {
    // [GUESS] text, after RegisterTaskDefinition's "The revision must be specified"-style messages.
    if (needRevision) throw clientException('A daemon task definition revision must be specified.');
    for (let i = revisions.length - 1; i >= 0; i--) {
      if (daemonTaskDefinitionStatus(ctx, revisions[i]!) === 'ACTIVE') return revisions[i]!;
    }
    throw daemonTaskDefinitionNotFound();
  }
  const rev = text.slice(colon + 1);
  if (!/^[1-9][0-9]{0,8}$/.test(rev)) throw daemonTaskDefinitionNotFound();
  const td = revisions[Number(rev) - 1];
  if (!td) throw daemonTaskDefinitionNotFound();
  return td;
}

export function renderDaemonTaskDefinition(ctx: Ctx, td: DaemonTaskDefinitionRecord): DaemonTaskDefinition {
  const out: DaemonTaskDefinition = { ...td.definition, status: daemonTaskDefinitionStatus(ctx, td) };
  if (td.deleteRequestedAt !== undefined) out.deleteRequestedAt = new Date(td.deleteRequestedAt);
  return out;
}

export function renderDaemonTaskDefinitionSummary(ctx: Ctx, td: DaemonTaskDefinitionRecord): DaemonTaskDefinitionSummary {
  const out: DaemonTaskDefinitionSummary = {
    arn: td.arn,
    registeredAt: td.definition.registeredAt,
    registeredBy: td.definition.registeredBy,
    status: daemonTaskDefinitionStatus(ctx, td),
  };
  if (td.deleteRequestedAt !== undefined) out.deleteRequestedAt = new Date(td.deleteRequestedAt);
  if (out.registeredBy === undefined) delete out.registeredBy;
  return out;
}
