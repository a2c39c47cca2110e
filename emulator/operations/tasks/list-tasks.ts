import type { ListTasksRequest, ListTasksResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter, serviceNotFound } from '../../errors.js';
import { serviceArn } from '../../model/arn.js';
import { activeCluster } from '../../model/cluster.js';
import { paginate } from '../../model/pagination.js';
import { liveTasksOfCluster, tasksOfCluster, taskStatusAt } from '../../model/task.js';
import { containerInstanceArnOf } from '../../model/container-instances/container-instance.js';

const DESIRED = ['RUNNING', 'PENDING', 'STOPPED'];
const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];

/**
 * Task ARNs of a cluster, filtered. `desiredStatus` defaults to RUNNING; PENDING is accepted but
 * matches nothing, since "Amazon ECS never sets the desired status of a task to that value".
 * `containerInstance` (ID or ARN) keeps the tasks placed on that instance.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
 */
export function listTasks(input: ListTasksRequest, ctx: OperationContext): ListTasksResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const desired = input.desiredStatus ?? 'RUNNING';
  // [GUESS] texts of the enum checks (docs/ecs-error-messages.md §15, §16).
  if (!DESIRED.includes(desired)) throw invalidParameter('desiredStatus should be one of [RUNNING,PENDING,STOPPED]');
  if (input.launchType !== undefined && !LAUNCH_TYPES.includes(input.launchType)) {
    throw invalidParameter('launch type should be one of [EC2,FARGATE,EXTERNAL]');
  }
  if (input.family !== undefined && !/^[a-zA-Z0-9_-]+$/.test(input.family)) {
    throw invalidParameter('family must match ^[a-zA-Z0-9\\-_]+$');
  }
  let wantedService: string | undefined;
  if (input.serviceName !== undefined) {
    const arn = input.serviceName.startsWith('arn:')
      ? input.serviceName
      : serviceArn(ctx, cluster.name, input.serviceName);
    const svc = ctx.store.services.get(arn);
    if (!svc || svc.clusterName !== cluster.name) throw serviceNotFound();
    wantedService = svc.arn;
  }
  // An identifier that cannot be an instance matches nothing, as one that is not registered.
  const onInstance = input.containerInstance !== undefined ? (containerInstanceArnOf(ctx, cluster.name, input.containerInstance) ?? '') : undefined;
  const familyPrefix = input.family !== undefined ? `task-definition/${input.family}:` : undefined;
  const arns: string[] = [];
  // Only STOPPED listings need the stopped tasks; RUNNING and PENDING ones are all live.
  const candidates = desired === 'STOPPED' ? tasksOfCluster(ctx, cluster.name) : liveTasksOfCluster(ctx, cluster.name);
  for (const task of candidates) {
    if (onInstance !== undefined && task.containerInstanceArn !== onInstance) continue;
    if (familyPrefix !== undefined && !task.taskDefinitionArn.includes(familyPrefix)) continue;
    if (input.startedBy !== undefined && task.startedBy !== input.startedBy) continue;
    if (wantedService !== undefined && task.serviceArn !== wantedService) continue;
    if (input.launchType !== undefined && task.launchType !== input.launchType) continue;
    if (taskStatusAt(task, ctx.now, ctx.timings).desiredStatus !== desired) continue;
    arns.push(task.arn);
  }
  const { page, nextToken } = paginate(arns, input, 'ListTasks', 100);
  return nextToken ? { taskArns: page, nextToken } : { taskArns: page };
}
