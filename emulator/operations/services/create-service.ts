import type { CreateServiceRequest, CreateServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { serviceArn } from '../../model/arn.js';
import { invalidParameter } from '../../errors.js';
import { mergeTags, validateTags } from '../../model/tags.js';
import { serviceStatusAt, type ServiceRecord } from '../../model/service.js';
import {
  deploymentConfigurationOf,
  fingerprint,
  serviceTaskDefinition,
  validateDesiredCount,
  validateServiceName,
} from '../../model/service-config.js';
import { renderService } from '../../model/service-render.js';
import { validateDeploymentStrategy } from '../../model/deployment-strategy.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { openDeployment } from '../../lifecycle/deployment-rollout.js';
import { scaleTaskSets } from '../../lifecycle/task-set-scaling.js';

const CONTROLLERS = ['ECS', 'CODE_DEPLOY', 'EXTERNAL'] as const;
import { parseConstraints, parseStrategies } from '../../placement/placement-rules.js';
import { checkDaemonRequest, DAEMON_DEPLOYMENT_DEFAULTS } from '../../model/daemon-service.js';

/**
 * CreateService with any deployment controller. ECS: a first service deployment starts its tasks
 * (rolling, blue/green, linear or canary). CODE_DEPLOY: a PRIMARY task set at 100 % runs the task
 * definition. EXTERNAL: no tasks until a task set is created; what a task set decides (task
 * definition, launch type, network, platform) cannot be given here.
 *
 * A name already in use: ACTIVE → the existing service when the request is the same as the one that
 * created it (clientToken aside, and only until the service is updated), else "Creation of service was
 * not idempotent."; DRAINING → "Unable to Start a service that is still Draining."; INACTIVE → a new
 * service under the same ARN. See docs/ecs-error-messages.md §5.
 *
 * The response shows the service as ECS answers it, before the scheduler has acted: no task pending
 * or running yet, no events (AWS's CreateService example; issue #15).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
 */
export function createService(input: CreateServiceRequest, ctx: OperationContext): CreateServiceResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const name = validateServiceName(input.serviceName);
  const arn = serviceArn(ctx, cluster.name, name);
  const print = fingerprint({ ...input, cluster: cluster.name });

  const existing = ctx.store.services.get(arn);
  if (existing) {
    const status = serviceStatusAt(ctx, existing);
    if (status === 'ACTIVE') {
      if (existing.createFingerprint === print) return { service: renderService(ctx, existing, true) };
      throw invalidParameter('Creation of service was not idempotent.');
    }
    if (status === 'DRAINING') throw invalidParameter('Unable to Start a service that is still Draining.');
  }

  const controller = input.deploymentController?.type ?? 'ECS';
  if (!CONTROLLERS.includes(controller)) throw invalidParameter(`type should be one of [${CONTROLLERS.join(',')}]`);
  const scheduling = input.schedulingStrategy ?? 'REPLICA';
  if (scheduling === 'DAEMON' && controller !== 'ECS') {
    // "Tasks using ... the CODE_DEPLOY or EXTERNAL deployment controller types don't support the DAEMON
    // scheduling strategy." (CreateService, schedulingStrategy). [GUESS] error text.
    throw invalidParameter(`The DAEMON scheduling strategy does not support the ${controller} deployment controller.`);
  }
  if (scheduling === 'DAEMON') checkDaemonRequest(input);
  if (scheduling === 'REPLICA' && input.desiredCount === undefined) {
    // CreateService: desiredCount "is required if schedulingStrategy is REPLICA or isn't specified". [GUESS] text.
    throw invalidParameter('desiredCount is required for the REPLICA scheduling strategy.');
  }
  validateDesiredCount(input.desiredCount);
  validateTags(input.tags);
  parseConstraints(input.placementConstraints);
  parseStrategies(input.placementStrategy);
  if (controller === 'EXTERNAL') refuseTaskSetLevel(input);
  const deploymentConfiguration = deploymentConfigurationOf(input.deploymentConfiguration, scheduling === 'DAEMON' ? DAEMON_DEPLOYMENT_DEFAULTS : undefined);
  validateDeploymentStrategy(deploymentConfiguration, controller);
  const taskDefinition = controller === 'EXTERNAL' ? undefined : serviceTaskDefinition(ctx, input.taskDefinition);
  const fargate = input.launchType === 'FARGATE' || input.capacityProviderStrategy?.some((s) => s.capacityProvider?.startsWith('FARGATE'));
  if (scheduling === 'DAEMON' && fargate) {
    // "Fargate tasks do not support the DAEMON scheduling strategy." (developer guide, ecs_service-options). [GUESS] error text.
    throw invalidParameter('The DAEMON scheduling strategy does not support the FARGATE launch type.');
  }

  // Re-creating an INACTIVE name starts from nothing: its tags went with the old service.
  if (existing) ctx.tx.delete(ctx.store.tags, arn);
  const base: ServiceRecord = {
    arn,
    name,
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    status: 'ACTIVE',
    createdAt: ctx.now,
    createdBy: ctx.principalArn,
    // A DAEMON service's desired count is the number of instances it runs on (daemon-scheduling.ts).
    desiredCount: scheduling === 'DAEMON' ? 0 : input.desiredCount!,
    settings: {
      loadBalancers: input.loadBalancers ?? [],
      serviceRegistries: input.serviceRegistries ?? [],
      deploymentConfiguration,
      placementConstraints: input.placementConstraints ?? [],
      placementStrategy: input.placementStrategy ?? [],
      schedulingStrategy: scheduling,
      deploymentController: { type: controller },
      serviceConnectConfiguration: input.serviceConnectConfiguration,
      enableECSManagedTags: input.enableECSManagedTags ?? false,
      propagateTags: input.propagateTags ?? 'NONE',
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      // "For create service requests, when no value is specified for AvailabilityZoneRebalancing, Amazon
      // ECS defaults the value to ENABLED." (CreateService, availabilityZoneRebalancing)
      availabilityZoneRebalancing: input.availabilityZoneRebalancing ?? 'ENABLED',
      healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds,
      roleArn: input.role && !input.role.startsWith('arn:') ? `arn:aws:iam::${ctx.accountId}:role/${input.role}` : input.role,
      gatewayConnectors: input.gatewayConnectors,
    },
    deployments: [],
    events: [],
    serviceDeployments: [],
    revisions: [],
    createFingerprint: print,
  };
  mergeTags(ctx, arn, input.tags);
  const change = new ServiceChange(ctx, cluster, base);
  const spec = taskDefinition && {
    taskDefinition,
    launchType: input.launchType,
    capacityProviderStrategy: input.capacityProviderStrategy,
    platformVersion: input.platformVersion,
    networkConfiguration: input.networkConfiguration,
  };
  if (controller === 'ECS') openDeployment(change, spec!, base.desiredCount);
  else if (controller === 'CODE_DEPLOY') {
    // The service's first task set, which CodeDeploy deployments later replace.
    const s = base.settings;
    change.addDeployment(spec!, base.desiredCount, {
      taskSet: { scale: 100, status: 'PRIMARY', loadBalancers: s.loadBalancers, serviceRegistries: s.serviceRegistries },
    });
    scaleTaskSets(change);
  }
  const { deployments: _d, events: _e, serviceDeployments: _s, revisions: _r, ...rest } = base;
  const created = change.finish(rest);
  return { service: renderService(ctx, created, true, { before: ctx.now }) };
}

/**
 * EXTERNAL services leave to their task sets "parameters that ... are controlled at the task set
 * level" (terraform-provider-aws blanks launchType for them for that reason). [GUESS] error text.
 */
function refuseTaskSetLevel(input: CreateServiceRequest): void {
  // Terraform sends `launchType: ""` and `capacityProviderStrategy: []` for these services: not given.
  const given = (['taskDefinition', 'launchType', 'capacityProviderStrategy', 'platformVersion', 'networkConfiguration'] as const).find((k) => {
    const v = input[k];
    return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  });
  if (given) {
    throw invalidParameter(`${given} can not be specified for a service that uses the EXTERNAL deployment controller. Specify it when you create a task set.`);
  }
}
