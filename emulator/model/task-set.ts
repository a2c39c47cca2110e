import type { StabilityStatus, TaskSet } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { tagsOf } from './tags.js';
import { taskStatusAt } from './task.js';
import { deploymentVisible, tasksOfDeployment, usesTaskSets, type DeploymentRecord, type ServiceRecord } from './service.js';
import { invalidParameter, EcsServiceError } from '../errors.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings'>;

/**
 * A task set runs its scale's share of the service's desiredCount, rounded up ("if the computed desired
 * count is 1.2, it rounds up to 2 tasks").
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html
 */
export function computedDesiredCount(serviceDesired: number, scale: number): number {
  return Math.ceil((serviceDesired * scale) / 100 - 1e-9);
}

/** "The specified task set wasn't found." [GUESS] wording: no quoted ECS response was found. */
export const taskSetNotFound = () => new EcsServiceError('TaskSetNotFoundException', 'The specified task set does not exist.');

/**
 * CreateTaskSet and the other task-set calls on a service with the ECS deployment controller:
 * "Amazon ECS only supports task set management on services configured to use external deployment
 * controllers." [REAL] (hashicorp/terraform-provider-aws#30347, AWS CLI output). CODE_DEPLOY services
 * are served too: in ECS it is CodeDeploy that calls these operations on them.
 */
export function requireTaskSetService(svc: ServiceRecord): void {
  if (!usesTaskSets(svc)) {
    throw invalidParameter('Amazon ECS only supports task set management on services configured to use external deployment controllers.');
  }
}

/**
 * The task set a `taskSet` member names: its id (`ecs-svc/…`) or its ARN. Anything else is "Task Set
 * Identifier is invalid" [REAL] (boto/boto3#3895, a task ARN passed to DescribeTaskSets).
 */
export function taskSetIdOf(ref: string): string {
  if (ref.startsWith('arn:')) {
    const m = /:task-set\/[^/]+\/[^/]+\/(ecs-svc\/\d+)$/.exec(ref);
    if (!m) throw invalidParameter('Task Set Identifier is invalid');
    return m[1]!;
  }
  if (!/^ecs-svc\/\d+$/.test(ref)) throw invalidParameter('Task Set Identifier is invalid');
  return ref;
}

/** The task sets of a service that still exist: a deleted one is gone once its tasks are all STOPPED. */
export function taskSetsOf(ctx: Ctx, svc: ServiceRecord): DeploymentRecord[] {
  return svc.deployments.filter((d) => d.taskSet && (d.taskSet.status !== 'DRAINING' || deploymentVisible(ctx, d, false)));
}

/** The task set a reference names in a service, else TaskSetNotFoundException. */
export function existingTaskSet(ctx: Ctx, svc: ServiceRecord, ref: string | undefined): DeploymentRecord {
  const id = taskSetIdOf(ref ?? '');
  const d = taskSetsOf(ctx, svc).find((x) => x.id === id);
  if (!d) throw taskSetNotFound();
  return d;
}

interface Counts {
  running: number;
  pending: number;
  live: number;
}

/** Only the tasks and events as they were before the call (`before`): what a create or update response shows. */
export interface ViewOptions {
  before?: number | undefined;
}

function countsOf(ctx: Ctx, d: DeploymentRecord, view: ViewOptions): Counts & { settledAt: number | undefined } {
  const c = { running: 0, pending: 0, live: 0, settledAt: d.updatedAt as number | undefined };
  for (const task of tasksOfDeployment(ctx, d)) {
    if (view.before !== undefined && task.createdAt >= view.before) continue;
    const seen = view.before !== undefined && task.stop && task.stop.at >= view.before ? { ...task, stop: undefined } : task;
    const st = taskStatusAt(seen, ctx.now, ctx.timings);
    if (st.lastStatus === 'RUNNING') c.running++;
    else if (st.lastStatus === 'PROVISIONING' || st.lastStatus === 'PENDING' || st.lastStatus === 'ACTIVATING') c.pending++;
    if (st.desiredStatus === 'RUNNING') c.live++;
    const settles = seen.stop ? st.stoppedAtPlanned : st.runningAt;
    if (settles === undefined) c.settledAt = undefined;
    else if (c.settledAt !== undefined) c.settledAt = Math.max(c.settledAt, settles);
  }
  return c;
}

/**
 * STEADY_STATE once its runningCount equals its computedDesiredCount with nothing pending or
 * stopping; `stabilityStatusAt` is when that was reached, or when it last changed.
 */
function stability(ctx: Ctx, d: DeploymentRecord, computed: number, c: ReturnType<typeof countsOf>, view: ViewOptions): { status: StabilityStatus; at: number } {
  if (view.before !== undefined) return { status: 'STABILIZING', at: view.before };
  const steady = c.running === computed && c.pending === 0 && c.live === computed && c.settledAt !== undefined && c.settledAt <= ctx.now;
  return steady ? { status: 'STEADY_STATE', at: Math.max(c.settledAt!, d.updatedAt) } : { status: 'STABILIZING', at: d.updatedAt };
}

/**
 * The TaskSet shape. `computed` overrides the computed desired count: ECS's responses to
 * CreateTaskSet and UpdateTaskSet still show the count from before the call (its examples: scale 50,
 * computedDesiredCount 0 in the UpdateTaskSet response, 1 in a later call).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskSet.html
 */
export function renderTaskSet(
  at: Ctx,
  svc: ServiceRecord,
  d: DeploymentRecord,
  opts: ViewOptions & { includeTags?: boolean; computed?: number } = {},
): TaskSet {
  const ts = d.taskSet!;
  // A create or update response shows the task set as it was just before the scheduler acted on it.
  const ctx = opts.before !== undefined ? { ...at, now: opts.before - 1 } : at;
  const computed = opts.computed ?? d.desiredCount;
  const c = countsOf(ctx, d, opts);
  const st = stability(ctx, d, computed, c, opts);
  const arn = taskSetArnOf(svc, d.id);
  const out: TaskSet = {
    id: d.id,
    taskSetArn: arn,
    serviceArn: svc.arn,
    clusterArn: svc.clusterArn,
    startedBy: ts.startedBy,
    externalId: ts.externalId,
    status: ts.status,
    taskDefinition: d.taskDefinitionArn,
    computedDesiredCount: computed,
    pendingCount: c.pending,
    runningCount: c.running,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
    launchType: d.launchType,
    capacityProviderStrategy: d.capacityProviderStrategy,
    platformVersion: d.platformVersion,
    platformFamily: d.platformFamily,
    networkConfiguration: d.networkConfiguration,
    loadBalancers: ts.loadBalancers,
    serviceRegistries: ts.serviceRegistries,
    scale: { value: ts.scale, unit: 'PERCENT' },
    stabilityStatus: st.status,
    stabilityStatusAt: new Date(st.at),
  };
  if (opts.includeTags) out.tags = tagsOf(ctx, arn);
  for (const key of Object.keys(out) as (keyof TaskSet)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/** The moment a task set's tasks all settled, if they have (for the service's steady-state events). */
export function taskSetSettledAt(ctx: Ctx, d: DeploymentRecord): number | undefined {
  const c = countsOf(ctx, d, {});
  return c.live === d.desiredCount ? c.settledAt : undefined;
}

/** `…:service/<cluster>/<name>` → `…:task-set/<cluster>/<name>/<id>` (arn.ts `taskSetArn`). */
export function taskSetArnOf(svc: Pick<ServiceRecord, 'arn'>, id: string): string {
  return `${svc.arn.replace(':service/', ':task-set/')}/${id}`;
}
