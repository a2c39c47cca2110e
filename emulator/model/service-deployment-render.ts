import type {
  DeploymentLifecycleHookDetail,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceRevisionSummary,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { taskStatusAt } from './task.js';
import { tasksOfDeployment, type ServiceRecord } from './service.js';
import { isTerminal, serviceDeploymentStatusAt, type ServiceDeploymentRecord } from './service-deployment-record.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings'>;

interface RevisionCounts {
  requested: number;
  running: number;
  pending: number;
}

function countsOf(ctx: Ctx, svc: ServiceRecord, deploymentId: string | undefined, requested: (live: number) => number): RevisionCounts {
  const d = deploymentId === undefined ? undefined : svc.deployments.find((x) => x.id === deploymentId);
  const c = { requested: 0, running: 0, pending: 0 };
  if (!d) return c;
  let live = 0;
  for (const task of tasksOfDeployment(ctx, d)) {
    const st = taskStatusAt(task, ctx.now, ctx.timings);
    if (st.lastStatus === 'RUNNING') c.running++;
    else if (st.lastStatus === 'PROVISIONING' || st.lastStatus === 'PENDING' || st.lastStatus === 'ACTIVATING') c.pending++;
    if (st.desiredStatus === 'RUNNING') live++;
  }
  c.requested = requested(live);
  return c;
}

/**
 * The task counts of the target and source revisions. While the deployment runs they are the live
 * counts of the deployments running each revision; once it has succeeded, what it ended with (the
 * target at its requested count, the sources at 0), as ECS's page says: "This number represents the
 * number of running tasks when the deployment completed."
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
 */
function revisionSummaries(ctx: Ctx, svc: ServiceRecord, sd: ServiceDeploymentRecord): { target: ServiceRevisionSummary; sources: ServiceRevisionSummary[] } {
  const status = serviceDeploymentStatusAt(sd, ctx.now).status;
  const weights = sd.stages;
  const withWeights = (s: ServiceRevisionSummary, target: boolean): ServiceRevisionSummary => {
    if (!weights) return s;
    const prod = target ? weights.productionWeight : 100 - weights.productionWeight;
    const test = target ? weights.testWeight : 100 - weights.testWeight;
    return { ...s, requestedTestTrafficWeight: test, requestedProductionTrafficWeight: prod };
  };
  const summary = (arn: string, c: RevisionCounts): ServiceRevisionSummary => ({
    arn,
    requestedTaskCount: c.requested,
    runningTaskCount: c.running,
    pendingTaskCount: c.pending,
  });
  if (status === 'SUCCESSFUL') {
    const n = sd.desiredCount;
    return {
      target: withWeights(summary(sd.targetRevisionArn, { requested: n, running: n, pending: 0 }), true),
      sources: sd.sources.map((s) => withWeights(summary(s.revisionArn, { requested: 0, running: 0, pending: 0 }), false)),
    };
  }
  const primaryId = svc.deployments[0]?.id;
  const requestedOf = (id: string) => (live: number) => (id === primaryId ? sd.desiredCount : live);
  return {
    target: withWeights(summary(sd.targetRevisionArn, countsOf(ctx, svc, sd.deploymentId, requestedOf(sd.deploymentId))), true),
    sources: sd.sources.map((s) => withWeights(summary(s.revisionArn, countsOf(ctx, svc, s.deploymentId, requestedOf(s.deploymentId))), false)),
  };
}

/** The end of a deployment that is over, for `finishedAt`. */
function endOf(sd: ServiceDeploymentRecord, now: number): number | undefined {
  const { status, since } = serviceDeploymentStatusAt(sd, now);
  return isTerminal(status) ? since : undefined;
}

/**
 * The ServiceDeployment shape at `ctx.now`. Circuit breaker and alarms are reported as configured:
 * no task of the emulator ever fails and no CloudWatch alarm fires, so they monitor, and finish
 * monitoring, without triggering. The breaker's threshold is 50 % of desiredCount (or its
 * thresholdConfiguration), at least 3 and at most 200 for BOUNDED_PERCENT.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeploymentCircuitBreaker.html
 */
export function renderServiceDeployment(ctx: Ctx, svc: ServiceRecord, sd: ServiceDeploymentRecord): ServiceDeployment {
  const { status, since } = serviceDeploymentStatusAt(sd, ctx.now);
  const over = isTerminal(status);
  const { target, sources } = revisionSummaries(ctx, svc, sd);
  const cfg = sd.deploymentConfiguration;
  const monitor = (enabled: boolean | undefined) => (status === 'PENDING' ? undefined : enabled ? (over ? 'MONITORING_COMPLETE' : 'MONITORING') : 'DISABLED');
  const breaker = cfg.deploymentCircuitBreaker;
  const out: ServiceDeployment = {
    serviceDeploymentArn: sd.arn,
    serviceArn: svc.arn,
    clusterArn: svc.clusterArn,
    createdAt: new Date(sd.createdAt),
    startedAt: status === 'PENDING' ? undefined : new Date(sd.startedAt),
    finishedAt: over ? new Date(since) : undefined,
    stoppedAt: sd.stopped && sd.stopped.at <= ctx.now ? new Date(sd.stopped.at) : sd.rollback && sd.rollback.requestedAt <= ctx.now ? new Date(sd.rollback.requestedAt) : undefined,
    updatedAt: new Date(Math.max(updatedAt(sd, ctx.now), since)),
    sourceServiceRevisions: sources,
    targetServiceRevision: target,
    status,
    statusReason: statusReason(sd, ctx.now),
    lifecycleStage: sd.stages ? sd.stages.steps[sd.stages.index]!.stage : undefined,
    lifecycleHookDetails: sd.stages ? hookDetails(sd) : undefined,
    deploymentConfiguration: cfg,
    rollback:
      sd.rollback && sd.rollback.requestedAt <= ctx.now
        ? { reason: sd.rollback.reason, startedAt: new Date(sd.rollback.startedAt), serviceRevisionArn: sd.rollback.revisionArn }
        : undefined,
    deploymentCircuitBreaker:
      status === 'PENDING'
        ? undefined
        : { status: monitor(breaker?.enable), failureCount: 0, threshold: breakerThreshold(sd) },
    alarms: cfg.alarms
      ? { status: monitor(cfg.alarms.enable), alarmNames: cfg.alarms.alarmNames ?? [], triggeredAlarmNames: [] }
      : undefined,
  };
  for (const key of Object.keys(out) as (keyof ServiceDeployment)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function renderServiceDeploymentBrief(ctx: Ctx, svc: ServiceRecord, sd: ServiceDeploymentRecord): ServiceDeploymentBrief {
  const { status } = serviceDeploymentStatusAt(sd, ctx.now);
  const end = endOf(sd, ctx.now);
  const out: ServiceDeploymentBrief = {
    serviceDeploymentArn: sd.arn,
    serviceArn: svc.arn,
    clusterArn: svc.clusterArn,
    startedAt: status === 'PENDING' ? undefined : new Date(sd.startedAt),
    createdAt: new Date(sd.createdAt),
    finishedAt: end === undefined ? undefined : new Date(end),
    targetServiceRevisionArn: sd.targetRevisionArn,
    status,
    statusReason: statusReason(sd, ctx.now),
  };
  for (const key of Object.keys(out) as (keyof ServiceDeploymentBrief)[]) if (out[key] === undefined) delete out[key];
  return out;
}

function updatedAt(sd: ServiceDeploymentRecord, now: number): number {
  return sd.updatedAt <= now ? sd.updatedAt : sd.createdAt;
}

/** [GUESS] texts: no AWS page quotes ECS's reasons; these say what happened. */
function statusReason(sd: ServiceDeploymentRecord, now: number): string | undefined {
  const rb = sd.rollback;
  if (rb && rb.requestedAt <= now) {
    if (rb.failedAt !== undefined && rb.failedAt <= now) return `${rb.reason} There is no previous service revision to roll back to.`;
    return rb.reason;
  }
  if (sd.stopped && sd.stopped.at <= now) return sd.stopped.reason;
  return undefined;
}

function hookDetails(sd: ServiceDeploymentRecord): DeploymentLifecycleHookDetail[] {
  return (sd.stages?.hooks ?? []).map((h) => {
    const d: DeploymentLifecycleHookDetail = { hookId: h.hookId, targetType: h.targetType, status: h.status };
    if (h.targetArn !== undefined) d.targetArn = h.targetArn;
    if (h.expiresAt !== undefined) d.expiresAt = new Date(h.expiresAt);
    if (h.timeoutAction !== undefined) d.timeoutAction = h.timeoutAction;
    return d;
  });
}

function breakerThreshold(sd: ServiceDeploymentRecord): number {
  const t = sd.deploymentConfiguration.deploymentCircuitBreaker?.thresholdConfiguration;
  const type = t?.type ?? 'BOUNDED_PERCENT';
  const value = t?.value ?? 50;
  if (type === 'COUNT') return value;
  const n = Math.ceil((value * sd.desiredCount) / 100);
  return type === 'UNBOUNDED_PERCENT' ? n : Math.min(200, Math.max(3, n));
}
