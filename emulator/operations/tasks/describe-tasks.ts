import type { DescribeTasksRequest, DescribeTasksResponse, Failure, Task } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { renderTask } from '../../model/task-render.js';
import { clusterOfTaskCall, findTask, resolveTaskRef } from '../../model/task-ref.js';

/**
 * Up to 100 tasks by id or ARN. Unknown ones are `failures[]` with reason MISSING and the task ARN
 * ECS builds from the id; tags only with `include: ["TAGS"]`. Messages: docs/ecs-error-messages.md §11.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
 */
export function describeTasks(input: DescribeTasksRequest, ctx: OperationContext): DescribeTasksResponse {
  const refs = input.tasks ?? [];
  if (refs.length === 0) throw invalidParameter('Tasks cannot be empty.');
  if (refs.length > 100) throw invalidParameter('taskIds can have at most 100 items.');
  const cluster = activeCluster(ctx, clusterOfTaskCall(input.cluster, refs));
  const includeTags = input.include?.includes('TAGS') ?? false;
  const tasks: Task[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    if (!ref.startsWith('arn:') && ref.length > 36) throw invalidParameter('taskId longer than 36.');
    let arn: string;
    try {
      arn = resolveTaskRef(ctx, cluster.name, ref, () => invalidParameter('Invalid task identifier.')).arn;
    } catch {
      failures.push({ arn: ref, reason: 'MISSING' });
      continue;
    }
    const task = findTask(ctx, cluster.name, arn);
    if (task) {
      if (!ctx.discardOutput) tasks.push(renderTask(ctx, task, includeTags));
    } else failures.push({ arn, reason: 'MISSING' });
  }
  return { tasks, failures };
}
