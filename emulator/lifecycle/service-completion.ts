import type { OperationContext } from '../context.js';
import { tasksOfDeployment, taskSettlesAt, type DeploymentRecord } from '../model/service.js';
import { taskSetSettledAt } from '../model/task-set.js';
import { plannedStoppedAt } from '../model/task.js';
import type { ServiceChange } from './service-deployment.js';
import { syncServiceDeployments } from './deployment-rollout.js';

/**
 * What `ServiceChange.finish` works out before a service is committed: when its rollout completes and
 * it reaches a steady state (planned from the tasks as they now are: the plan holds because only calls
 * change tasks), which deployments are gone, and where its service deployments stand.
 */
export function planCompletion(change: ServiceChange): void {
  const { ctx } = change;
  const active = change.svc.status === 'ACTIVE';
  // Planned events are planned again from the tasks as they now are.
  let droppedPlan = false;
  for (let i = change.events.length - 1; i >= 0; i--) {
    const e = change.events[i]!;
    const planned = e.kind === 'steady' || e.kind === 'completed' || e.kind === 'taskSetSteady';
    if (planned && e.at > ctx.now) {
      droppedPlan = true;
      change.events.splice(i, 1);
    }
  }
  const settle = active ? settleTime(change) : undefined;
  const p = change.primary;
  if (settle !== undefined && p && !change.taskSets && (p.completesAt === undefined || p.completesAt > ctx.now)) {
    change.update(p.id, (d) => ({ ...d, completesAt: settle }));
    change.event('completed', settle, { deploymentId: p.id });
  }
  if (change.taskSets && active) {
    for (const d of change.deployments) {
      if (!d.taskSet || d.taskSet.status === 'DRAINING' || !change.changedGroups.has(d.id)) continue;
      const at = taskSetSettledAt(ctx, d);
      if (at !== undefined) change.event('taskSetSteady', Math.max(at, change.floor), { deploymentId: d.id });
    }
  }
  if (settle !== undefined && (change.changedGroups.size > 0 || droppedPlan)) change.event('steady', settle);

  // Deployments no longer listed (every task STOPPED) are forgotten; so are drained task sets.
  for (let i = change.deployments.length - 1; i >= 0; i--) {
    const d = change.deployments[i]!;
    const keep = d.taskSet ? d.taskSet.status !== 'DRAINING' : d === change.primary;
    if (!keep && !hasUnstoppedTasks(ctx, d)) change.deployments.splice(i, 1);
    else change.deployments[i] = withoutStoppedTasks(ctx, d);
  }
  syncServiceDeployments(change);
}

/**
 * When every task of the service has settled (RUNNING, or STOPPED if stopping); undefined if never, or
 * not yet known: a rolling update with waves to come, blue/green stages before clean-up.
 */
function settleTime(change: ServiceChange): number | undefined {
  const { ctx } = change;
  if (change.taskSets) {
    for (const d of change.deployments) {
      if (d.taskSet?.status !== 'DRAINING' && change.liveTasks(d).length < d.desiredCount) return undefined;
    }
  } else {
    const p = change.primary;
    if (!p || p.rolloutAt !== undefined) return undefined;
    if (change.liveTasks(p).length < p.desiredCount) return undefined;
    const sd = change.currentServiceDeployment;
    const stages = sd?.stages;
    if (stages && sd.deploymentId === p.id && !sd.rollback && stages.index < stages.steps.length - 1) return undefined;
    // Older deployments must all be on their way out.
    for (const d of change.deployments) {
      if (d !== p && tasksOfDeployment(ctx, d).some((t) => !t.stop)) return undefined;
    }
  }
  let settle = change.floor;
  for (const d of change.deployments) {
    for (const t of tasksOfDeployment(ctx, d)) {
      const at = taskSettlesAt(ctx, t);
      if (at === undefined) return undefined;
      settle = Math.max(settle, at);
    }
  }
  return settle;
}

function hasUnstoppedTasks(ctx: OperationContext, d: DeploymentRecord): boolean {
  return tasksOfDeployment(ctx, d).some((t) => {
    const planned = plannedStoppedAt(t, ctx.timings);
    return planned === undefined || planned > ctx.now;
  });
}

/**
 * A deployment keeps only the tasks not yet STOPPED: the stopped ones have been replaced (upkeep runs
 * before every change) and counted in events, and keeping them would make every later read and change
 * of a long-lived service slower (a service scaled thousands of times).
 */
function withoutStoppedTasks(ctx: OperationContext, d: DeploymentRecord): DeploymentRecord {
  const kept = d.taskArns.filter((arn) => {
    const task = ctx.store.tasks.get(arn);
    if (!task) return false;
    const planned = plannedStoppedAt(task, ctx.timings);
    return planned === undefined || planned > ctx.now;
  });
  return kept.length === d.taskArns.length ? d : { ...d, taskArns: kept };
}
