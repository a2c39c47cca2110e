import type {
  AvailabilityZoneRebalancing,
  CapacityProviderStrategyItem,
  DeploymentConfiguration,
  DeploymentController,
  GatewayConnector,
  LaunchType,
  LoadBalancer,
  NetworkConfiguration,
  PlacementConstraint,
  PlacementStrategy,
  PropagateTags,
  SchedulingStrategy,
  ServiceConnectConfiguration,
  ServiceRegistry,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { parseArn, serviceArn } from './arn.js';
import { serviceNotFound } from '../errors.js';
import { plannedRunningAt, plannedStoppedAt, type TaskRecord } from './task.js';
import type { ServiceDeploymentRecord } from './service-deployment-record.js';
import type { ServiceRevisionRecord } from './service-revision.js';

/**
 * One deployment of a service — or, for the CODE_DEPLOY and EXTERNAL controllers, one task set: the
 * task definition and network/platform settings its tasks run with, and the tasks its scheduler
 * started. Counts and rollout state are derived from those tasks.
 */
export interface DeploymentRecord {
  /** `ecs-svc/<19 digits>`; also the `startedBy` of its tasks */
  readonly id: string;
  /** The service revision its tasks run. */
  readonly revisionArn: string;
  readonly taskDefinitionArn: string;
  /** What the scheduler keeps running while this deployment is PRIMARY. */
  readonly desiredCount: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly launchType?: LaunchType | undefined;
  readonly capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined;
  readonly platformVersion?: string | undefined;
  readonly platformFamily?: string | undefined;
  readonly networkConfiguration?: NetworkConfiguration | undefined;
  readonly taskArns: readonly string[];
  /**
   * When its rollout completes (planned by the last call that changed the service; the plan holds
   * because nothing but calls changes tasks). Undefined if it was replaced before completing.
   */
  readonly completesAt?: number | undefined;
  /** Rolling updates: the time of the next wave of starts and stops (see lifecycle/rolling-waves.ts). */
  readonly rolloutAt?: number | undefined;
  /** The last wave found no room for all its tasks: it is tried again by the next upkeep, dated then. */
  readonly rolloutBlocked?: boolean | undefined;
  /** Task sets only. */
  readonly taskSet?: TaskSetState | undefined;
}

/**
 * What a task set adds to a deployment: its share of the service's desiredCount and its role.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html
 */
export interface TaskSetState {
  /** percent of the service's desiredCount, 0–100 */
  readonly scale: number;
  readonly status: 'PRIMARY' | 'ACTIVE' | 'DRAINING';
  readonly externalId?: string | undefined;
  readonly startedBy?: string | undefined;
  readonly loadBalancers: LoadBalancer[];
  readonly serviceRegistries: ServiceRegistry[];
}

/** A service event, rendered into its message when described; may be planned for a future time. */
export interface ServiceEventRecord {
  readonly id: string;
  readonly at: number;
  readonly kind: 'started' | 'stopped' | 'steady' | 'completed' | 'unplaceable' | 'taskSetSteady';
  readonly taskIds?: readonly string[] | undefined;
  readonly deploymentId?: string | undefined;
  readonly reason?: string | undefined;
}

/** Settings fixed by CreateService (some changeable by UpdateService) that the scheduler does not use. */
export interface ServiceSettings {
  readonly loadBalancers: LoadBalancer[];
  readonly serviceRegistries: ServiceRegistry[];
  readonly deploymentConfiguration: DeploymentConfiguration;
  readonly placementConstraints: PlacementConstraint[];
  readonly placementStrategy: PlacementStrategy[];
  readonly schedulingStrategy: SchedulingStrategy;
  readonly deploymentController: DeploymentController & { type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL' };
  readonly serviceConnectConfiguration?: ServiceConnectConfiguration | undefined;
  readonly enableECSManagedTags: boolean;
  readonly propagateTags: PropagateTags;
  readonly enableExecuteCommand: boolean;
  readonly availabilityZoneRebalancing: AvailabilityZoneRebalancing;
  readonly healthCheckGracePeriodSeconds?: number | undefined;
  readonly roleArn?: string | undefined;
  /** Ingress through the gateways associated with the service's cluster (gateway-routes.ts). */
  readonly gatewayConnectors?: readonly GatewayConnector[] | undefined;
}

/**
 * A service as the last CreateService/UpdateService/DeleteService left it. Its tasks move on by the
 * clock alone, so counts, rollout states, events and the DRAINING → INACTIVE step are derived at read time.
 */
export interface ServiceRecord {
  readonly arn: string;
  readonly name: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  /** ACTIVE until DeleteService, then DRAINING; INACTIVE is derived (see serviceStatusAt). */
  readonly status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** Set by DeleteService. */
  readonly deletedAt?: number | undefined;
  readonly createdAt: number;
  readonly createdBy?: string | undefined;
  readonly desiredCount: number;
  readonly settings: ServiceSettings;
  /**
   * ECS controller: newest first, index 0 is the PRIMARY deployment. CODE_DEPLOY and EXTERNAL: the
   * task sets, oldest first, each with its own status.
   */
  readonly deployments: readonly DeploymentRecord[];
  /** Its service deployments, newest first (ECS controller only); gone with DeleteService, as in ECS. */
  readonly serviceDeployments: readonly ServiceDeploymentRecord[];
  /** The service revisions those deployments and the running tasks refer to. */
  readonly revisions: readonly ServiceRevisionRecord[];
  /** Oldest first; entries may lie in the future (planned). */
  readonly events: readonly ServiceEventRecord[];
  /** The CreateService request, canonicalised, until an UpdateService: an identical re-create returns the service. */
  readonly createFingerprint?: string | undefined;
}

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings'>;

/** Whether the service runs task sets (CODE_DEPLOY, EXTERNAL) rather than ECS deployments. */
export const usesTaskSets = (svc: Pick<ServiceRecord, 'settings'>) => svc.settings.deploymentController.type !== 'ECS';

/** The deployment whose settings the service shows: ECS's PRIMARY deployment, or the PRIMARY task set. */
export function primaryDeployment(svc: Pick<ServiceRecord, 'settings' | 'deployments'>): DeploymentRecord | undefined {
  if (!usesTaskSets(svc)) return svc.deployments[0];
  return svc.deployments.find((d) => d.taskSet?.status === 'PRIMARY');
}

export function tasksOfDeployment(ctx: Pick<OperationContext, 'store'>, d: DeploymentRecord): TaskRecord[] {
  const out: TaskRecord[] = [];
  for (const arn of d.taskArns) {
    const t = ctx.store.tasks.get(arn);
    if (t) out.push(t);
  }
  return out;
}

/** When a task settles: RUNNING if it is to keep running, else STOPPED; undefined if never. */
export function taskSettlesAt(ctx: Ctx, task: TaskRecord): number | undefined {
  return task.stop ? plannedStoppedAt(task, ctx.timings) : plannedRunningAt(task, ctx.timings);
}

/** A task that is (or is planned to be) gone: forgotten tasks count as stopped. */
function isStoppedBy(ctx: Ctx, task: TaskRecord | undefined, at: number): boolean {
  if (!task) return true;
  const planned = plannedStoppedAt(task, ctx.timings);
  return planned !== undefined && planned <= at;
}

/** A deployment other than the PRIMARY is listed until all its tasks are STOPPED. */
export function deploymentVisible(ctx: Ctx, d: DeploymentRecord, primary: boolean): boolean {
  if (primary) return true;
  return d.taskArns.some((arn) => !isStoppedBy(ctx, ctx.store.tasks.get(arn), ctx.now));
}

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

/** A deleted service is DRAINING until every task it started is STOPPED, then INACTIVE. */
export function serviceStatusAt(ctx: Ctx, svc: ServiceRecord): ServiceStatus {
  if (svc.status === 'ACTIVE') return 'ACTIVE';
  if (svc.status === 'INACTIVE') return 'INACTIVE';
  for (const d of svc.deployments) {
    for (const arn of d.taskArns) if (!isStoppedBy(ctx, ctx.store.tasks.get(arn), ctx.now)) return 'DRAINING';
  }
  return 'INACTIVE';
}

/** ACTIVE or DRAINING services keep a cluster from being deleted. */
export function clusterHasLiveServices(ctx: Ctx, clusterName: string): boolean {
  for (const svc of ctx.store.services.values()) {
    if (svc.clusterName === clusterName && serviceStatusAt(ctx, svc) !== 'INACTIVE') return true;
  }
  return false;
}

/**
 * The service name in a `service` member: a name, a long ARN (`service/<cluster>/<name>`) or an
 * old short ARN (`service/<name>`); undefined if it is an ARN of something else.
 */
export function serviceNameOf(ref: string): string | undefined {
  if (!ref.startsWith('arn:')) return ref;
  const p = parseArn(ref);
  if (!p || p.service !== 'ecs' || p.resourceType !== 'service') return undefined;
  const parts = p.resource.split('/');
  return parts[parts.length - 1];
}

export function findService(ctx: OperationContext, clusterName: string, ref: string): ServiceRecord | undefined {
  const name = serviceNameOf(ref);
  if (name === undefined) return undefined;
  return ctx.store.services.get(serviceArn(ctx, clusterName, name));
}

/** The service a request names in a cluster, else ServiceNotFoundException. */
export function existingService(ctx: OperationContext, clusterName: string, ref: string | undefined): ServiceRecord {
  const svc = ref ? findService(ctx, clusterName, ref) : undefined;
  if (!svc) throw serviceNotFound();
  return svc;
}
