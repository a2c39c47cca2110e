import type { Deployment, Service, ServiceCurrentRevisionSummary, ServiceEvent } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { tagsOf } from './tags.js';
import { holdsReusedOutput, reuseOutput } from './reused-output.js';
import { taskStatusAt } from './task.js';
import {
  deploymentVisible,
  primaryDeployment,
  serviceStatusAt,
  tasksOfDeployment,
  usesTaskSets,
  type DeploymentRecord,
  type ServiceEventRecord,
  type ServiceRecord,
} from './service.js';
import { renderTaskSet, taskSetsOf, type ViewOptions } from './task-set.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings'>;

interface Counts {
  running: number;
  pending: number;
  /** tasks not asked to stop */
  live: number;
}

/**
 * Counts at `ctx.now`. With `view.before` (a create or update response), the tasks the call itself
 * started, or asked to stop, are seen as they were before it: ECS answers before its scheduler acts
 * (AWS's CreateService example: pendingCount 0, events []).
 */
function countsOf(ctx: Ctx, d: DeploymentRecord, view: ViewOptions = {}): Counts {
  const c: Counts = { running: 0, pending: 0, live: 0 };
  for (const t of tasksOfDeployment(ctx, d)) {
    if (view.before !== undefined && t.createdAt >= view.before) continue;
    const task = view.before !== undefined && t.stop && t.stop.at >= view.before ? { ...t, stop: undefined } : t;
    // Stopped before now: STOPPING or later, desired STOPPED, so counted nowhere (taskStatusAt). A
    // service scaled many times a second has many such tasks until they are STOPPED.
    if (task.stop !== undefined && task.stop.at < ctx.now) continue;
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
      // A task set's own tasks are announced with it, like its state changes. [GUESS] for this one.
      if (e.deploymentId) return `(service ${svc.name}, taskSet ${e.deploymentId}) has started ${n} tasks: ${tasks}.`;
      return `(service ${svc.name}) has started ${n} tasks: ${tasks}.`;
    case 'taskSetSteady':
      // Seen in a real service's events: kayac/ecspresso#103.
      return `(service ${svc.name}, taskSet ${e.deploymentId}) updated state to STEADY_STATE.`;
    case 'stopped':
      if (e.deploymentId) return `(service ${svc.name}, taskSet ${e.deploymentId}) has stopped ${n} running tasks: ${tasks}.`;
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
  const events = happened.slice(0, 100).map(({ e }) => renderEvent(svc, e));
  renderedEvents.set(svc, { from, until, events });
  return events.slice();
}

/**
 * An event's rendering never changes (its message names only the service, which has one name for
 * life), and an UpdateService or DescribeServices shows up to a hundred of them: each is rendered
 * once, frozen and handed out again, so the answer and the trail record write its text once
 * (reused-output.ts). An event record whose tasks change is a new record (service-deployment.ts).
 */
const eventRenderings = new WeakMap<ServiceEventRecord, ServiceEvent>();
function renderEvent(svc: ServiceRecord, e: ServiceEventRecord): ServiceEvent {
  let out = eventRenderings.get(e);
  if (out === undefined) {
    out = reuseOutput({ id: e.id, createdAt: new Date(e.at), message: eventMessage(svc, e) });
    eventRenderings.set(e, out);
  }
  return out;
}

/**
 * The Service shape ECS returns at `ctx.now`. A service with the CODE_DEPLOY or EXTERNAL controller
 * shows its task sets and an empty `deployments` list (the CreateService response documents it, and
 * it is why the SDK's servicesStable waiter never succeeds for them: boto/botocore#2865).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html
 */
export function renderService(at: Ctx, svc: ServiceRecord, includeTags = false, view: ViewOptions = {}): Service {
  // A create or update response shows the service as it was just before the scheduler acted on it.
  const ctx = view.before !== undefined ? { ...at, now: view.before - 1 } : at;
  const status = serviceStatusAt(ctx, svc);
  const taskSetService = usesTaskSets(svc);
  const deployments: Deployment[] = [];
  const revisions: ServiceCurrentRevisionSummary[] = [];
  let running = 0;
  let pending = 0;
  svc.deployments.forEach((d, i) => {
    if (taskSetService) {
      if (d.taskSet?.status === 'DRAINING' && !deploymentVisible(ctx, d, false)) return;
      const c = countsOf(ctx, d, view);
      running += c.running;
      pending += c.pending;
      return;
    }
    if (!deploymentVisible(ctx, d, i === 0)) return;
    const c = countsOf(ctx, d, view);
    running += c.running;
    pending += c.pending;
    deployments.push(renderDeployment(ctx, d, i === 0, c));
    revisions.push({
      arn: d.revisionArn,
      requestedTaskCount: i === 0 ? d.desiredCount : c.live,
      runningTaskCount: c.running,
      pendingTaskCount: c.pending,
    });
  });
  const primary = primaryDeployment(svc);
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
    taskSets: taskSetService ? taskSetsOf(ctx, svc).map((d) => renderTaskSet(at, svc, d, view)) : undefined,
    deployments,
    roleArn: s.roleArn,
    events: renderEvents(ctx, svc),
    createdAt: new Date(svc.createdAt),
    currentServiceDeployment: taskSetService ? undefined : svc.serviceDeployments[0]?.arn,
    currentServiceRevisions: taskSetService ? undefined : revisions,
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
  const shown = withoutUndefined(out);
  return shown.events!.length > 0 ? holdsReusedOutput(shown) : shown;
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
