import type { UpdateServiceRequest, UpdateServiceResponse } from '@aws-sdk/client-ecs';
import { isDeepStrictEqual } from 'node:util';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { invalidParameter, serverException, serviceNotActive } from '../../errors.js';
import { existingService, serviceStatusAt, usesTaskSets, type ServiceSettings } from '../../model/service.js';
import {
  deploymentConfigurationOf,
  serviceTaskDefinition,
  taskDefinitionByArn,
  validateDesiredCount,
} from '../../model/service-config.js';
import { renderService } from '../../model/service-render.js';
import { validateDeploymentStrategy } from '../../model/deployment-strategy.js';
import { isRollingOut } from '../../model/service-deployment-record.js';
import { ServiceChange, type DeploymentSpec } from '../../lifecycle/service-deployment.js';
import { keepDesiredCount } from '../../lifecycle/service-upkeep.js';
import { openDeployment } from '../../lifecycle/deployment-rollout.js';
import { rollForward } from '../../lifecycle/rolling-waves.js';
import { scaleTaskSets } from '../../lifecycle/task-set-scaling.js';
import { refuseTaskSetLevelChanges } from './task-set-service-updates.js';
import { parseConstraints, parseStrategies } from '../../placement/placement-rules.js';
import { checkDaemonRequest } from '../../model/daemon-service.js';

/**
 * UpdateService. ECS controller: a new task definition, `forceNewDeployment`, or a new network
 * configuration, platform version, capacity provider strategy, load balancers, service registries
 * or Service Connect configuration starts a new service deployment; a new desiredCount alone scales
 * the PRIMARY deployment (or, mid-rollout, the rollout's target). CODE_DEPLOY and EXTERNAL: only the
 * settings ECS lets these services change; a new desiredCount rescales every task set.
 *
 * The response shows the service before the scheduler acts on the change, as ECS answers it.
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
  const s = svc.settings;
  const controller = s.deploymentController.type;
  const deploymentConfiguration = deploymentConfigurationOf(input.deploymentConfiguration, s.deploymentConfiguration);
  validateDeploymentStrategy(deploymentConfiguration, controller);
  if (usesTaskSets(svc)) refuseTaskSetLevelChanges(ctx, svc, input);

  const settings: ServiceSettings = {
    ...s,
    loadBalancers: input.loadBalancers ?? s.loadBalancers,
    serviceRegistries: input.serviceRegistries ?? s.serviceRegistries,
    serviceConnectConfiguration: input.serviceConnectConfiguration ?? s.serviceConnectConfiguration,
    deploymentConfiguration,
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
  const { deployments: _d, events: _e, serviceDeployments: _s, revisions: _r, ...rest } = svc;
  // An update makes the service differ from its CreateService request: no re-create is idempotent after it.
  const next = { ...rest, settings, desiredCount, createFingerprint: undefined };
  const change = new ServiceChange(ctx, cluster, { ...svc, ...next });

  if (usesTaskSets(svc)) {
    scaleTaskSets(change);
    return { service: renderService(ctx, change.finish(next), false, { before: ctx.now }) };
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
    changed(input.capacityProviderStrategy, primary.capacityProviderStrategy) ||
    changed(input.loadBalancers, s.loadBalancers) ||
    changed(input.serviceRegistries, s.serviceRegistries) ||
    changed(input.serviceConnectConfiguration, s.serviceConnectConfiguration);

  if (newDeployment) {
    const useStrategy = input.capacityProviderStrategy !== undefined ? input.capacityProviderStrategy : primary.capacityProviderStrategy;
    const spec: DeploymentSpec = {
      taskDefinition,
      launchType: useStrategy?.length ? undefined : primary.launchType,
      capacityProviderStrategy: useStrategy?.length ? useStrategy : undefined,
      platformVersion: input.platformVersion ?? primary.platformVersion,
      networkConfiguration: input.networkConfiguration ?? primary.networkConfiguration,
    };
    openDeployment(change, spec, desiredCount);
  } else if (input.desiredCount !== undefined) {
    rescale(change, desiredCount);
  }
  return { service: renderService(ctx, change.finish(next), false, { before: ctx.now }) };
}

/**
 * A new desiredCount without a new deployment. Mid-rollout it becomes the rollout's target: the next
 * waves (rolling), or green's size (blue/green, once green is up); otherwise the PRIMARY deployment
 * scales at once.
 */
function rescale(change: ServiceChange, desiredCount: number): void {
  const { ctx } = change;
  const p = change.primary!;
  const sd = change.currentServiceDeployment;
  const staged = sd?.stages && sd.deploymentId === p.id && isRollingOut(sd, ctx.now) ? sd.stages : undefined;
  if (p.rolloutAt !== undefined) {
    change.update(p.id, (d) => ({ ...d, desiredCount, updatedAt: ctx.now, completesAt: undefined }));
    rollForward(change, ctx.now);
  } else if (staged) {
    change.update(p.id, (d) => ({ ...d, desiredCount, updatedAt: ctx.now }));
    const scaleUp = staged.steps.findIndex((x) => x.action === 'start-green');
    const greenStarted = scaleUp < staged.index || (scaleUp === staged.index && staged.hooks !== undefined);
    if (greenStarted) change.keepCountAt(p.id, desiredCount);
  } else {
    change.scale(desiredCount);
  }
}
