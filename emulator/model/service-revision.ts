import type {
  CapacityProviderStrategyItem,
  LaunchType,
  LoadBalancer,
  NetworkConfiguration,
  ServiceConnectConfiguration,
  ServiceRegistry,
  ServiceRevision,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { serviceRevisionArn } from './arn.js';
import type { TaskDefinitionRecord } from './task-definition.js';

/**
 * A service revision: the workload configuration one deployment runs, fixed when it is created
 * (task definition, launch type or capacity provider strategy, platform, network, load balancers,
 * service registries, Service Connect). Immutable; a rollback deploys an earlier one again.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html
 */
export interface ServiceRevisionRecord {
  readonly arn: string;
  readonly serviceArn: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly launchType?: LaunchType | undefined;
  readonly capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined;
  readonly platformVersion?: string | undefined;
  readonly platformFamily?: string | undefined;
  readonly networkConfiguration?: NetworkConfiguration | undefined;
  readonly loadBalancers: LoadBalancer[];
  readonly serviceRegistries: ServiceRegistry[];
  readonly serviceConnectConfiguration?: ServiceConnectConfiguration | undefined;
  /** container name → image, as the task definition named them */
  readonly containerImages: readonly { containerName: string; image: string }[];
  readonly createdAt: number;
}

export interface RevisionFields {
  taskDefinition: TaskDefinitionRecord;
  launchType?: LaunchType | undefined;
  capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined;
  platformVersion?: string | undefined;
  platformFamily?: string | undefined;
  networkConfiguration?: NetworkConfiguration | undefined;
  loadBalancers: LoadBalancer[];
  serviceRegistries: ServiceRegistry[];
  serviceConnectConfiguration?: ServiceConnectConfiguration | undefined;
}

/** The digits of an `ecs-svc/<digits>` deployment or task set id. */
export const deploymentDigits = (deploymentId: string) => deploymentId.slice(deploymentId.indexOf('/') + 1);

export function newServiceRevision(
  ctx: Pick<OperationContext, 'accountId' | 'region' | 'now'>,
  svc: { arn: string; name: string; clusterName: string; clusterArn: string },
  deploymentId: string,
  f: RevisionFields,
): ServiceRevisionRecord {
  return {
    arn: serviceRevisionArn(ctx, svc.clusterName, svc.name, deploymentDigits(deploymentId)),
    serviceArn: svc.arn,
    clusterArn: svc.clusterArn,
    taskDefinitionArn: f.taskDefinition.arn,
    launchType: f.launchType,
    capacityProviderStrategy: f.capacityProviderStrategy,
    platformVersion: f.platformVersion,
    platformFamily: f.platformFamily,
    networkConfiguration: f.networkConfiguration,
    loadBalancers: f.loadBalancers,
    serviceRegistries: f.serviceRegistries,
    serviceConnectConfiguration: f.serviceConnectConfiguration,
    containerImages: (f.taskDefinition.definition.containerDefinitions ?? []).map((c) => ({
      containerName: c.name ?? '',
      image: c.image ?? '',
    })),
    createdAt: ctx.now,
  };
}

/**
 * The ServiceRevision shape. ECS resolves image tags to digests when it deploys a revision; the
 * emulator pulls no images, so `imageDigest` is left out rather than invented.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html
 */
export function renderServiceRevision(r: ServiceRevisionRecord): ServiceRevision {
  const out: ServiceRevision = {
    serviceRevisionArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    taskDefinition: r.taskDefinitionArn,
    capacityProviderStrategy: r.capacityProviderStrategy,
    launchType: r.capacityProviderStrategy?.length ? undefined : r.launchType,
    platformVersion: r.platformVersion,
    platformFamily: r.platformFamily,
    loadBalancers: r.loadBalancers,
    serviceRegistries: r.serviceRegistries,
    networkConfiguration: r.networkConfiguration,
    containerImages: r.containerImages.map((c) => ({ ...c })),
    guardDutyEnabled: false,
    serviceConnectConfiguration: r.serviceConnectConfiguration,
    createdAt: new Date(r.createdAt),
  };
  for (const key of Object.keys(out) as (keyof ServiceRevision)[]) if (out[key] === undefined) delete out[key];
  return out;
}
