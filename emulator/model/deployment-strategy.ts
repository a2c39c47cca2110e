import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../errors.js';

const STRATEGIES = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];
const HOOK_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
];

/**
 * The members of DeploymentConfiguration that ECS-native blue/green, linear and canary deployments
 * added (strategy, bakeTimeInMinutes, lifecycleHooks, linearConfiguration, canaryConfiguration),
 * checked against the ranges and the rules between members that the API Reference states (the
 * protocol layer checks their JSON types and enums; the generator and in-process callers reach this
 * without it, so types are checked here too). Texts follow the emulator's other range and
 * enum sentences ([GUESS]: no ECS response for these was found; docs/ecs-error-messages.md §25).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html
 */
export function validateDeploymentStrategy(cfg: DeploymentConfiguration, controller: string): void {
  const strategy = cfg.strategy;
  if (strategy !== undefined && (typeof strategy !== 'string' || !STRATEGIES.includes(strategy))) {
    throw invalidParameter(`strategy should be one of [${STRATEGIES.join(',')}]`);
  }
  if (strategy !== undefined && strategy !== 'ROLLING' && controller !== 'ECS') {
    throw invalidParameter(`The ${strategy} deployment strategy is only supported for services that use the ECS deployment controller.`);
  }
  integerIn(cfg.bakeTimeInMinutes, 'bakeTimeInMinutes', 0, 1440);
  if (cfg.linearConfiguration !== undefined) {
    if (strategy !== 'LINEAR') throw invalidParameter('linearConfiguration is only valid when the deployment strategy is LINEAR.');
    tenthsIn(cfg.linearConfiguration.stepPercent, 'stepPercent', 3, 100);
    integerIn(cfg.linearConfiguration.stepBakeTimeInMinutes, 'stepBakeTimeInMinutes', 0, 1440);
  }
  if (cfg.canaryConfiguration !== undefined) {
    if (strategy !== 'CANARY') throw invalidParameter('canaryConfiguration is only valid when the deployment strategy is CANARY.');
    tenthsIn(cfg.canaryConfiguration.canaryPercent, 'canaryPercent', 0.1, 100);
    integerIn(cfg.canaryConfiguration.canaryBakeTimeInMinutes, 'canaryBakeTimeInMinutes', 0, 1440);
  }
  const hooks = cfg.lifecycleHooks;
  if (hooks === undefined) return;
  if (!Array.isArray(hooks)) throw invalidParameter('lifecycleHooks must be a list.');
  for (const h of hooks) {
    if (!h || typeof h !== 'object') throw invalidParameter('lifecycleHooks must be a list of lifecycle hooks.');
    const type = h.targetType ?? 'AWS_LAMBDA';
    if (type !== 'AWS_LAMBDA' && type !== 'PAUSE') throw invalidParameter('targetType should be one of [AWS_LAMBDA,PAUSE]');
    if (!Array.isArray(h.lifecycleStages) || h.lifecycleStages.length === 0) {
      throw invalidParameter('lifecycleStages can not be empty.');
    }
    for (const stage of h.lifecycleStages) {
      if (!HOOK_STAGES.includes(stage)) throw invalidParameter(`lifecycleStages should be one of [${HOOK_STAGES.join(',')}]`);
    }
    // "You must provide this parameter when configuring an AWS_LAMBDA lifecycle hook." (hookTargetArn)
    if (type === 'AWS_LAMBDA' && (typeof h.hookTargetArn !== 'string' || h.hookTargetArn === '')) {
      throw invalidParameter('hookTargetArn is required for an AWS_LAMBDA lifecycle hook.');
    }
    const timeout = h.timeoutConfiguration;
    if (timeout !== undefined) {
      integerIn(timeout.timeoutInMinutes, 'timeoutInMinutes', 1, 1440);
      if (timeout.action !== undefined && timeout.action !== 'CONTINUE' && timeout.action !== 'ROLLBACK') {
        throw invalidParameter('action should be one of [ROLLBACK,CONTINUE]');
      }
    }
  }
}

function integerIn(v: unknown, name: string, min: number, max: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalidParameter(`${name} must be between ${min} and ${max}`);
}

/** A percentage in steps of 0.1 ("Valid values are multiples of 0.1"). */
function tenthsIn(v: unknown, name: string, min: number, max: number): void {
  if (v === undefined) return;
  const ok = typeof v === 'number' && v >= min && v <= max && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;
  if (!ok) throw invalidParameter(`${name} must be a multiple of 0.1 between ${min} and ${max}`);
}
