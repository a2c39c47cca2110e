import type { Failure, ProtectedTask } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import { activeCluster } from './cluster.js';
import { clusterOfTaskCall, findTask, resolveTaskRef } from './task-ref.js';
import type { TaskRecord } from './task.js';

/**
 * Scale-in protection of a service task: on until `expiresAt` (ms, injected clock), after which ECS
 * clears it by itself. Absent = not protected.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection.html
 */
export interface TaskProtectionRecord {
  readonly expiresAt: number;
}

/** The protection of a task at `ctx.now`, as ProtectedTask. */
export function protectionOf(ctx: Pick<OperationContext, 'store' | 'now'>, taskArn: string): ProtectedTask {
  const p = ctx.store.taskProtection.get(taskArn);
  if (p && p.expiresAt > ctx.now) return { taskArn, protectionEnabled: true, expirationDate: new Date(p.expiresAt) };
  return { taskArn, protectionEnabled: false };
}

export interface ProtectionTarget {
  task?: TaskRecord;
  failure?: Failure;
}

/**
 * Resolve the tasks of a Get/UpdateTaskProtection call. Protection exists only for tasks of a
 * service: a standalone task is a `TASK_NOT_VALID` failure (API Reference, UpdateTaskProtection:
 * "Invoking this operation for a standalone task will result in an TASK_NOT_VALID failure"); an
 * unknown task is `MISSING`, as in DescribeTasks. The `detail` texts are [GUESS]es.
 */
export function protectionTargets(
  ctx: OperationContext,
  clusterRef: string | undefined,
  refs: readonly string[],
): { targets: ProtectionTarget[]; clusterName: string } {
  const cluster = activeCluster(ctx, clusterOfTaskCall(clusterRef, refs));
  const targets: ProtectionTarget[] = [];
  for (const ref of refs) {
    let arn: string;
    try {
      arn = resolveTaskRef(ctx, cluster.name, ref, () => invalidParameter('Invalid task identifier.')).arn;
    } catch {
      targets.push({ failure: { arn: ref, reason: 'MISSING', detail: 'The specified task was not found.' } });
      continue;
    }
    const task = findTask(ctx, cluster.name, arn);
    if (!task) targets.push({ failure: { arn, reason: 'MISSING', detail: 'The specified task was not found.' } });
    else if (!task.serviceArn) {
      targets.push({
        failure: { arn, reason: 'TASK_NOT_VALID', detail: 'The task is not part of an Amazon ECS service. Only tasks that belong to a service can be protected.' },
      });
    } else targets.push({ task });
  }
  return { targets, clusterName: cluster.name };
}

/** Forget protection of tasks the store no longer holds (ECS forgets stopped tasks after an hour). */
export function forgetGoneProtections(ctx: Pick<OperationContext, 'store'>): void {
  for (const arn of ctx.store.taskProtection.keys()) if (!ctx.store.tasks.has(arn)) ctx.store.taskProtection.delete(arn);
}

/** When the task's scale-in protection ends, or 0 if it is not protected at `ctx.now`. */
export function protectedUntil(ctx: Pick<OperationContext, 'store' | 'now'>, taskArn: string): number {
  const p = ctx.store.taskProtection.get(taskArn);
  return p && p.expiresAt > ctx.now ? p.expiresAt : 0;
}
