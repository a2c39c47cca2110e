import type { LaunchType, NetworkBinding, TaskOverride } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import type { LifecycleTimings } from '../lifecycle/timings.js';

/** The network interface ECS attaches to an awsvpc task. */
export interface TaskEni {
  readonly attachmentId: string;
  readonly eniId: string;
  readonly subnetId: string;
  readonly macAddress: string;
  readonly privateIp: string;
  readonly privateDnsName: string;
  /** The security groups of the task's network configuration (none: the VPC's default group). */
  readonly securityGroups?: readonly string[] | undefined;
}

export interface TaskStop {
  /** When the stop was requested (or is scheduled, for a rolling deployment's old tasks). */
  readonly at: number;
  readonly stopCode: 'UserInitiated' | 'ServiceSchedulerInitiated' | 'TaskFailedToStart' | 'EssentialContainerExited';
  readonly reason: string;
}

export interface TaskContainerRecord {
  readonly name: string;
  readonly image: string;
  readonly containerArn: string;
  readonly runtimeId: string;
  readonly cpu?: string | undefined;
  readonly memory?: string | undefined;
  readonly memoryReservation?: string | undefined;
  /** Host ports of a task on a container instance (bridge or host network mode). */
  readonly networkBindings?: readonly NetworkBinding[] | undefined;
}

/** What a task holds on its container instance until it is STOPPED (EC2 and EXTERNAL tasks). */
export interface TaskReservation {
  readonly cpu: number;
  readonly memory: number;
  readonly tcpPorts: readonly number[];
  readonly udpPorts: readonly number[];
}

/**
 * What ECS fixed when it placed the task. Its status at any time is derived from `createdAt`, `stop`
 * and the lifecycle timings, so no timer moves tasks along and the injected clock alone decides.
 */
export interface TaskRecord {
  readonly arn: string;
  readonly id: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly launchType?: LaunchType | undefined;
  readonly capacityProviderName?: string | undefined;
  readonly platformVersion?: string | undefined;
  readonly platformFamily?: string | undefined;
  readonly cpu?: string | undefined;
  readonly memory?: string | undefined;
  readonly group: string;
  readonly startedBy?: string | undefined;
  readonly serviceArn?: string | undefined;
  readonly overrides: TaskOverride;
  readonly containers: readonly TaskContainerRecord[];
  readonly eni?: TaskEni | undefined;
  /** The container instance it runs on (EC2 and EXTERNAL tasks), and what it holds there. */
  readonly containerInstanceArn?: string | undefined;
  readonly reservation?: TaskReservation | undefined;
  readonly availabilityZone: string;
  readonly enableExecuteCommand: boolean;
  readonly ephemeralStorageGiB?: number | undefined;
  readonly createdAt: number;
  readonly stop?: TaskStop | undefined;
}

export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export interface TaskState {
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  /** number of transitions so far: ECS's `version` */
  version: number;
  connectivityAt?: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  /** when the task reaches (or reached) RUNNING, if it ever does */
  runningAt?: number;
  /** when the task reaches (or reached) STOPPED, if a stop is requested */
  stoppedAtPlanned?: number;
}

/**
 * When the task reaches (or reached) RUNNING, if it ever does: taskStatusAt's `runningAt`, which does
 * not depend on the time asked about. For loops over many tasks that need only this.
 */
export function plannedRunningAt(task: TaskRecord, t: LifecycleTimings): number | undefined {
  const runningFrom = task.createdAt + (task.eni !== undefined ? t.provisioningMs : 0) + t.pendingMs;
  const stopAt = task.stop?.at;
  return stopAt === undefined || stopAt > runningFrom ? runningFrom : undefined;
}

/** When the task reaches (or reached) STOPPED, if a stop is requested: taskStatusAt's `stoppedAtPlanned`. */
export function plannedStoppedAt(task: TaskRecord, t: LifecycleTimings): number | undefined {
  const stopAt = task.stop?.at;
  if (stopAt === undefined) return undefined;
  return stopAt + t.stoppingMs + (task.eni !== undefined ? t.deprovisioningMs : 0);
}

/**
 * The lifecycle of a task at time `now`:
 * PROVISIONING (awsvpc only) → PENDING → RUNNING, and after a stop STOPPING → DEPROVISIONING (awsvpc
 * only) → STOPPED.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
 */
export function taskStatusAt(task: TaskRecord, now: number, t: LifecycleTimings): TaskState {
  const awsvpc = task.eni !== undefined;
  const pendingFrom = task.createdAt + (awsvpc ? t.provisioningMs : 0);
  const runningFrom = pendingFrom + t.pendingMs;
  const stopAt = task.stop?.at;
  const state: TaskState = { lastStatus: awsvpc ? 'PROVISIONING' : 'PENDING', desiredStatus: 'RUNNING', version: 1 };
  const runningAt = plannedRunningAt(task, t);
  if (runningAt !== undefined) state.runningAt = runningAt;
  if (stopAt !== undefined && stopAt <= now) state.desiredStatus = 'STOPPED';

  const reached = (at: number) => at <= now && (stopAt === undefined || at < stopAt);
  if (awsvpc && reached(pendingFrom)) {
    state.lastStatus = 'PENDING';
    state.version++;
    state.connectivityAt = pendingFrom;
    state.pullStartedAt = pendingFrom;
  }
  if (reached(runningFrom)) {
    state.lastStatus = 'RUNNING';
    state.version++;
    state.pullStoppedAt = runningFrom;
    state.startedAt = runningFrom;
  }
  if (stopAt !== undefined) {
    const executionStopped = stopAt + t.stoppingMs;
    const stopped = plannedStoppedAt(task, t)!;
    state.stoppedAtPlanned = stopped;
    if (stopAt <= now) state.stoppingAt = stopAt;
    // The StopTask response itself still shows the last status with desiredStatus STOPPED (as in
    // the `aws ecs stop-task` output of the ECS developer guide); STOPPING follows.
    if (stopAt < now) {
      state.lastStatus = 'STOPPING';
      state.version++;
    }
    if (awsvpc && executionStopped <= now && executionStopped < stopped) {
      state.lastStatus = 'DEPROVISIONING';
      state.version++;
    }
    if (executionStopped <= now) state.executionStoppedAt = executionStopped;
    if (stopped <= now) {
      state.lastStatus = 'STOPPED';
      state.version++;
      state.stoppedAt = stopped;
    }
  }
  return state;
}

export const isStopped = (s: TaskState) => s.lastStatus === 'STOPPED';
/** A task that counts against desiredCount: not stopping, not stopped. */
export const isLive = (s: TaskState) => s.desiredStatus === 'RUNNING';

type ReadContext = Pick<OperationContext, 'store' | 'now' | 'timings'>;

/**
 * Move the cluster's tasks that have reached STOPPED by `now` out of its live set, and forget stopped
 * tasks past the retention time or beyond the per-cluster cap, as ECS forgets them. This is what time
 * does, not a change a call makes, so it is not transactional. Reads then scan only live tasks.
 */
export function sweepCluster(ctx: ReadContext, clusterName: string): void {
  const { store, now, timings } = ctx;
  const live = store.liveTasksByCluster.get(clusterName);
  let stopped = store.stoppedTasksByCluster.get(clusterName);
  if (live) {
    for (const arn of live) {
      const task = store.tasks.get(arn);
      if (!task) {
        live.delete(arn);
        continue;
      }
      if (task.stop === undefined || task.stop.at > now) continue;
      if (taskStatusAt(task, now, timings).lastStatus !== 'STOPPED') continue;
      live.delete(arn);
      if (!stopped) {
        stopped = [];
        store.stoppedTasksByCluster.set(clusterName, stopped);
      }
      stopped.push(arn);
    }
  }
  if (!stopped || stopped.length === 0) return;
  const cap = timings.maxStoppedTasksPerCluster ?? Infinity;
  let drop = 0;
  while (drop < stopped.length) {
    const task = store.tasks.get(stopped[drop]!);
    const st = task ? taskStatusAt(task, now, timings) : undefined;
    const expired = !st || (st.stoppedAt !== undefined && now - st.stoppedAt > timings.stoppedTaskRetentionMs);
    if (!expired && stopped.length - drop <= cap) break;
    drop++;
  }
  if (drop === 0) return;
  const all = store.tasksByCluster.get(clusterName);
  for (const arn of stopped.splice(0, drop)) {
    all?.delete(arn);
    store.tasks.delete(arn);
    store.tags.delete(arn);
  }
}

/** The tasks of a cluster that are still describable (STOPPED ones included). */
export function tasksOfCluster(ctx: ReadContext, clusterName: string): TaskRecord[] {
  sweepCluster(ctx, clusterName);
  return recordsOf(ctx, ctx.store.tasksByCluster.get(clusterName));
}

/** The tasks of a cluster that are not STOPPED at `now`. */
export function liveTasksOfCluster(ctx: ReadContext, clusterName: string): TaskRecord[] {
  sweepCluster(ctx, clusterName);
  return recordsOf(ctx, ctx.store.liveTasksByCluster.get(clusterName));
}

function recordsOf(ctx: ReadContext, arns: Set<string> | undefined): TaskRecord[] {
  const out: TaskRecord[] = [];
  if (!arns) return out;
  for (const arn of arns) {
    const task = ctx.store.tasks.get(arn);
    if (task) out.push(task);
  }
  return out;
}
