import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { parseArn } from './arn.js';
import { clientException, type EcsServiceError } from '../errors.js';

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

export function isFargateCompatible(td: TaskDefinition): boolean {
  return td.compatibilities?.includes('FARGATE') ?? false;
}
