import type { CreateTaskSetRequest, CreateTaskSetResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { serviceTaskDefinition } from '../../model/service-config.js';
import { mergeTags, validateTags } from '../../model/tags.js';
import { renderTaskSet, taskSetArnOf, taskSetsOf } from '../../model/task-set.js';
import { enumValue } from '../../model/deployment-request-checks.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { scaleTaskSets } from '../../lifecycle/task-set-scaling.js';
import { commit, scaleOf, taskSetService } from './task-set-service.js';

/** "Task sets per service: 5" (Amazon ECS service quotas). */
const MAX_TASK_SETS = 5;

/**
 * CreateTaskSet on a CODE_DEPLOY or EXTERNAL service: a new ACTIVE task set running the task
 * definition at `scale` percent of the service's desiredCount (0 when not given, as AWS's example
 * response shows). On a CODE_DEPLOY service ECS is called by CodeDeploy, which marks its task sets
 * `startedBy: CODE_DEPLOY`; the emulator does the same for whoever calls. The response shows the task
 * set before its tasks start (computedDesiredCount 0, STABILIZING), as AWS's example does.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateTaskSet.html
 */
export function createTaskSet(input: CreateTaskSetRequest, ctx: OperationContext): CreateTaskSetResponse {
  const { cluster, svc } = taskSetService(ctx, input, true);
  enumValue(input.launchType, 'launchType', ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] as const);
  const scale = scaleOf(input.scale, 0);
  validateTags(input.tags);
  const existing = taskSetsOf(ctx, svc).length;
  if (existing >= MAX_TASK_SETS) {
    // [REAL] aws-samples/ecs-bg-external-controller#6, pipe-cd/pipecd#4692.
    throw invalidParameter(`${existing} deployments exist on the service. Unable to create new TaskSet since this exceeds the maximum limit.`);
  }
  const taskDefinition = serviceTaskDefinition(ctx, input.taskDefinition);
  const change = new ServiceChange(ctx, cluster, svc);
  const d = change.addDeployment(
    {
      taskDefinition,
      launchType: input.launchType,
      capacityProviderStrategy: input.capacityProviderStrategy,
      platformVersion: input.platformVersion,
      networkConfiguration: input.networkConfiguration,
    },
    0,
    {
      taskSet: {
        scale,
        status: 'ACTIVE',
        externalId: input.externalId,
        startedBy: svc.settings.deploymentController.type === 'CODE_DEPLOY' ? 'CODE_DEPLOY' : undefined,
        loadBalancers: input.loadBalancers ?? [],
        serviceRegistries: input.serviceRegistries ?? [],
      },
    },
  );
  mergeTags(ctx, taskSetArnOf(svc, d.id), input.tags);
  scaleTaskSets(change);
  const next = commit(change, svc);
  const created = next.deployments.find((x) => x.id === d.id)!;
  return { taskSet: renderTaskSet(ctx, next, created, { before: ctx.now, computed: 0, includeTags: true }) };
}
