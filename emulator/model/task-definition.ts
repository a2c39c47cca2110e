import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { parseArn } from './arn.js';
import { clientException, invalidParameter, type EcsServiceError } from '../errors.js';

/** A registered revision: the full TaskDefinition ECS returns, plus when it was deleted. */
export interface TaskDefinitionRecord {
  readonly definition: TaskDefinition;
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
  readonly status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
}

export interface TaskDefinitionRef {
  family: string;
  /** undefined = the latest ACTIVE revision */
  revision?: number | undefined;
}

const FAMILY_RE = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * `family`, `family:revision` or a full ARN, as ECS accepts in `taskDefinition` members.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#ECS-RunTask-request-taskDefinition
 */
export function parseTaskDefinitionRef(ref: string, notFound: () => EcsServiceError): TaskDefinitionRef {
  let text = ref;
  if (ref.startsWith('arn:')) {
    const p = parseArn(ref);
    if (!p || p.service !== 'ecs' || p.resourceType !== 'task-definition') throw notFound();
    text = p.resource;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) {
    if (!FAMILY_RE.test(text)) throw notFound();
    return { family: text };
  }
  const family = text.slice(0, colon);
  const revText = text.slice(colon + 1);
  if (!FAMILY_RE.test(family) || !/^[1-9][0-9]{0,8}$/.test(revText)) throw notFound();
  return { family, revision: Number(revText) };
}

/** The revision a reference names; a bare family means its latest ACTIVE revision. */
export function findTaskDefinition(
  ctx: OperationContext,
  ref: string,
  notFound: () => EcsServiceError = () => clientException('Unable to describe task definition.'),
): TaskDefinitionRecord {
  const parsed = parseTaskDefinitionRef(ref, notFound);
  if (ref.startsWith('arn:')) {
    const p = parseArn(ref)!;
    if (p.region !== ctx.region || p.accountId !== ctx.accountId) throw notFound();
  }
  const revisions = ctx.store.taskDefinitions.get(parsed.family);
  if (!revisions) throw notFound();
  if (parsed.revision === undefined) {
    for (let i = revisions.length - 1; i >= 0; i--) {
      if (revisions[i]!.status === 'ACTIVE') return revisions[i]!;
    }
    throw notFound();
  }
  const rec = revisions[parsed.revision - 1];
  if (!rec || rec.status === 'DELETE_IN_PROGRESS') throw notFound();
  return rec;
}

/**
 * The revision RunTask (and a service) would launch: an unknown family is "TaskDefinition not
 * found." (ClientException), a bad or absent revision of a known family "Invalid revision number."
 * and a deregistered one "TaskDefinition is inactive" (docs/ecs-error-messages.md §8, §10).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
 */
export function launchableTaskDefinition(ctx: OperationContext, ref: string | undefined): TaskDefinitionRecord {
  if (!ref) throw invalidParameter('Task Definition can not be blank.');
  const notFound = () => clientException('TaskDefinition not found.');
  const badRevision = () => invalidParameter('Invalid revision number.');
  let parsed: TaskDefinitionRef;
  try {
    parsed = parseTaskDefinitionRef(ref, notFound);
  } catch (e) {
    // A known family with a malformed revision (`family:0`, `family:abc`).
    const text = ref.startsWith('arn:') ? ref.slice(ref.indexOf('/') + 1) : ref;
    const colon = text.lastIndexOf(':');
    if (colon > 0 && ctx.store.taskDefinitions.has(text.slice(0, colon))) throw badRevision();
    throw e;
  }
  const arn = ref.startsWith('arn:') ? parseArn(ref)! : undefined;
  const elsewhere = arn !== undefined && (arn.region !== ctx.region || arn.accountId !== ctx.accountId);
  if (elsewhere || !ctx.store.taskDefinitions.has(parsed.family)) throw notFound();
  const rec = findTaskDefinition(ctx, ref, parsed.revision === undefined ? notFound : badRevision);
  if (rec.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive');
  return rec;
}

/** Replace a revision (deregistration, deletion) through the call's transaction. */
export function replaceRevision(ctx: OperationContext, rec: TaskDefinitionRecord): void {
  const revisions = [...(ctx.store.taskDefinitions.get(rec.family) ?? [])];
  revisions[rec.revision - 1] = rec;
  ctx.tx.set(ctx.store.taskDefinitions, rec.family, revisions);
}

/** Every revision in the store, families in name order and revisions ascending. */
export function allRevisions(ctx: Pick<OperationContext, 'store'>): TaskDefinitionRecord[] {
  const families = [...ctx.store.taskDefinitions.keys()].sort();
  return families.flatMap((f) => ctx.store.taskDefinitions.get(f) ?? []);
}

export function isFargateCompatible(td: TaskDefinition): boolean {
  return td.compatibilities?.includes('FARGATE') ?? false;
}
