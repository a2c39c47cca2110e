import { plannedRunningAt, taskStatusAt, type TaskRecord } from '../model/task.js';
import type { ServiceChange } from './service-deployment.js';

/**
 * A rolling update (strategy ROLLING) in waves, within the service's deployment configuration: at
 * most `maximumPercent` of desiredCount (rounded down) tasks RUNNING or PENDING, at least
 * `minimumHealthyPercent` (rounded up) RUNNING. Each wave stops what the minimum allows (old tasks
 * not yet RUNNING first, as they serve nothing) and starts what the maximum allows; the next wave
 * comes when more tasks reach RUNNING. With the defaults (200/100) that is every new task at once and
 * every old one when they run; with 100/50 it is half and half; with 100/100 nothing can move, and the
 * deployment stays IN_PROGRESS, as an ECS deployment with no room to move does.
 *
 * Stops are scheduled ahead (a task asked to stop at a future moment behaves exactly as if asked
 * then), starts never are: a wave that needs to start tasks in the future is left for the next call
 * that reads or changes the service (service-upkeep.ts), which starts them dated to that moment.
 * `rolloutAt` on the PRIMARY deployment marks a wave still to come. A wave that finds no room for all
 * its tasks (container instances full) is `rolloutBlocked`: it is tried again by each upkeep, dated
 * then, for capacity only comes with a call (an instance registering).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
export function rollForward(change: ServiceChange, from: number): boolean {
  if (!change.primary) return false;
  let moved = false;
  let t = from;
  // Each pass is one wave; the guard only bounds a loop that the task timings already bound.
  for (let guard = 0; guard < 10_000; guard++) {
    const step = wave(change, t);
    moved ||= step.moved;
    if (step.blocked) return setRolloutAt(change, t, true) || moved;
    const next = step.done || step.deferred ? undefined : nextRunningAfter(change, t);
    if (step.done || next === undefined) return setRolloutAt(change, step.done ? undefined : t, false) || moved;
    t = next;
  }
  return setRolloutAt(change, t, false) || moved;
}

function setRolloutAt(change: ServiceChange, at: number | undefined, blocked: boolean): boolean {
  const p = change.primary!;
  const rolloutBlocked = blocked || undefined;
  if (p.rolloutAt === at && p.rolloutBlocked === rolloutBlocked) return false;
  change.update(p.id, (d) => ({ ...d, rolloutAt: at, rolloutBlocked }));
  return true;
}

interface Wave {
  moved: boolean;
  done: boolean;
  /** Tasks should start at a time still to come. */
  deferred: boolean;
  /** Some tasks found no room. */
  blocked: boolean;
}

function wave(change: ServiceChange, t: number): Wave {
  const { ctx } = change;
  const p = change.primary!;
  const cfg = change.svc.settings.deploymentConfiguration;
  const desired = p.desiredCount;
  const maxTotal = Math.floor((desired * (cfg.maximumPercent ?? 200)) / 100);
  const minHealthy = Math.ceil((desired * (cfg.minimumHealthyPercent ?? 100)) / 100);
  const running = (task: TaskRecord) => taskStatusAt(task, t, ctx.timings).lastStatus === 'RUNNING';
  const liveNew = change.liveTasks(p, t);
  const liveOld: TaskRecord[] = [];
  // Oldest deployments first: their tasks are the first to go.
  for (let i = change.deployments.length - 1; i >= 1; i--) liveOld.push(...change.liveTasks(change.deployments[i]!, t));
  let healthy = liveNew.filter(running).length;
  const notRunningOld = liveOld.filter((x) => !running(x));
  const runningOld = liveOld.filter(running);
  healthy += runningOld.length;
  const stopRunning = Math.max(0, Math.min(runningOld.length, healthy - minHealthy));
  const toStop = [...notRunningOld, ...runningOld.slice(0, stopRunning)];
  change.stopTasks(toStop, t);
  const oldLeft = liveOld.length - toStop.length;
  const start = Math.max(0, Math.min(desired - liveNew.length, maxTotal - (liveNew.length + oldLeft)));
  if (start > 0 && t > ctx.now) return { moved: toStop.length > 0, done: false, deferred: true, blocked: false };
  const started = start > 0 ? change.startTasks(p.id, start, t).length : 0;
  const done = liveNew.length + started >= desired && oldLeft === 0;
  return { moved: toStop.length > 0 || started > 0, done, deferred: false, blocked: started < start };
}

/** The next moment after `t` at which one of the service's tasks reaches RUNNING. */
function nextRunningAfter(change: ServiceChange, t: number): number | undefined {
  const { ctx } = change;
  let next: number | undefined;
  for (const d of change.deployments) {
    for (const task of change.liveTasks(d, t)) {
      const at = plannedRunningAt(task, ctx.timings);
      if (at !== undefined && at > t && (next === undefined || at < next)) next = at;
    }
  }
  return next;
}
