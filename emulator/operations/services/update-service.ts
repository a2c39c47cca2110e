import type { UpdateServiceRequest, UpdateServiceResponse } from '@aws-sdk/client-ecs';
import { isDeepStrictEqual } from 'node:util';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { invalidParameter, serverException, serviceNotActive } from '../../errors.js';
import { existingService, serviceStatusAt, type ServiceSettings } from '../../model/service.js';
import {
  deploymentConfigurationOf,
  serviceTaskDefinition,
  taskDefinitionByArn,
  validateDesiredCount,
} from '../../model/service-config.js';
import { renderService } from '../../model/service-render.js';
import { ServiceChange, type DeploymentSpec } from '../../lifecycle/service-deployment.js';
import { keepDesiredCount } from '../../lifecycle/service-upkeep.js';
import { parseConstraints, parseStrategies } from '../../placement/placement-rules.js';
import { checkDaemonRequest } from '../../model/daemon-service.js';

/**
 * UpdateService. A new task definition, `forceNewDeployment`, or a new network configuration,
 * platform version or capacity provider strategy starts a new PRIMARY deployment (a rolling update);
 * a new desiredCount alone scales the PRIMARY deployment.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
 */
export function updateService(input: UpdateServiceRequest, ctx: OperationContext): UpdateServiceResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const svc = keepDesiredCount(ctx, cluster, existingService(ctx, cluster.name, input.service));
  if (serviceStatusAt(ctx, svc) !== 'ACTIVE') throw serviceNotActive();
  validateDesiredCount(input.desiredCount);
  if (svc.settings.schedulingStrategy === 'DAEMON') checkDaemonRequest(input);
  parseConstraints(input.placementConstraints);
  parseStrategies(input.placementStrategy);
  if (input.deploymentController && input.deploymentController.type !== svc.settings.deploymentController.type) {
    throw invalidParameter(`The deployment controller type ${input.deploymentController.type} is not supported by this emulator.`);
  }

  const primary = svc.deployments[0]!;
  const current = taskDefinitionByArn(ctx, primary.taskDefinitionArn);
  if (!current) throw serverException();
  const taskDefinition = input.taskDefinition !== undefined ? serviceTaskDefinition(ctx, input.taskDefinition) : current;
  const changed = <T>(given: T | undefined, was: T) => given !== undefined && !isDeepStrictEqual(given, was);
  const newDeployment =
    input.forceNewDeployment === true ||
    taskDefinition.arn !== primary.taskDefinitionArn ||
    changed(input.networkConfiguration, primary.networkConfiguration) ||
    changed(input.platformVersion, primary.platformVersion) ||
    changed(input.capacityProviderStrategy, primary.capacityProviderStrategy);

  const s = svc.settings;
  const settings: ServiceSettings = {
    ...s,
    loadBalancers: input.loadBalancers ?? s.loadBalancers,
    serviceRegistries: input.serviceRegistries ?? s.serviceRegistries,
    deploymentConfiguration: deploymentConfigurationOf(input.deploymentConfiguration, s.deploymentConfiguration),
    placementConstraints: input.placementConstraints ?? s.placementConstraints,
    placementStrategy: input.placementStrategy ?? s.placementStrategy,
    enableECSManagedTags: input.enableECSManagedTags ?? s.enableECSManagedTags,
    propagateTags: input.propagateTags ?? s.propagateTags,
    enableExecuteCommand: input.enableExecuteCommand ?? s.enableExecuteCommand,
    // Not given: the service keeps its value (UpdateService, availabilityZoneRebalancing).
    availabilityZoneRebalancing: input.availabilityZoneRebalancing ?? s.availabilityZoneRebalancing,
    healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds ?? s.healthCheckGracePeriodSeconds,
    gatewayConnectors: input.gatewayConnectors ?? s.gatewayConnectors,
  };
  // A daemon's desired count follows its instances (daemon-scheduling.ts).
  const desiredCount = s.schedulingStrategy === 'DAEMON' ? svc.desiredCount : (input.desiredCount ?? svc.desiredCount);
  const { deployments: _d, events: _e, ...rest } = svc;
  // An update makes the service differ from its CreateService request: no re-create is idempotent after it.
  const next = { ...rest, settings, desiredCount, createFingerprint: undefined };

  const change = new ServiceChange(ctx, cluster, { ...svc, ...next });
  if (newDeployment) {
    const useStrategy = input.capacityProviderStrategy !== undefined ? input.capacityProviderStrategy : primary.capacityProviderStrategy;
    const spec: DeploymentSpec = {
      taskDefinition,
      launchType: useStrategy?.length ? undefined : primary.launchType,
      capacityProviderStrategy: useStrategy?.length ? useStrategy : undefined,
      platformVersion: input.platformVersion ?? primary.platformVersion,
      networkConfiguration: input.networkConfiguration ?? primary.networkConfiguration,
    };
    change.openDeployment(spec, desiredCount);
  } else if (input.desiredCount !== undefined) {
    change.scale(desiredCount);
  }
  return { service: renderService(ctx, change.finish(next)) };
}
