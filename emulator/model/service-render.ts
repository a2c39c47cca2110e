import type { Deployment, Service, ServiceEvent } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { tagsOf } from './tags.js';
import { taskStatusAt } from './task.js';
import {
  deploymentVisible,
  serviceStatusAt,
  tasksOfDeployment,
  type DeploymentRecord,
  type ServiceEventRecord,
  type ServiceRecord,
} from './service.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings'>;

interface Counts {
  running: number;
  pending: number;
  /** tasks not asked to stop */
  live: number;
}

function countsOf(ctx: Ctx, d: DeploymentRecord): Counts {
  const c: Counts = { running: 0, pending: 0, live: 0 };
  for (const task of tasksOfDeployment(ctx, d)) {
    const st = taskStatusAt(task, ctx.now, ctx.timings);
    if (st.lastStatus === 'RUNNING') c.running++;
    else if (st.lastStatus === 'PROVISIONING' || st.lastStatus === 'PENDING' || st.lastStatus === 'ACTIVATING') c.pending++;
    if (st.desiredStatus === 'RUNNING') c.live++;
  }
  return c;
}

/**
 * A deployment as ECS lists it. An ACTIVE (older) deployment's desiredCount falls as the scheduler
 * stops its tasks.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
 */
function renderDeployment(ctx: Ctx, d: DeploymentRecord, primary: boolean, counts: Counts): Deployment {
  const completed = d.completesAt !== undefined && d.completesAt <= ctx.now;
  const out: Deployment = {
    id: d.id,
    status: primary ? 'PRIMARY' : 'ACTIVE',
    taskDefinition: d.taskDefinitionArn,
    desiredCount: primary ? d.desiredCount : counts.live,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: 0,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(Math.max(d.updatedAt, completed ? d.completesAt! : 0)),
    launchType: d.launchType,
    capacityProviderStrategy: d.capacityProviderStrategy,
    platformVersion: d.platformVersion,
    platformFamily: d.platformFamily,
    networkConfiguration: d.networkConfiguration,
    rolloutState: completed ? 'COMPLETED' : 'IN_PROGRESS',
    rolloutStateReason: completed ? `ECS deployment ${d.id} completed.` : `ECS deployment ${d.id} in progress.`,
  };
  return withoutUndefined(out);
}

function eventMessage(svc: ServiceRecord, e: ServiceEventRecord): string {
  const tasks = (e.taskIds ?? []).map((id) => `(task ${id})`).join(' ');
  const n = e.taskIds?.length ?? 0;
  switch (e.kind) {
    case 'started':
      return `(service ${svc.name}) has started ${n} tasks: ${tasks}.`;
    case 'stopped':
      return `(service ${svc.name}) has stopped ${n} running tasks: ${tasks}.`;
    case 'steady':
      return `(service ${svc.name}) has reached a steady state.`;
    case 'completed':
      return `(service ${svc.name}) (deployment ${e.deploymentId}) deployment completed.`;
    case 'unplaceable':
      return (
        `(service ${svc.name}) was unable to place a task because no container instance met all of its requirements. ` +
        `${e.reason} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`
      );
  }
}

interface RenderedEvents {
  /** The times between which the same events have happened: valid for from <= now < until. */
  from: number;
  until: number;
  events: ServiceEvent[];
}

/**
 * A service record is immutable and its events only depend on which have happened by now, so a poller
 * asking again before the next event gets the same elements (a fresh array: only elements are shared).
 */
const renderedEvents = new WeakMap<ServiceRecord, RenderedEvents>();

/** The service's events that have happened by now, newest first (ECS shows at most 100). */
function renderEvents(ctx: Ctx, svc: ServiceRecord): ServiceEvent[] {
  const cached = renderedEvents.get(svc);
  if (cached && cached.from <= ctx.now && ctx.now < cached.until) return cached.events.slice();
  let from = -Infinity;
  let until = Infinity;
  const happened: { e: ServiceEventRecord; i: number }[] = [];
  svc.events.forEach((e, i) => {
    if (e.at <= ctx.now) {
      happened.push({ e, i });
      if (e.at > from) from = e.at;
    } else if (e.at < until) until = e.at;
  });
  happened.sort((a, b) => b.e.at - a.e.at || b.i - a.i);
  const events = happened.slice(0, 100).map(({ e }) => ({ id: e.id, createdAt: new Date(e.at), message: eventMessage(svc, e) }));
  renderedEvents.set(svc, { from, until, events });
  return events.slice();
}

/**
 * The Service shape ECS returns at `ctx.now`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html
 */
export function renderService(ctx: Ctx, svc: ServiceRecord, includeTags = false): Service {
  const status = serviceStatusAt(ctx, svc);
  const deployments: Deployment[] = [];
  let running = 0;
  let pending = 0;
  svc.deployments.forEach((d, i) => {
    if (!deploymentVisible(ctx, d, i === 0)) return;
    const c = countsOf(ctx, d);
    running += c.running;
    pending += c.pending;
    deployments.push(renderDeployment(ctx, d, i === 0, c));
  });
  const primary = svc.deployments[0];
  const s = svc.settings;
  const out: Service = {
    serviceArn: svc.arn,
    serviceName: svc.name,
    clusterArn: svc.clusterArn,
    loadBalancers: s.loadBalancers,
    serviceRegistries: s.serviceRegistries,
    status,
    desiredCount: svc.desiredCount,
    runningCount: running,
    pendingCount: pending,
    launchType: primary?.launchType,
    capacityProviderStrategy: primary?.capacityProviderStrategy,
    platformVersion: primary?.platformVersion,
    platformFamily: primary?.platformFamily,
    taskDefinition: primary?.taskDefinitionArn,
    deploymentConfiguration: s.deploymentConfiguration,
    deployments,
    roleArn: s.roleArn,
    events: renderEvents(ctx, svc),
    createdAt: new Date(svc.createdAt),
    placementConstraints: s.placementConstraints,
    placementStrategy: s.placementStrategy,
    networkConfiguration: primary?.networkConfiguration,
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
    schedulingStrategy: s.schedulingStrategy,
    deploymentController: s.deploymentController,
    createdBy: svc.createdBy,
    enableECSManagedTags: s.enableECSManagedTags,
    propagateTags: s.propagateTags,
    enableExecuteCommand: s.enableExecuteCommand,
    availabilityZoneRebalancing: s.availabilityZoneRebalancing,
  };
  if (includeTags) out.tags = tagsOf(ctx, svc.arn);
  return withoutUndefined(out);
}

/** The members that are set, in the same order: a copy, as deleting members makes a slow object. */
function withoutUndefined<T extends object>(o: T): T {
  const out = {} as Record<string, unknown>;
  // for-in: the renders are object literals (no inherited members), and it is the quicker walk.
  for (const key in o) {
    const v = (o as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
