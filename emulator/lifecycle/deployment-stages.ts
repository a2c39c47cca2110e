import type { DeploymentConfiguration, DeploymentLifecycleHook } from '@aws-sdk/client-ecs';
import type {
  HookRun,
  ServiceDeploymentRecord,
  StageProgress,
  StageStep,
} from '../model/service-deployment-record.js';
import { isRollingOut, newHookId } from '../model/service-deployment-record.js';
import { plannedRunningAt } from '../model/task.js';
import type { ServiceChange } from './service-deployment.js';
import { rollbackServiceDeployment } from './deployment-rollout.js';

const MINUTE = 60_000;

/**
 * The stages of an ECS-native blue/green, linear or canary deployment, in order. Green is the target
 * revision's deployment, blue whatever ran before. Green scales up to the full desiredCount
 * (SCALE_UP), takes the test traffic, then the production traffic (at once for BLUE_GREEN; in
 * `stepPercent` steps `stepBakeTimeInMinutes` apart for LINEAR; `canaryPercent` then the rest after
 * `canaryBakeTimeInMinutes` for CANARY, each shift preceded by PRE_PRODUCTION_TRAFFIC_SHIFT); both
 * run through BAKE_TIME, and CLEAN_UP scales blue to 0. RECONCILE_SERVICE comes first only when more
 * than one revision is running. Stages with no work and no hook take no time: what a poller sees is
 * SCALE_UP, the bake times, and any stage a pause hook holds.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html (lifecycleStage)
 */
export function planStages(cfg: DeploymentConfiguration, runningRevisions: number): StageStep[] {
  const steps: StageStep[] = [];
  if (runningRevisions > 1) steps.push({ stage: 'RECONCILE_SERVICE' });
  steps.push(
    { stage: 'PRE_SCALE_UP' },
    { stage: 'SCALE_UP', action: 'start-green' },
    { stage: 'POST_SCALE_UP' },
    { stage: 'TEST_TRAFFIC_SHIFT', testWeight: 100 },
    { stage: 'POST_TEST_TRAFFIC_SHIFT' },
  );
  const shift = (weight: number, waitMs?: number) => {
    // PRE_PRODUCTION_TRAFFIC_SHIFT is a hook stage the ECS page lists among lifecycleStage values.
    steps.push({ stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT' as StageStep['stage'] });
    steps.push({ stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: weight, waitMs });
  };
  if (cfg.strategy === 'LINEAR') {
    // Defaults from the API Reference: 10 % steps, 6 minutes apart; no bake after 100 %.
    const step = cfg.linearConfiguration?.stepPercent ?? 10;
    const bake = (cfg.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * MINUTE;
    for (let w = step; ; w += step) {
      const weight = Math.min(100, Math.round(w * 10) / 10);
      shift(weight, weight < 100 ? bake : undefined);
      if (weight >= 100) break;
    }
  } else if (cfg.strategy === 'CANARY') {
    // Defaults: 5 % for 10 minutes.
    const percent = cfg.canaryConfiguration?.canaryPercent ?? 5;
    shift(percent, (cfg.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * MINUTE);
    shift(100);
  } else {
    shift(100);
  }
  steps.push(
    { stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' },
    // bakeTimeInMinutes "must" be given for BLUE_GREEN, yet AWS's own example leaves it out: 0 then. [GUESS]
    { stage: 'BAKE_TIME', waitMs: (cfg.bakeTimeInMinutes ?? 0) * MINUTE },
    { stage: 'CLEAN_UP', action: 'stop-blue' },
  );
  return steps;
}

export function startStages(cfg: DeploymentConfiguration, runningRevisions: number, at: number): StageProgress {
  const strategy = cfg.strategy as StageProgress['strategy'];
  return { strategy, steps: planStages(cfg, runningRevisions), index: 0, enteredAt: at, productionWeight: 0, testWeight: 0 };
}

/**
 * Move the current service deployment's stages on to `ctx.now`: enter each stage (its action and its
 * hooks), wait for what holds it (green tasks reaching RUNNING, a bake time, a pause hook until
 * ContinueServiceDeployment or its timeout), and go on. Returns whether anything changed.
 */
export function advanceStages(change: ServiceChange): boolean {
  const { ctx } = change;
  let moved = false;
  for (let guard = 0; guard < 1000; guard++) {
    const sd = change.currentServiceDeployment;
    const st = sd?.stages;
    if (!sd || !st || !isRollingOut(sd, ctx.now)) return moved;
    const step = st.steps[st.index]!;
    if (!st.hooks) {
      enterStep(change, sd, st, step);
      moved = true;
      continue;
    }
    const waiting = st.hooks.filter((h) => h.status === 'AWAITING_ACTION');
    if (waiting.length > 0) {
      const expiry = Math.min(...waiting.map((h) => h.expiresAt ?? Infinity));
      if (expiry > ctx.now) return moved;
      const first = waiting.find((h) => h.expiresAt === expiry)!;
      moved = true;
      if (first.timeoutAction === 'CONTINUE') {
        resolveHook(change, sd.id, first.hookId, 'TIMED_OUT', expiry);
        continue;
      }
      resolveHook(change, sd.id, first.hookId, 'TIMED_OUT', expiry);
      // [GUESS] reason text: no AWS page quotes one.
      rollbackServiceDeployment(change, change.currentServiceDeployment!, expiry, `The lifecycle hook ${first.hookId} timed out.`);
      return true;
    }
    // Green's tasks that found no room when it scaled up are tried again, now.
    const green = change.deployment(sd.deploymentId);
    if (step.action === 'start-green' && green && change.fillMissing(green.id, green.desiredCount)) moved = true;
    const ends = stepEndsAt(change, sd, st, step);
    if (ends === undefined || ends > ctx.now || st.index >= st.steps.length - 1) return moved;
    change.updateServiceDeployment(sd.id, (d) => ({
      ...d,
      updatedAt: ends,
      stages: { ...st, index: st.index + 1, enteredAt: ends, hooks: undefined },
    }));
    // What follows from this step (clean-up, completion) dates from when it ended, not from this call.
    change.floor = Math.min(change.floor, ends);
    moved = true;
  }
  return moved;
}

/** Enter a step: do its action, set the traffic weights, and start the hooks configured for its stage. */
function enterStep(change: ServiceChange, sd: ServiceDeploymentRecord, st: StageProgress, step: StageStep): void {
  const at = st.enteredAt;
  const green = change.deployment(sd.deploymentId);
  if (step.action === 'start-green' && green) change.keepCountAt(green.id, green.desiredCount, at);
  if (step.action === 'stop-blue') {
    for (const d of change.deployments) if (d.id !== sd.deploymentId) change.stopTasks(change.liveTasks(d, at), at);
  }
  const hooks: HookRun[] = [];
  (sd.deploymentConfiguration.lifecycleHooks ?? []).forEach((h: DeploymentLifecycleHook, hookIndex) => {
    if (!h.lifecycleStages?.includes(step.stage as never)) return;
    const targetType = h.targetType ?? 'AWS_LAMBDA';
    const hookId = newHookId(change.ctx.ids, targetType);
    if (targetType === 'PAUSE') {
      const timeout = h.timeoutConfiguration?.timeoutInMinutes ?? 1440;
      hooks.push({
        hookId,
        hookIndex,
        targetType,
        status: 'AWAITING_ACTION',
        startedAt: at,
        expiresAt: at + timeout * MINUTE,
        timeoutAction: h.timeoutConfiguration?.action ?? 'ROLLBACK',
      });
    } else {
      // The emulator cannot invoke Lambda: a Lambda hook succeeds as soon as it runs.
      hooks.push({ hookId, hookIndex, targetType, targetArn: h.hookTargetArn, status: 'SUCCEEDED', startedAt: at, resolvedAt: at });
    }
  });
  change.updateServiceDeployment(sd.id, (d) => ({
    ...d,
    updatedAt: Math.max(d.updatedAt, at),
    stages: {
      ...st,
      hooks,
      productionWeight: step.productionWeight ?? st.productionWeight,
      testWeight: step.testWeight ?? st.testWeight,
    },
  }));
}

/** When the current step is over, once its hooks are: undefined while that is not known. */
function stepEndsAt(change: ServiceChange, sd: ServiceDeploymentRecord, st: StageProgress, step: StageStep): number | undefined {
  const { ctx } = change;
  let from = st.enteredAt;
  for (const h of st.hooks ?? []) if (h.resolvedAt !== undefined) from = Math.max(from, h.resolvedAt);
  if (step.action === 'start-green') {
    const green = change.deployment(sd.deploymentId);
    if (!green) return undefined;
    const live = change.liveTasks(green);
    if (live.length < green.desiredCount) return undefined;
    for (const task of live) {
      const at = plannedRunningAt(task, ctx.timings);
      if (at === undefined) return undefined;
      from = Math.max(from, at);
    }
  }
  return from + (step.waitMs ?? 0);
}

/** Settle a hook of the current step (ContinueServiceDeployment, or its timeout). */
export function resolveHook(change: ServiceChange, sdId: string, hookId: string, status: HookRun['status'], at: number): void {
  change.updateServiceDeployment(sdId, (d) => ({
    ...d,
    updatedAt: Math.max(d.updatedAt, at),
    stages: d.stages && {
      ...d.stages,
      hooks: d.stages.hooks?.map((h) => (h.hookId === hookId ? { ...h, status, resolvedAt: at } : h)),
    },
  }));
}
