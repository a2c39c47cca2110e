import type { Failure, StartTaskRequest, StartTaskResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { containerInstanceArnOf, findContainerInstance, type ContainerInstanceRecord } from '../../model/container-instances/container-instance.js';
import { resolvePlacement, type PlaceTaskRequest } from '../../model/place-task.js';
import { renderTask } from '../../model/task-render.js';
import { launchableTaskDefinition } from '../../model/task-definition.js';
import { placeOnEach } from '../../placement/place-on-instances.js';
import { checkContainerOverrides, launchedTaskTags } from './launch-checks.js';

/**
 * One task on each named container instance (up to 10), bypassing the scheduler's constraints and
 * strategies but not the instance's agent, attributes, CPU, memory and ports: an instance that cannot
 * take it is a `failures` entry with the reason (RESOURCE:MEMORY, …), an unknown one MISSING. Checks
 * shared with RunTask (count aside) give RunTask's messages (docs/ecs-error-messages.md §10).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StartTask.html
 */
export function startTask(input: StartTaskRequest, ctx: OperationContext): StartTaskResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const refs = input.containerInstances ?? [];
  // [INFER] texts, as DescribeTasks' "Tasks cannot be empty." and the list limit sentences.
  if (refs.length === 0) throw invalidParameter('Container instances cannot be empty.');
  if (refs.length > 10) throw invalidParameter('containerInstances can have at most 10 items.');
  const taskDefinition = launchableTaskDefinition(ctx, input.taskDefinition);
  if (input.startedBy !== undefined && input.startedBy.length > 36) throw invalidParameter('startedBy longer than 36.');
  if (input.group !== undefined && input.group.length > 255) throw invalidParameter('group longer than 255.');
  checkContainerOverrides(taskDefinition, input.overrides);
  const tags = launchedTaskTags(ctx, taskDefinition, input);
  const req: PlaceTaskRequest = {
    cluster,
    taskDefinition,
    launchType: 'EC2',
    networkConfiguration: input.networkConfiguration,
    overrides: input.overrides,
    startedBy: input.startedBy,
    group: input.group,
    enableExecuteCommand: input.enableExecuteCommand,
    tags,
  };
  const placement = resolvePlacement(ctx, req);
  const failures: Failure[] = [];
  const instances: ContainerInstanceRecord[] = [];
  for (const ref of refs) {
    const ci = findContainerInstance(ctx, cluster.name, ref);
    if (!ci || ci.status === 'INACTIVE') failures.push({ arn: containerInstanceArnOf(ctx, cluster.name, ref) ?? ref, reason: 'MISSING' });
    else instances.push(ci);
  }
  const { tasks, unplaced } = placeOnEach(ctx, req, placement, instances);
  for (const u of unplaced) failures.push(...u.failures);
  return { tasks: tasks.map((t) => renderTask(ctx, t, true, true)), failures };
}
