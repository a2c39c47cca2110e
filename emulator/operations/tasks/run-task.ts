import type { RunTaskRequest, RunTaskResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { placeTask, resolvePlacement, type PlaceTaskRequest } from '../../model/place-task.js';
import { noInstances, placeOnInstances } from '../../placement/place-on-instances.js';
import { parseConstraints, parseStrategies } from '../../placement/placement-rules.js';
import { renderTask } from '../../model/task-render.js';
import { launchableTaskDefinition } from '../../model/task-definition.js';
import { checkContainerOverrides, launchedTaskTags } from './launch-checks.js';

const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];

/**
 * Starts `count` (1..10) copies of an ACTIVE revision: on Fargate (launchType FARGATE or a
 * FARGATE/FARGATE_SPOT capacity provider), or on the cluster's container instances (EC2, EXTERNAL,
 * an Auto Scaling group capacity provider, or nothing said and no default strategy), each placed by
 * the call's and the definition's constraints and the call's strategy (random by default). Tasks that
 * fit nowhere are `failures` naming each instance and why (RESOURCE:MEMORY, …); a cluster with no
 * container instance at all is InvalidParameterException. Messages: docs/ecs-error-messages.md §10, §23.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
 */
export function runTask(input: RunTaskRequest, ctx: OperationContext): RunTaskResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const taskDefinition = launchableTaskDefinition(ctx, input.taskDefinition);
  const count = input.count ?? 1;
  if (count > 10) throw invalidParameter('Task count can not be greater than 10');
  // [GUESS] text: no real response for count < 1 was found.
  if (count < 1) throw invalidParameter('Task count can not be less than 1.');
  if (input.startedBy !== undefined && input.startedBy.length > 36) throw invalidParameter('startedBy longer than 36.');
  // [GUESS] moto's text; ECS validation errors are short sentences (docs/ecs-error-messages.md §15).
  if (input.launchType !== undefined && !LAUNCH_TYPES.includes(input.launchType)) {
    throw invalidParameter('launch type should be one of [EC2,FARGATE,EXTERNAL]');
  }
  if (input.group !== undefined && input.group.length > 255) {
    // [GUESS] text; the group name follows the 255-character limit of ECS names.
    throw invalidParameter('group longer than 255.');
  }
  checkContainerOverrides(taskDefinition, input.overrides);
  if (input.platformVersion !== undefined && input.launchType === 'EC2') {
    throw invalidParameter('The platform version must be null when specifying an EC2 launch type.');
  }
  const tags = launchedTaskTags(ctx, taskDefinition, input);

  const req: PlaceTaskRequest = {
    cluster,
    taskDefinition,
    launchType: input.launchType,
    capacityProviderStrategy: input.capacityProviderStrategy,
    networkConfiguration: input.networkConfiguration,
    platformVersion: input.platformVersion,
    overrides: input.overrides,
    startedBy: input.startedBy,
    group: input.group,
    enableExecuteCommand: input.enableExecuteCommand,
    tags,
  };
  const constraints = parseConstraints([...(taskDefinition.definition.placementConstraints ?? []), ...(input.placementConstraints ?? [])]);
  const strategy = parseStrategies(input.placementStrategy ?? [{ type: 'random' }]);
  const placement = resolvePlacement(ctx, req);
  if (!placement.onInstances) {
    const tasks = [];
    for (let i = 0; i < count; i++) tasks.push(renderTask(ctx, placeTask(ctx, req, placement), true, true));
    return { tasks, failures: [] };
  }
  const placed = placeOnInstances(ctx, { req, placement, count, constraints, strategy });
  if (placed.noInstances && placed.tasks.length === 0) throw noInstances();
  return { tasks: placed.tasks.map((t) => renderTask(ctx, t, true, true)), failures: placed.unplaced?.failures ?? [] };
}
