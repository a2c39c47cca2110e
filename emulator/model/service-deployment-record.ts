import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookAction,
  DeploymentLifecycleHookStatus,
  DeploymentLifecycleHookTargetType,
  DeploymentStrategy,
  ServiceDeploymentLifecycleStage,
  ServiceDeploymentStatus,
} from '@aws-sdk/client-ecs';
import type { IdSource } from '../clock.js';

/**
 * A service deployment: what one CreateService, or one UpdateService that needs new tasks, asked ECS
 * to roll out — from the service revisions that were running (sources) to a target revision — and
 * how that went. Its status at any time follows from the times recorded here, which the scheduler
 * (lifecycle/) fills in as the rollout moves on; nothing in it is ever edited in place.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
 */
export interface ServiceDeploymentRecord {
  /** 21 characters of [A-Za-z0-9_-], like AWS's `NCWGC2ZR-taawPAYrIaU5` */
  readonly id: string;
  readonly arn: string;
  readonly createdAt: number;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly targetRevisionArn: string;
  /** The `ecs-svc/…` deployment (the scheduler's task group) that runs the target revision. */
  readonly deploymentId: string;
  /** What was running when it was created: each revision and the deployment running it. */
  readonly sources: readonly { revisionArn: string; deploymentId: string }[];
  readonly deploymentConfiguration: DeploymentConfiguration;
  /** The service's desiredCount while this deployment is the current one. */
  readonly desiredCount: number;
  /** When it succeeded (may be planned ahead of now). */
  readonly finishedAt?: number | undefined;
  /** Stopped before it finished, e.g. replaced by a newer deployment. */
  readonly stopped?: { readonly at: number; readonly reason: string } | undefined;
  readonly rollback?: RollbackRecord | undefined;
  /** Blue/green, linear and canary deployments only: where the rollout stands. */
  readonly stages?: StageProgress | undefined;
}

export interface RollbackRecord {
  readonly requestedAt: number;
  readonly startedAt: number;
  readonly reason: string;
  /** The revision deployed again (the first source), and the deployment running it. */
  readonly revisionArn?: string | undefined;
  readonly deploymentId?: string | undefined;
  /** When the rollback completed (may be planned ahead of now). */
  readonly finishedAt?: number | undefined;
  /** Set when there is nothing to roll back to. */
  readonly failedAt?: number | undefined;
}

export type LifecycleStage = ServiceDeploymentLifecycleStage;

/** One step of a blue/green, linear or canary rollout. */
export interface StageStep {
  readonly stage: LifecycleStage;
  /** What the step does when it is entered. */
  readonly action?: 'start-green' | 'stop-blue' | undefined;
  /** Traffic weights (percent to the green revision) from this step on. */
  readonly productionWeight?: number | undefined;
  readonly testWeight?: number | undefined;
  /** How long the step lasts once its hooks are done (bake times). */
  readonly waitMs?: number | undefined;
}

export interface HookRun {
  readonly hookId: string;
  /** Index of the hook in `deploymentConfiguration.lifecycleHooks`. */
  readonly hookIndex: number;
  readonly targetType: DeploymentLifecycleHookTargetType;
  readonly targetArn?: string | undefined;
  readonly status: DeploymentLifecycleHookStatus;
  readonly startedAt: number;
  readonly expiresAt?: number | undefined;
  readonly timeoutAction?: DeploymentLifecycleHookAction | undefined;
  readonly resolvedAt?: number | undefined;
}

export interface StageProgress {
  readonly strategy: Exclude<DeploymentStrategy, 'ROLLING'>;
  readonly steps: readonly StageStep[];
  readonly index: number;
  readonly enteredAt: number;
  /** The hooks run at the current step (entry actions done when defined). */
  readonly hooks?: readonly HookRun[] | undefined;
  readonly productionWeight: number;
  readonly testWeight: number;
}

const TERMINAL: ReadonlySet<ServiceDeploymentStatus> = new Set([
  'SUCCESSFUL',
  'STOPPED',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);

export const isTerminal = (s: ServiceDeploymentStatus) => TERMINAL.has(s);

/** The status at time `t`, and when it was entered. */
export function serviceDeploymentStatusAt(d: ServiceDeploymentRecord, t: number): { status: ServiceDeploymentStatus; since: number } {
  const rb = d.rollback;
  if (rb && rb.requestedAt <= t) {
    if (rb.failedAt !== undefined && rb.failedAt <= t) return { status: 'ROLLBACK_FAILED', since: rb.failedAt };
    if (t < rb.startedAt) return { status: 'ROLLBACK_REQUESTED', since: rb.requestedAt };
    if (rb.finishedAt !== undefined && rb.finishedAt <= t) return { status: 'ROLLBACK_SUCCESSFUL', since: rb.finishedAt };
    return { status: 'ROLLBACK_IN_PROGRESS', since: rb.startedAt };
  }
  if (d.stopped && d.stopped.at <= t) return { status: 'STOPPED', since: d.stopped.at };
  if (d.finishedAt !== undefined && d.finishedAt <= t) return { status: 'SUCCESSFUL', since: d.finishedAt };
  if (t < d.startedAt) return { status: 'PENDING', since: d.createdAt };
  return { status: 'IN_PROGRESS', since: d.startedAt };
}

/** Whether the scheduler still acts for this deployment at `t` (not finished, stopped or rolled back). */
export function isRollingOut(d: ServiceDeploymentRecord, t: number): boolean {
  const s = serviceDeploymentStatusAt(d, t).status;
  return s === 'PENDING' || s === 'IN_PROGRESS';
}

/** 21 URL-safe characters, as ECS names service deployments. */
export function newServiceDeploymentId(ids: IdSource): string {
  return Buffer.from(ids.hex(32), 'hex').toString('base64url').slice(0, 21);
}

/**
 * A pause hook's id: `ecs-pause-` and 43 URL-safe characters, as in AWS's example
 * `ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw`. Lambda hooks get `ecs-lambda-…` [GUESS]:
 * no AWS page shows one.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
 */
export function newHookId(ids: IdSource, targetType: DeploymentLifecycleHookTargetType): string {
  const prefix = targetType === 'PAUSE' ? 'ecs-pause-' : 'ecs-lambda-';
  return prefix + Buffer.from(ids.hex(64), 'hex').toString('base64url');
}
