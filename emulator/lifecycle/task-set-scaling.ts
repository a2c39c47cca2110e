import { computedDesiredCount } from '../model/task-set.js';
import type { ServiceChange } from './service-deployment.js';

/**
 * CODE_DEPLOY and EXTERNAL services: each task set keeps its scale's share of the service's
 * desiredCount running (rounded up), a DRAINING one none. A change applies at once: missing tasks
 * start now, surplus ones stop now (the newest first). There is no rolling: whoever drives the
 * deployment (CodeDeploy, an external controller) shifts the scales.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-external.html
 */
export function scaleTaskSets(change: ServiceChange): void {
  const desired = change.svc.desiredCount;
  for (const d of [...change.deployments]) {
    const ts = d.taskSet;
    if (!ts) continue;
    const computed = ts.status === 'DRAINING' ? 0 : computedDesiredCount(desired, ts.scale);
    if (computed !== d.desiredCount) change.update(d.id, (x) => ({ ...x, desiredCount: computed, updatedAt: change.ctx.now }));
    change.keepCountAt(d.id, computed);
  }
}

/**
 * Upkeep: tasks of a task set lost to StopTask are replaced, dated to when they stopped; tasks that
 * found no room before are placed if there is room now.
 */
export function replaceLostTaskSetTasks(change: ServiceChange): boolean {
  let moved = false;
  for (const d of [...change.deployments]) {
    if (!d.taskSet || d.taskSet.status === 'DRAINING') continue;
    moved = change.replaceLost(d.id, d.desiredCount) || moved;
    moved = change.fillMissing(d.id, d.desiredCount) || moved;
  }
  return moved;
}
