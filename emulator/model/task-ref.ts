import type { OperationContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import { clusterNameOf, parseArn, taskArn } from './arn.js';
import { taskStatusAt, type TaskRecord } from './task.js';

/**
 * The cluster a task call works in. ECS assumes `default` without `cluster`; when the caller gives
 * only long-format task ARNs, their cluster segment names it, so `aws ecs stop-task --task <arn>`
 * works for a task of another cluster.
 */
export function clusterOfTaskCall(clusterRef: string | undefined, taskRefs: readonly string[]): string {
  if (clusterRef) return clusterNameOf(clusterRef);
  const first = taskRefs[0];
  if (first?.startsWith('arn:')) {
    const p = parseArn(first);
    const slash = p?.resource.indexOf('/') ?? -1;
    if (p?.resourceType === 'task' && slash > 0) return p.resource.slice(0, slash);
  }
  return 'default';
}

export interface TaskRef {
  /** the ARN this reference means in the cluster */
  arn: string;
  id: string;
}

/**
 * A task id (32 hex characters today, a UUID for old tasks) or ARN. `invalid` is what the operation
 * answers for an identifier that cannot be a task id.
 */
export function resolveTaskRef(
  ctx: OperationContext,
  clusterName: string,
  ref: string,
  invalid: () => Error,
): TaskRef {
  if (ref.startsWith('arn:')) {
    const p = parseArn(ref);
    if (!p || p.service !== 'ecs' || p.resourceType !== 'task') throw invalid();
    const id = p.resource.slice(p.resource.lastIndexOf('/') + 1);
    return { arn: ref, id };
  }
  if (!/^[a-zA-Z0-9-]{1,36}$/.test(ref)) throw invalid();
  return { arn: taskArn(ctx, clusterName, ref), id: ref };
}

/** StopTask's answer to an identifier that cannot be a task (aws/aws-sdk-js#1466). */
export const taskIdentifierInvalid = () => invalidParameter('Task Identifier is invalid');
export const taskNotFound = () => invalidParameter('The referenced task was not found');

/** The task with this ARN in the cluster, unless it stopped longer ago than ECS keeps tasks. */
export function findTask(ctx: OperationContext, clusterName: string, arn: string): TaskRecord | undefined {
  const task = ctx.store.tasks.get(arn);
  if (!task || task.clusterName !== clusterName) return undefined;
  if (task.stop) {
    const stoppedAt = taskStatusAt(task, ctx.now, ctx.timings).stoppedAt;
    if (stoppedAt !== undefined && ctx.now - stoppedAt > ctx.timings.stoppedTaskRetentionMs) return undefined;
  }
  return task;
}
