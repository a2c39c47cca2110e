import { serviceDeploymentArn } from '../model/arn.js';
import { taskDefinitionByArn } from '../model/service-config.js';
import {
  isRollingOut,
  newServiceDeploymentId,
  type ServiceDeploymentRecord,
} from '../model/service-deployment-record.js';
import type { DeploymentSpec, ServiceChange } from './service-deployment.js';
import { tasksOfDeployment } from '../model/service.js';
import { rollForward } from './rolling-waves.js';
import { advanceStages, startStages } from './deployment-stages.js';
import { openDaemonDeployment } from './daemon-scheduling.js';
import { servicePlacement } from './service-placement.js';

/** ECS keeps 90 days of service deployments; the emulator keeps the newest 100 of each service. */
const KEPT_SERVICE_DEPLOYMENTS = 100;

/**
 * A new service deployment of an ECS-controller service (CreateService, or an UpdateService that
 * needs new tasks): a new PRIMARY deployment running a new service revision, rolled out by the
 * service's strategy. A deployment still in progress is stopped by it.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html ("Service deployment lifecycle")
 */
export function openDeployment(change: ServiceChange, spec: DeploymentSpec, desiredCount: number): void {
  const { ctx } = change;
  const cfg = change.svc.settings.deploymentConfiguration;
  const previousPrimary = change.primary;
  const running = change.deployments.filter((d) => d === previousPrimary || change.liveTasks(d).length > 0);
  const prev = change.currentServiceDeployment;
  if (prev && isRollingOut(prev, ctx.now)) {
    // [GUESS] reason text: no AWS page quotes the one ECS gives a deployment replaced mid-way.
    change.updateServiceDeployment(prev.id, (d) => ({
      ...d,
      updatedAt: ctx.now,
      stopped: { at: ctx.now, reason: 'A newer service deployment started.' },
    }));
  }
  cancelPlannedStops(change);
  const d = change.addDeployment(spec, desiredCount, { primary: true });
  const id = newServiceDeploymentId(ctx.ids);
  const sd: ServiceDeploymentRecord = {
    id,
    arn: serviceDeploymentArn(ctx, change.svc.clusterName, change.svc.name, id),
    createdAt: ctx.now,
    startedAt: ctx.now,
    updatedAt: ctx.now,
    targetRevisionArn: d.revisionArn,
    deploymentId: d.id,
    sources: running.map((r) => ({ revisionArn: r.revisionArn, deploymentId: r.id })),
    deploymentConfiguration: cfg,
    desiredCount,
    stages: cfg.strategy && cfg.strategy !== 'ROLLING' ? startStages(cfg, running.length, ctx.now) : undefined,
  };
  change.serviceDeployments.unshift(sd);
  if (change.svc.settings.schedulingStrategy === 'DAEMON') {
    openDaemonDeployment(change, servicePlacement(ctx, change.cluster, spec), change.deployments.slice(1));
    // A daemon's deployment is over once its new tasks run and its old ones are gone.
    return;
  }
  if (sd.stages) advanceStages(change);
  else rollForward(change, ctx.now);
}

/**
 * Roll a service deployment back at `at` (StopServiceDeployment, a pause hook's ROLLBACK or timeout):
 * the revision that ran before becomes PRIMARY again — its deployment if it still has tasks, else a new
 * one — and replaces the target's tasks under the same maximum/minimum percentages. With nothing to
 * roll back to (the service's first deployment) the rollback fails at once. [GUESS]: what ECS does then
 * is not documented.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
 */
export function rollbackServiceDeployment(change: ServiceChange, sd: ServiceDeploymentRecord, at: number, reason: string): void {
  const src = sd.sources[0];
  const fail = () =>
    change.updateServiceDeployment(sd.id, (d) => ({
      ...d,
      updatedAt: Math.max(d.updatedAt, at),
      rollback: { requestedAt: at, startedAt: at, reason, failedAt: at },
    }));
  if (!src) return fail();
  cancelPlannedStops(change);
  let restored = change.deployment(src.deploymentId);
  const desired = change.svc.desiredCount;
  if (restored) {
    change.makePrimary(restored.id);
    change.update(restored.id, (d) => ({ ...d, desiredCount: desired, completesAt: undefined, updatedAt: at }));
    for (const d of change.deployments.slice(1)) {
      if (d.rolloutAt !== undefined || (d.completesAt !== undefined && d.completesAt > at)) {
        change.update(d.id, (x) => ({ ...x, rolloutAt: undefined, completesAt: x.completesAt !== undefined && x.completesAt > at ? undefined : x.completesAt }));
      }
    }
  } else {
    const revision = change.revision(src.revisionArn);
    const td = revision && taskDefinitionByArn(change.ctx, revision.taskDefinitionArn);
    if (!revision || !td) return fail();
    restored = change.addDeployment(
      {
        taskDefinition: td,
        launchType: revision.capacityProviderStrategy?.length ? undefined : revision.launchType,
        capacityProviderStrategy: revision.capacityProviderStrategy,
        platformVersion: revision.platformVersion,
        networkConfiguration: revision.networkConfiguration,
      },
      desired,
      { primary: true, revisionArn: revision.arn },
    );
  }
  change.updateServiceDeployment(sd.id, (d) => ({
    ...d,
    updatedAt: Math.max(d.updatedAt, at),
    rollback: { requestedAt: at, startedAt: at, reason, revisionArn: src.revisionArn, deploymentId: restored.id },
    // Traffic goes back to the revision restored.
    stages: d.stages && { ...d.stages, productionWeight: 0, testWeight: 0 },
  }));
  rollForward(change, at);
}

/**
 * Keep the current service deployment in step with the scheduler's plan: it succeeds when its
 * deployment completes, a rollback when the restored deployment does; it asks for the service's
 * desiredCount. Old deployments and the revisions no one refers to any more are let go.
 */
export function syncServiceDeployments(change: ServiceChange): void {
  const { ctx } = change;
  const sd = change.currentServiceDeployment;
  const p = change.primary;
  if (sd && p && !change.taskSets) {
    const done = sd.finishedAt !== undefined && sd.finishedAt <= ctx.now;
    if (sd.rollback) {
      const rb = sd.rollback;
      const over = rb.finishedAt !== undefined && rb.finishedAt <= ctx.now;
      if (rb.failedAt === undefined && !over && p.id === rb.deploymentId && rb.finishedAt !== p.completesAt) {
        change.updateServiceDeployment(sd.id, (d) => ({ ...d, rollback: { ...rb, finishedAt: p.completesAt } }));
      }
    } else if (!sd.stopped && !done && p.id === sd.deploymentId) {
      if (sd.finishedAt !== p.completesAt || sd.desiredCount !== change.svc.desiredCount) {
        change.updateServiceDeployment(sd.id, (d) => ({ ...d, finishedAt: p.completesAt, desiredCount: change.svc.desiredCount }));
      }
    }
  }
  if (change.serviceDeployments.length > KEPT_SERVICE_DEPLOYMENTS) change.serviceDeployments.length = KEPT_SERVICE_DEPLOYMENTS;
  const referenced = new Set<string>();
  for (const d of change.deployments) referenced.add(d.revisionArn);
  for (const s of change.serviceDeployments) {
    referenced.add(s.targetRevisionArn);
    for (const src of s.sources) referenced.add(src.revisionArn);
  }
  for (let i = change.revisions.length - 1; i >= 0; i--) if (!referenced.has(change.revisions[i]!.arn)) change.revisions.splice(i, 1);
}

/**
 * Take back the scheduler's stops planned for after now (a rolling update stops old tasks when the
 * new ones run): a new plan — another deployment, a rollback — decides afresh. Nothing anyone has
 * seen changes: those stops had not happened yet.
 */
export function cancelPlannedStops(change: ServiceChange): void {
  const { ctx } = change;
  const cancelled = new Set<string>();
  for (const d of change.deployments) {
    for (const task of tasksOfDeployment(ctx, d)) {
      if (task.stop?.stopCode !== 'ServiceSchedulerInitiated' || task.stop.at <= ctx.now) continue;
      ctx.tx.set(ctx.store.tasks, task.arn, { ...task, stop: undefined });
      ctx.tx.noteTask(task.arn);
      cancelled.add(task.id);
    }
  }
  if (cancelled.size === 0) return;
  for (let i = change.events.length - 1; i >= 0; i--) {
    const e = change.events[i]!;
    if (e.kind !== 'stopped' || e.at <= ctx.now || !e.taskIds) continue;
    const rest = e.taskIds.filter((id) => !cancelled.has(id));
    if (rest.length === 0) change.events.splice(i, 1);
    else change.events[i] = { ...e, taskIds: rest };
  }
}
