import type { Failure, GetTaskProtectionRequest, GetTaskProtectionResponse, ProtectedTask } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { protectionOf, protectionTargets } from '../../model/task-protection.js';
import { liveTasksOfCluster } from '../../model/task.js';
import { activeCluster } from '../../model/cluster.js';

/**
 * The scale-in protection of up to 100 tasks; protection past its expiry reads as off. Without
 * `tasks`, every running service task of the cluster [GUESS: the API Reference does not say].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_GetTaskProtection.html
 */
export function getTaskProtection(input: GetTaskProtectionRequest, ctx: OperationContext): GetTaskProtectionResponse {
  if (input.cluster === undefined || input.cluster === '') throw invalidParameter('Cluster can not be blank.');
  const refs = input.tasks ?? [];
  if (refs.length > 100) throw invalidParameter('tasks can have at most 100 items.');
  const protectedTasks: ProtectedTask[] = [];
  const failures: Failure[] = [];
  if (refs.length === 0) {
    const cluster = activeCluster(ctx, input.cluster);
    for (const task of liveTasksOfCluster(ctx, cluster.name)) {
      if (task.serviceArn) protectedTasks.push(protectionOf(ctx, task.arn));
    }
    return { protectedTasks, failures };
  }
  for (const t of protectionTargets(ctx, input.cluster, refs).targets) {
    if (t.failure) failures.push(t.failure);
    else protectedTasks.push(protectionOf(ctx, t.task!.arn));
  }
  return { protectedTasks, failures };
}
