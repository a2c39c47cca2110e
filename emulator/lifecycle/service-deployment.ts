import type { CapacityProviderStrategyItem, LaunchType, NetworkConfiguration } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import { requestTaskStop, type Placement, type PlaceTaskRequest } from '../model/place-task.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import { servicePlacement, startServiceTasks } from './service-placement.js';
import { openDaemonDeployment } from './daemon-scheduling.js';
import {
  taskSettlesAt,
  tasksOfDeployment,
  type DeploymentRecord,
  type ServiceEventRecord,
  type ServiceRecord,
} from '../model/service.js';
import { newDeploymentId, taskDefinitionByArn } from '../model/service-config.js';
import type { TaskDefinitionRecord } from '../model/task-definition.js';
import { taskStatusAt, type TaskRecord } from '../model/task.js';
import { tagsOf } from '../model/tags.js';
import { protectedUntil } from '../model/task-protection.js';

/**
 * The service scheduler. There are no timers: each call that changes a service (create, update,
 * delete) starts tasks now and schedules stops for when they are due, and plans the moments the
 * rollout completes and the service reaches a steady state. Task statuses then follow from the clock,
 * so every later read is deterministic. Scheduler actions are not API calls: they leave no trail record.
 *
 * Rolling update (deployment controller ECS, defaults maximumPercent 200 / minimumHealthyPercent 100):
 * the new deployment's tasks start at once; the older deployments' tasks are stopped when the new ones
 * reach RUNNING; an older deployment is listed until its tasks are STOPPED.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
 */

/** What a deployment's tasks run with. */
export interface DeploymentSpec {
  taskDefinition: TaskDefinitionRecord;
  launchType?: LaunchType | undefined;
  capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined;
  platformVersion?: string | undefined;
  networkConfiguration?: NetworkConfiguration | undefined;
}

/** A service being changed by one call: a mutable working copy, committed by `finish`. */
export class ServiceChange {
  readonly deployments: DeploymentRecord[];
  readonly events: ServiceEventRecord[];
  #changedTasks = false;
  /** The earliest time the changes of this call take effect (replacements may date from the past). */
  #floor: number;

  constructor(
    readonly ctx: OperationContext,
    readonly cluster: ClusterRecord,
    public svc: ServiceRecord,
  ) {
    this.deployments = [...svc.deployments];
    this.events = [...svc.events];
    this.#floor = ctx.now;
  }

  get primary(): DeploymentRecord {
    return this.deployments[0]!;
  }

  /** A new PRIMARY deployment with `desiredCount` tasks; older deployments are stopped once it runs. */
  openDeployment(spec: DeploymentSpec, desiredCount: number): void {
    const { ctx } = this;
    const placement = servicePlacement(ctx, this.cluster, spec);
    const fargate = !placement.onInstances;
    // A service on a cluster's default capacity provider strategy records that strategy.
    let launchType: LaunchType | undefined;
    let capacityProviderStrategy: CapacityProviderStrategyItem[] | undefined;
    if (spec.capacityProviderStrategy?.length) capacityProviderStrategy = spec.capacityProviderStrategy;
    else if (placement.capacityProviderName || placement.providerStrategy) capacityProviderStrategy = this.cluster.defaultCapacityProviderStrategy;
    else launchType = placement.launchType ?? spec.launchType ?? 'EC2';
    const d: DeploymentRecord = {
      id: newDeploymentId(ctx),
      taskDefinitionArn: spec.taskDefinition.arn,
      desiredCount,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      launchType,
      capacityProviderStrategy,
      platformVersion: fargate ? (spec.platformVersion ?? 'LATEST') : spec.platformVersion,
      platformFamily: fargate ? 'Linux' : undefined,
      networkConfiguration: spec.networkConfiguration,
      taskArns: [],
    };
    const older = this.deployments.map((o) => (o.completesAt !== undefined && o.completesAt > ctx.now ? { ...o, completesAt: undefined } : o));
    this.deployments.length = 0;
    this.deployments.push(d, ...older);
    if (this.svc.settings.schedulingStrategy === 'DAEMON') {
      openDaemonDeployment(this, placement, older);
      return;
    }
    const started = this.#start(0, desiredCount, placement);
    // minimumHealthyPercent 100: the old tasks keep running until the new deployment is whole.
    if (started.length < desiredCount) return;
    this.#retireOlder(started);
  }

  /** Stop the older deployments' tasks once the given new tasks reach RUNNING. */
  #retireOlder(started: readonly TaskRecord[]): void {
    const { ctx } = this;
    let runningAt = ctx.now;
    for (const t of started) runningAt = Math.max(runningAt, taskStatusAt(t, ctx.now, ctx.timings).runningAt ?? ctx.now);
    const old: TaskRecord[] = [];
    for (const o of this.deployments.slice(1)) for (const t of tasksOfDeployment(ctx, o)) old.push(t);
    this.#stop(old, runningAt);
  }

  /** A new desiredCount for the PRIMARY deployment: start the missing tasks or stop the surplus now. */
  scale(desiredCount: number): void {
    const d = this.primary;
    this.deployments[0] = { ...d, desiredCount, updatedAt: this.ctx.now };
    const live = tasksOfDeployment(this.ctx, d).filter((t) => !t.stop);
    if (desiredCount > live.length) {
      const spec = this.#specOf(d);
      if (spec) this.#start(0, desiredCount - live.length, servicePlacement(this.ctx, this.cluster, spec));
    } else if (desiredCount < live.length) {
      // the newest tasks go first: they are the least likely to be serving yet. Tasks under scale-in
      // protection go last, and stop only when their protection expires (task-scale-in-protection.html).
      const now = this.ctx.now;
      const until = (t: TaskRecord) => protectedUntil(this.ctx, t.arn);
      const surplus = [...live]
        .sort((a, b) => until(a) - until(b) || b.createdAt - a.createdAt)
        .slice(0, live.length - desiredCount);
      this.#stop(surplus.filter((t) => until(t) <= now), now);
      for (const t of surplus) if (until(t) > now) this.#stop([t], until(t));
    }
  }

  /**
   * Replace PRIMARY tasks that stopped for another reason than the scheduler (StopTask): ECS starts a
   * replacement once it sees the task STOPPED. The replacement's time is that moment, not the time of
   * the call that notices it, so the result does not depend on when a service is next looked at.
   * Returns whether anything was started.
   */
  replaceLost(): boolean {
    const { ctx } = this;
    const d = this.primary;
    if (this.svc.status !== 'ACTIVE' || this.svc.settings.schedulingStrategy === 'DAEMON') return false;
    const tasks = tasksOfDeployment(ctx, d);
    const missing = d.desiredCount - tasks.filter((t) => !t.stop).length;
    if (missing <= 0) return false;
    const lost: { at: number }[] = [];
    for (const t of tasks) {
      if (!t.stop || t.stop.stopCode === 'ServiceSchedulerInitiated') continue;
      const at = taskStatusAt(t, ctx.now, ctx.timings).stoppedAtPlanned;
      if (at !== undefined && at <= ctx.now) lost.push({ at });
    }
    // The latest losses are the ones not replaced yet: earlier ones were, or the count would be lower.
    const due = lost.sort((a, b) => a.at - b.at).slice(-missing);
    if (due.length === 0) return false;
    const spec = this.#specOf(d);
    if (!spec) return false;
    const placement = servicePlacement(ctx, this.cluster, spec);
    const byTime = new Map<number, number>();
    for (const { at } of due) byTime.set(at, (byTime.get(at) ?? 0) + 1);
    for (const [at, n] of byTime) this.#start(0, n, placement, at);
    this.#floor = Math.min(...byTime.keys());
    return true;
  }

  /**
   * Start the PRIMARY deployment's tasks that could not be placed before (no room then, or no
   * container instance): capacity may have come since. When the deployment becomes whole, the
   * older deployments' tasks are stopped as in a rolling update. Returns whether anything started.
   */
  fillMissing(): boolean {
    const { ctx } = this;
    const d = this.primary;
    if (this.svc.status !== 'ACTIVE' || this.svc.settings.schedulingStrategy === 'DAEMON') return false;
    // Tasks stopped by someone else are replaced when they reach STOPPED (replaceLost), not here.
    let awaited = 0;
    let live = 0;
    for (const t of tasksOfDeployment(ctx, d)) {
      if (!t.stop) live++;
      else if (t.stop.stopCode !== 'ServiceSchedulerInitiated' && (taskStatusAt(t, ctx.now, ctx.timings).stoppedAtPlanned ?? Infinity) > ctx.now) awaited++;
    }
    const missing = d.desiredCount - live - awaited;
    if (missing <= 0) return false;
    const spec = this.#specOf(d);
    if (!spec) return false;
    const started = this.#start(0, missing, servicePlacement(ctx, this.cluster, spec));
    if (started.length === missing) this.#retireOlder(started);
    return started.length > 0;
  }

  /**
   * Start tasks of the PRIMARY deployment: `count` where placement puts them, or one on each of
   * `on` (a daemon). `releasing` tasks' resources count as free (they are being replaced).
   */
  startTasks(count: number, opts: { on?: readonly ContainerInstanceRecord[]; releasing?: ReadonlySet<string> } = {}): TaskRecord[] {
    const spec = this.#specOf(this.primary);
    if (!spec) return [];
    return this.#start(0, count, servicePlacement(this.ctx, this.cluster, spec), this.ctx.now, opts);
  }

  /** Stop tasks of this service now, as the scheduler does (draining, a daemon leaving an instance). */
  stopTasks(tasks: readonly TaskRecord[], reason?: string): void {
    this.#stop(tasks, this.ctx.now, reason);
  }

  /**
   * Replace tasks of this service that must leave their instance (it is DRAINING): each gets a
   * replacement elsewhere, and is stopped when its replacement runs. PENDING ones stop at once.
   * Without room for a replacement a RUNNING task keeps running while minimumHealthyPercent is 100,
   * and stops now below it (its replacement comes when there is room).
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
   */
  replaceTasks(tasks: readonly TaskRecord[], reason: string): void {
    const { ctx } = this;
    const minHealthy = this.svc.settings.deploymentConfiguration.minimumHealthyPercent ?? 100;
    const stopAt = new Map<number, TaskRecord[]>();
    const stopLater = (task: TaskRecord, at: number) => stopAt.set(at, [...(stopAt.get(at) ?? []), task]);
    const byDeployment = new Map<number, TaskRecord[]>();
    for (const task of tasks) {
      if (taskStatusAt(task, ctx.now, ctx.timings).lastStatus !== 'RUNNING') {
        stopLater(task, ctx.now);
        continue;
      }
      const index = this.deployments.findIndex((d) => d.taskArns.includes(task.arn));
      byDeployment.set(index, [...(byDeployment.get(index) ?? []), task]);
    }
    // The replacements of one deployment start together: one "has started" event.
    for (const [index, old] of byDeployment) {
      const spec = index >= 0 ? this.#specOf(this.deployments[index]!) : undefined;
      const started = spec ? this.#start(index, old.length, servicePlacement(ctx, this.cluster, spec)) : [];
      old.forEach((task, i) => {
        const runningAt = started[i] ? (taskStatusAt(started[i], ctx.now, ctx.timings).runningAt ?? ctx.now) : undefined;
        if (runningAt !== undefined) stopLater(task, runningAt);
        else if (minHealthy < 100) stopLater(task, ctx.now);
      });
    }
    // One "has stopped" event per moment, as the scheduler reports a batch.
    for (const [at, batch] of [...stopAt].sort(([a], [b]) => a - b)) this.#stop(batch, at, reason);
  }

  /** A DAEMON service's desired count follows the instances it should run on. */
  setDesiredCount(desiredCount: number): void {
    const d = this.primary;
    if (d.desiredCount !== desiredCount) this.deployments[0] = { ...d, desiredCount, updatedAt: this.ctx.now };
  }

  /** DeleteService: desiredCount 0 and every task stopped now. */
  drain(): void {
    this.deployments[0] = { ...this.primary, desiredCount: 0, updatedAt: this.ctx.now };
    const all: TaskRecord[] = [];
    for (const d of this.deployments) all.push(...tasksOfDeployment(this.ctx, d));
    this.#stop(all, this.ctx.now);
  }

  /** Plan completion and steady state from the tasks as they now are, and commit the service. */
  finish(svc: Omit<ServiceRecord, 'deployments' | 'events'>): ServiceRecord {
    const { ctx } = this;
    const keep: ServiceEventRecord[] = [];
    let droppedPlan = false;
    for (const e of this.events) {
      const planned = e.kind === 'steady' || e.kind === 'completed';
      if (planned && e.at > ctx.now) droppedPlan = true;
      else keep.push(e);
    }
    this.events.length = 0;
    this.events.push(...keep);

    const settle = this.#settleTime();
    const p = this.primary;
    if (settle !== undefined && svc.status === 'ACTIVE' && (p.completesAt === undefined || p.completesAt > ctx.now)) {
      this.deployments[0] = { ...p, completesAt: settle };
      this.#event('completed', settle, { deploymentId: p.id });
    }
    if (settle !== undefined && svc.status === 'ACTIVE' && (this.#changedTasks || droppedPlan)) {
      this.#event('steady', settle);
    }
    // Older deployments whose tasks are all STOPPED are no longer listed; forget them.
    const deployments = this.deployments.filter(
      (d, i) =>
        i === 0 ||
        tasksOfDeployment(ctx, d).some((t) => {
          const planned = taskStatusAt(t, ctx.now, ctx.timings).stoppedAtPlanned;
          return planned === undefined || planned > ctx.now;
        }),
    );
    const events = this.events.length > 100 ? this.events.slice(-100) : [...this.events];
    // A daemon's desired count is the number of instances it runs on, kept on its PRIMARY deployment.
    const desiredCount = svc.settings.schedulingStrategy === 'DAEMON' && svc.status === 'ACTIVE' ? this.primary.desiredCount : svc.desiredCount;
    const out: ServiceRecord = { ...svc, desiredCount, deployments: deployments.map((d) => withoutStoppedTasks(ctx, d)), events };
    ctx.tx.set(ctx.store.services, out.arn, out);
    return out;
  }

  #specOf(d: DeploymentRecord): DeploymentSpec | undefined {
    const td = taskDefinitionByArn(this.ctx, d.taskDefinitionArn);
    if (!td) return undefined;
    return {
      taskDefinition: td,
      launchType: d.capacityProviderStrategy ? undefined : d.launchType,
      capacityProviderStrategy: d.capacityProviderStrategy,
      platformVersion: d.platformVersion,
      networkConfiguration: d.networkConfiguration,
    };
  }

  #start(
    index: number,
    count: number,
    placement: Placement,
    at = this.ctx.now,
    opts: { on?: readonly ContainerInstanceRecord[]; releasing?: ReadonlySet<string> } = {},
  ): TaskRecord[] {
    const { ctx } = this;
    const d = this.deployments[index]!;
    if (count <= 0 && !opts.on) return [];
    const spec = this.#specOf(d);
    if (!spec) return [];
    const settings = this.svc.settings;
    const tags =
      settings.propagateTags === 'SERVICE'
        ? tagsOf(ctx, this.svc.arn)
        : settings.propagateTags === 'TASK_DEFINITION'
          ? tagsOf(ctx, spec.taskDefinition.arn)
          : undefined;
    const req: PlaceTaskRequest = {
      cluster: this.cluster,
      ...spec,
      platformVersion: spec.platformVersion === 'LATEST' ? undefined : spec.platformVersion,
      startedBy: d.id,
      group: `service:${this.svc.name}`,
      serviceArn: this.svc.arn,
      enableExecuteCommand: settings.enableExecuteCommand,
      tags: tags?.length ? tags : undefined,
      createdAt: at,
    };
    const { started, unplacedReason } = startServiceTasks(ctx, req, placement, count, settings, opts.on, opts.releasing);
    if (started.length > 0) {
      this.deployments[index] = { ...d, taskArns: [...d.taskArns, ...started.map((t) => t.arn)] };
      this.#changedTasks = true;
      this.#event('started', at, { taskIds: started.map((t) => t.id) });
    }
    // After the tasks that did start: newest first, the failure to place the rest is read first.
    if (unplacedReason) this.#unplaceable(unplacedReason);
    return started;
  }

  /**
   * "duplicate event messages are omitted until either the cause is resolved or six hours passes"
   * (service-event-messages page): the same placement failure is reported again only after a task
   * started, or six hours later.
   */
  #unplaceable(reason: string): void {
    const { ctx } = this;
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.at > ctx.now) continue;
      if (e.kind === 'started') break;
      if (e.kind === 'unplaceable' && e.reason === reason && ctx.now - e.at < 6 * 3600_000) return;
    }
    this.#event('unplaceable', ctx.now, { reason });
  }

  /** Stop tasks at `at` (earlier stops stand), with the scheduler's stop code. */
  #stop(tasks: readonly TaskRecord[], at: number, reason?: string): void {
    const { ctx } = this;
    const moved: string[] = [];
    for (const task of tasks) {
      if (task.stop && task.stop.at <= at) continue;
      requestTaskStop(ctx, task, {
        at,
        stopCode: 'ServiceSchedulerInitiated',
        reason: reason ?? `Scaling activity initiated by (deployment ${task.startedBy ?? this.primary.id})`,
      });
      moved.push(task.id);
    }
    if (moved.length === 0) return;
    this.#changedTasks = true;
    // A stop moved earlier is no longer reported at its old, later time.
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.kind !== 'stopped' || e.at <= at || !e.taskIds) continue;
      const rest = e.taskIds.filter((id) => !moved.includes(id));
      if (rest.length === 0) this.events.splice(i, 1);
      else this.events[i] = { ...e, taskIds: rest };
    }
    this.#event('stopped', at, { taskIds: moved });
  }

  /** When every task of the service has settled (RUNNING, or STOPPED if stopping); undefined if never. */
  #settleTime(): number | undefined {
    const { ctx } = this;
    const p = this.primary;
    const live = tasksOfDeployment(ctx, p).filter((t) => !t.stop).length;
    if (live < p.desiredCount) return undefined;
    let settle = this.#floor;
    for (const d of this.deployments) {
      for (const t of tasksOfDeployment(ctx, d)) {
        const at = taskSettlesAt(ctx, t);
        if (at === undefined) return undefined;
        settle = Math.max(settle, at);
      }
    }
    return settle;
  }

  #event(kind: ServiceEventRecord['kind'], at: number, extra: Partial<ServiceEventRecord> = {}): void {
    this.events.push({ id: this.ctx.ids.uuid(), at, kind, ...extra });
  }
}


/**
 * A deployment keeps only the tasks not yet STOPPED: the stopped ones have been replaced (replaceLost
 * runs before every change) and counted in events, and keeping them would make every later read and
 * change of a long-lived service slower (a service scaled thousands of times).
 */
function withoutStoppedTasks(ctx: OperationContext, d: DeploymentRecord): DeploymentRecord {
  const kept = d.taskArns.filter((arn) => {
    const task = ctx.store.tasks.get(arn);
    if (!task) return false;
    const planned = taskStatusAt(task, ctx.now, ctx.timings).stoppedAtPlanned;
    return planned === undefined || planned > ctx.now;
  });
  return kept.length === d.taskArns.length ? d : { ...d, taskArns: kept };
}
