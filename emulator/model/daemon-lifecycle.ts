import type {
  DaemonDeployment,
  DaemonDeploymentRevisionDetail,
  DaemonDeploymentStatus,
  DaemonDeploymentSummary,
  DaemonDetail,
  DaemonRevision,
  DaemonRevisionDetail,
  DaemonSummary,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { daemonNotFound, invalidParameter } from '../errors.js';
import { parseArn } from './arn.js';
import type { DaemonDeploymentRecord, DaemonRecord, DaemonRevisionRecord } from './daemon-state.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings' | 'accountId' | 'region'>;

export interface DeploymentTimes {
  status: DaemonDeploymentStatus;
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
}

/**
 * A daemon deployment at `now`: PENDING, then IN_PROGRESS while container instances are drained and
 * replaced, then SUCCESSFUL after the bake time (`bakeTimeInMinutes`, default 0); a deployment a newer
 * one replaces before it finished is STOPPED. With no container instances in the emulator, the rollout
 * itself takes the task timings (provisioning, then pending).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/daemon-deployments.html
 */
export function deploymentAt(ctx: Ctx, d: DaemonDeploymentRecord): DeploymentTimes {
  const startedAt = d.createdAt + ctx.timings.provisioningMs;
  const bakeMs = (d.deploymentConfiguration.bakeTimeInMinutes ?? 0) * 60_000;
  const finishedAt = startedAt + ctx.timings.pendingMs + bakeMs;
  const { now } = ctx;
  if (d.supersededAt !== undefined && d.supersededAt < finishedAt && d.supersededAt <= now) {
    return { status: 'STOPPED', ...(d.supersededAt >= startedAt ? { startedAt } : {}), stoppedAt: d.supersededAt };
  }
  if (now < startedAt) return { status: 'PENDING' };
  if (now < finishedAt) return { status: 'IN_PROGRESS', startedAt };
  return { status: 'SUCCESSFUL', startedAt, finishedAt };
}

/** statusReason per status: the SUCCESSFUL text is the API Reference example's; the others are [GUESS]es. */
const STATUS_REASON: Partial<Record<DaemonDeploymentStatus, string>> = {
  PENDING: 'Deployment is pending.',
  IN_PROGRESS: 'Deployment is in progress.',
  SUCCESSFUL: 'Deployment completed successfully.',
  STOPPED: 'Deployment was stopped because a newer deployment started.',
};

/** Whether a deleted daemon is gone for good (its removing deployment finished). */
export function isGone(ctx: Ctx, d: DaemonRecord): boolean {
  if (!d.deleteDeploymentArn) return false;
  const dep = ctx.store.daemons.deployments.get(d.deleteDeploymentArn);
  return !dep || deploymentAt(ctx, dep).status === 'SUCCESSFUL';
}

/** The daemon an ARN names, unless it does not exist (or was deleted and is gone): DaemonNotFoundException. */
export function findDaemon(ctx: Ctx, arn: string | undefined): DaemonRecord {
  if (arn === undefined || arn === '') throw invalidParameter('DaemonArn can not be blank.');
  const p = parseArn(arn);
  // [GUESS] text for something that is not a daemon ARN.
  if (!p || p.service !== 'ecs' || p.resourceType !== 'daemon') throw invalidParameter(`Invalid daemon ARN: ${arn}`);
  const daemon = ctx.store.daemons.daemons.get(arn);
  if (!daemon || isGone(ctx, daemon)) throw daemonNotFound();
  return daemon;
}

const capacityDetail = (arns: readonly string[]) => arns.map((arn) => ({ arn, runningCount: 0, withoutDaemonCount: 0 }));

function revisionDetail(r: DaemonRevisionRecord): DaemonRevisionDetail {
  return { arn: r.arn, capacityProviders: capacityDetail(r.capacityProviderArns), totalRunningCount: 0, totalWithoutDaemonCount: 0 };
}

/**
 * DescribeDaemon's DaemonDetail. `currentRevisions` holds the target revision and, while a deployment
 * rolls out, the revisions it replaces. Counts are 0: the emulator has no container instances for
 * daemon tasks to run on.
 */
export function renderDaemon(ctx: Ctx, d: DaemonRecord): DaemonDetail {
  const latest = ctx.store.daemons.deployments.get(d.deploymentArns[0]!)!;
  const state = deploymentAt(ctx, latest);
  const revisionArns: string[] = [];
  if (latest.targetRevisionArn) revisionArns.push(latest.targetRevisionArn);
  if (state.status !== 'SUCCESSFUL' || !latest.targetRevisionArn) revisionArns.push(...latest.sourceRevisionArns);
  return {
    daemonArn: d.arn,
    clusterArn: d.clusterArn,
    status: d.deleteDeploymentArn ? 'DELETE_IN_PROGRESS' : 'ACTIVE',
    currentRevisions: revisionArns.map((arn) => revisionDetail(ctx.store.daemons.revisions.get(arn)!)),
    deploymentArn: latest.arn,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
  };
}

export function renderDaemonSummary(d: DaemonRecord): DaemonSummary {
  return {
    daemonArn: d.arn,
    status: d.deleteDeploymentArn ? 'DELETE_IN_PROGRESS' : 'ACTIVE',
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
  };
}

function deploymentRevision(ctx: Ctx, arn: string, draining: boolean): DaemonDeploymentRevisionDetail {
  const r = ctx.store.daemons.revisions.get(arn)!;
  return {
    arn,
    capacityProviders: r.capacityProviderArns.map((cp) => ({ arn: cp, drainingInstanceCount: 0, runningInstanceCount: 0 })),
    totalDrainingInstanceCount: 0,
    totalRunningInstanceCount: 0,
    ...(draining ? { totalWithoutDaemonInstanceCount: 0 } : {}),
  };
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** DescribeDaemonDeployments' DaemonDeployment, shaped as the API Reference example. */
export function renderDeployment(ctx: Ctx, d: DaemonDeploymentRecord): DaemonDeployment {
  const t = deploymentAt(ctx, d);
  const monitoring = t.status === 'PENDING' || t.status === 'IN_PROGRESS' ? 'MONITORING' : 'MONITORING_COMPLETE';
  const alarms = d.deploymentConfiguration.alarms;
  const out: DaemonDeployment = {
    daemonDeploymentArn: d.arn,
    clusterArn: d.clusterArn,
    status: t.status,
    statusReason: STATUS_REASON[t.status],
    sourceDaemonRevisions: d.sourceRevisionArns.map((arn) => deploymentRevision(ctx, arn, true)),
    // The example's threshold; the circuit breaker never trips here (no task fails).
    circuitBreaker: { failureCount: 0, status: monitoring, threshold: 10 },
    alarms: {
      status: alarms?.enable ? monitoring : 'DISABLED',
      alarmNames: [...(alarms?.alarmNames ?? [])],
      triggeredAlarmNames: [],
    },
    deploymentConfiguration: d.deploymentConfiguration,
    createdAt: new Date(d.createdAt),
    startedAt: date(t.startedAt),
    stoppedAt: date(t.stoppedAt),
    finishedAt: date(t.finishedAt),
  };
  if (d.targetRevisionArn) out.targetDaemonRevision = deploymentRevision(ctx, d.targetRevisionArn, false);
  for (const key of Object.keys(out) as (keyof DaemonDeployment)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function renderDeploymentSummary(ctx: Ctx, d: DaemonDeploymentRecord): DaemonDeploymentSummary {
  const t = deploymentAt(ctx, d);
  const out: DaemonDeploymentSummary = {
    daemonDeploymentArn: d.arn,
    daemonArn: d.daemonArn,
    clusterArn: d.clusterArn,
    status: t.status,
    statusReason: STATUS_REASON[t.status],
    targetDaemonRevisionArn: d.targetRevisionArn,
    createdAt: new Date(d.createdAt),
    startedAt: date(t.startedAt),
    stoppedAt: date(t.stoppedAt),
    finishedAt: date(t.finishedAt),
  };
  for (const key of Object.keys(out) as (keyof DaemonDeploymentSummary)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function renderRevision(r: DaemonRevisionRecord): DaemonRevision {
  return {
    daemonRevisionArn: r.arn,
    clusterArn: r.clusterArn,
    daemonArn: r.daemonArn,
    daemonTaskDefinitionArn: r.daemonTaskDefinitionArn,
    createdAt: new Date(r.createdAt),
    containerImages: r.containerImages.map((c) => ({ ...c })),
    propagateTags: r.propagateTags,
    enableECSManagedTags: r.enableECSManagedTags,
    enableExecuteCommand: r.enableExecuteCommand,
    critical: r.critical,
  };
}
