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
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { parseConstraints, parseStrategies } from '../../placement/placement-rules.js';
import { checkDaemonRequest, DAEMON_DEPLOYMENT_DEFAULTS } from '../../model/daemon-service.js';

/**
 * CreateService with the ECS (rolling update) deployment controller.
 *
 * A name already in use: ACTIVE → the existing service when the request is the same as the one that
 * created it (clientToken aside, and only until the service is updated), else "Creation of service was
 * not idempotent."; DRAINING → "Unable to Start a service that is still Draining."; INACTIVE → a new
 * service under the same ARN. See docs/ecs-error-messages.md §5.
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
  if (controller !== 'ECS') {
    // The CODE_DEPLOY and EXTERNAL controllers need task sets and CodeDeploy, which are not emulated.
    throw invalidParameter(`The deployment controller type ${controller} is not supported by this emulator.`);
  }
  const scheduling = input.schedulingStrategy ?? 'REPLICA';
  if (scheduling === 'DAEMON') checkDaemonRequest(input);
  if (scheduling === 'REPLICA' && input.desiredCount === undefined) {
    // CreateService: desiredCount "is required if schedulingStrategy is REPLICA or isn't specified". [GUESS] text.
    throw invalidParameter('desiredCount is required for the REPLICA scheduling strategy.');
  }
  validateDesiredCount(input.desiredCount);
  validateTags(input.tags);
  parseConstraints(input.placementConstraints);
  parseStrategies(input.placementStrategy);
  const taskDefinition = serviceTaskDefinition(ctx, input.taskDefinition);
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
      deploymentConfiguration: deploymentConfigurationOf(input.deploymentConfiguration, scheduling === 'DAEMON' ? DAEMON_DEPLOYMENT_DEFAULTS : undefined),
      placementConstraints: input.placementConstraints ?? [],
      placementStrategy: input.placementStrategy ?? [],
      schedulingStrategy: scheduling,
      deploymentController: { type: 'ECS' },
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
    createFingerprint: print,
  };
  mergeTags(ctx, arn, input.tags);
  const change = new ServiceChange(ctx, cluster, base);
  change.openDeployment(
    {
      taskDefinition,
      launchType: input.launchType,
      capacityProviderStrategy: input.capacityProviderStrategy,
      platformVersion: input.platformVersion,
      networkConfiguration: input.networkConfiguration,
    },
    base.desiredCount,
  );
  const { deployments: _d, events: _e, ...rest } = base;
  const created = change.finish(rest);
  return { service: renderService(ctx, created, true) };
}
