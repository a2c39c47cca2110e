import type { CapacityProviderStrategyItem, LaunchType, NetworkConfiguration } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import type { ClusterRecord } from '../model/cluster.js';
import { requestTaskStop, type PlaceTaskRequest } from '../model/place-task.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import { servicePlacement, startServiceTasks } from './service-placement.js';
import {
  primaryDeployment,
  tasksOfDeployment,
  usesTaskSets,
  type DeploymentRecord,
  type ServiceEventRecord,
  type ServiceRecord,
  type TaskSetState,
} from '../model/service.js';
import { newDeploymentId, taskDefinitionByArn } from '../model/service-config.js';
import { newServiceRevision, type ServiceRevisionRecord } from '../model/service-revision.js';
import type { ServiceDeploymentRecord } from '../model/service-deployment-record.js';
import type { TaskDefinitionRecord } from '../model/task-definition.js';
import { plannedStoppedAt, type TaskRecord } from '../model/task.js';
import { tagsOf } from '../model/tags.js';
import { protectedUntil } from '../model/task-protection.js';
import { planCompletion } from './service-completion.js';

/**
 * The service scheduler's working copy of one service during one call. There are no timers: a call
 * that changes a service starts tasks now and schedules stops for when they are due; what can only
 * happen later (the next wave of a rolling update, a blue/green stage, a replacement for a stopped
 * task) is done by the next call that reads or changes the service, dated to the moment it was due
 * (service-upkeep.ts). Task statuses follow from the clock, so every read is deterministic. Scheduler
 * actions are not API calls: they leave no trail record.
 *
 * The policies live beside it: rolling-waves.ts (maximumPercent/minimumHealthyPercent),
 * deployment-stages.ts (blue/green, linear, canary), deployment-rollout.ts (service deployments and
 * rollbacks), task-set-scaling.ts (CODE_DEPLOY and EXTERNAL), daemon-scheduling.ts (DAEMON) and
 * cluster-capacity.ts (draining instances). Where a task is placed is decided by service-placement.ts;
 * `startTasks` is the one place a service's tasks are created.
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

export interface NewDeploymentOptions {
  /** Run an existing revision (a rollback) instead of recording a new one. */
  revisionArn?: string | undefined;
  taskSet?: TaskSetState | undefined;
  /** ECS controller: the new deployment becomes PRIMARY (index 0). Task sets are appended. */
  primary?: boolean | undefined;
}

/** A service being changed by one call: a mutable working copy, committed by `finish`. */
export class ServiceChange {
  readonly deployments: DeploymentRecord[];
  readonly events: ServiceEventRecord[];
  readonly serviceDeployments: ServiceDeploymentRecord[];
  readonly revisions: ServiceRevisionRecord[];
  /** Ids of the deployments (task sets) whose tasks this call started or stopped. */
  readonly changedGroups = new Set<string>();
  /** The earliest time the changes of this call take effect (replacements may date from the past). */
  floor: number;

  constructor(
    readonly ctx: OperationContext,
    readonly cluster: ClusterRecord,
    public svc: ServiceRecord,
  ) {
    this.deployments = [...svc.deployments];
    this.events = [...svc.events];
    this.serviceDeployments = [...svc.serviceDeployments];
    this.revisions = [...svc.revisions];
    this.floor = ctx.now;
  }

  /** ECS's PRIMARY deployment, or the PRIMARY task set. */
  get primary(): DeploymentRecord | undefined {
    return primaryDeployment({ settings: this.svc.settings, deployments: this.deployments });
  }

  get taskSets(): boolean {
    return usesTaskSets(this.svc);
  }

  deployment(id: string): DeploymentRecord | undefined {
    return this.deployments.find((d) => d.id === id);
  }

  update(id: string, next: (d: DeploymentRecord) => DeploymentRecord): void {
    const i = this.deployments.findIndex((d) => d.id === id);
    if (i >= 0) this.deployments[i] = next(this.deployments[i]!);
  }

  /** Move a deployment to index 0 (PRIMARY), as a rollback does with the revision it restores. */
  makePrimary(id: string): void {
    const i = this.deployments.findIndex((d) => d.id === id);
    if (i > 0) this.deployments.unshift(...this.deployments.splice(i, 1));
  }

  /** The newest service deployment: the service's `currentServiceDeployment`. */
  get currentServiceDeployment(): ServiceDeploymentRecord | undefined {
    return this.serviceDeployments[0];
  }

  updateServiceDeployment(id: string, next: (d: ServiceDeploymentRecord) => ServiceDeploymentRecord): void {
    const i = this.serviceDeployments.findIndex((d) => d.id === id);
    if (i >= 0) this.serviceDeployments[i] = next(this.serviceDeployments[i]!);
  }

  revision(arn: string | undefined): ServiceRevisionRecord | undefined {
    return arn === undefined ? undefined : this.revisions.find((r) => r.arn === arn);
  }

  /**
   * A new deployment (or task set) with no tasks yet, and the service revision it runs. How its tasks
   * would be placed is resolved now, so an error in the request is the calling operation's error; a
   * cluster without room is not (the tasks wait, and the service says why).
   */
  addDeployment(spec: DeploymentSpec, desiredCount: number, opts: NewDeploymentOptions = {}): DeploymentRecord {
    const { ctx } = this;
    const placement = servicePlacement(ctx, this.cluster, spec);
    const fargate = !placement.onInstances;
    // A service on a cluster's default capacity provider strategy records that strategy.
    let launchType: LaunchType | undefined;
    let capacityProviderStrategy: CapacityProviderStrategyItem[] | undefined;
    if (spec.capacityProviderStrategy?.length) capacityProviderStrategy = spec.capacityProviderStrategy;
    else if (placement.capacityProviderName || placement.providerStrategy) capacityProviderStrategy = this.cluster.defaultCapacityProviderStrategy;
    else launchType = placement.launchType ?? spec.launchType ?? 'EC2';
    const id = newDeploymentId(ctx);
    const platformVersion = fargate ? (spec.platformVersion ?? 'LATEST') : spec.platformVersion;
    const platformFamily = fargate ? 'Linux' : undefined;
    let revisionArn = opts.revisionArn;
    if (revisionArn === undefined) {
      const s = this.svc.settings;
      const revision = newServiceRevision(ctx, this.svc, id, {
        taskDefinition: spec.taskDefinition,
        launchType,
        capacityProviderStrategy,
        platformVersion,
        platformFamily,
        networkConfiguration: spec.networkConfiguration,
        loadBalancers: opts.taskSet?.loadBalancers ?? s.loadBalancers,
        serviceRegistries: opts.taskSet?.serviceRegistries ?? s.serviceRegistries,
        serviceConnectConfiguration: s.serviceConnectConfiguration,
      });
      revisionArn = revision.arn;
      this.revisions.push(revision);
    }
    const d: DeploymentRecord = {
      id,
      revisionArn,
      taskDefinitionArn: spec.taskDefinition.arn,
      desiredCount,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      launchType,
      capacityProviderStrategy,
      platformVersion,
      platformFamily,
      networkConfiguration: spec.networkConfiguration,
      taskArns: [],
      taskSet: opts.taskSet,
    };
    if (opts.primary) {
      // The deployments it replaces no longer complete: their rollout is over.
      for (let i = 0; i < this.deployments.length; i++) {
        const o = this.deployments[i]!;
        if (o.completesAt !== undefined && o.completesAt > ctx.now) this.deployments[i] = { ...o, completesAt: undefined };
        if (o.rolloutAt !== undefined) this.deployments[i] = { ...this.deployments[i]!, rolloutAt: undefined, rolloutBlocked: undefined };
      }
      this.deployments.unshift(d);
    } else {
      this.deployments.push(d);
    }
    return d;
  }

  /** What a deployment's tasks run with, from its record (the task definition may be deregistered since). */
  specOf(d: DeploymentRecord): DeploymentSpec | undefined {
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

  /** Tasks of a deployment that are live at `t`: started by then and not asked to stop by then. */
  liveTasks(d: DeploymentRecord, t = this.ctx.now): TaskRecord[] {
    return tasksOfDeployment(this.ctx, d).filter((task) => task.createdAt <= t && (!task.stop || task.stop.at > t));
  }

  /**
   * ECS controller, no deployment in progress: a new desiredCount for the PRIMARY deployment, applied
   * at once (missing tasks started now, the newest surplus tasks stopped now).
   */
  scale(desiredCount: number): void {
    const d = this.primary;
    if (!d) return;
    this.update(d.id, (x) => ({ ...x, desiredCount, updatedAt: this.ctx.now }));
    this.keepCountAt(d.id, desiredCount);
  }

  /** Start or stop tasks at `at` (now, or a moment due since) so that `count` of the deployment's tasks are live. */
  keepCountAt(id: string, count: number, at = this.ctx.now): void {
    const d = this.deployment(id);
    if (!d) return;
    const live = this.liveTasks(d, at);
    if (count > live.length) this.startTasks(id, count - live.length, at);
    else if (count < live.length) {
      // the newest tasks go first: they are the least likely to be serving yet. Tasks under scale-in
      // protection go last, and stop only when their protection expires (task-scale-in-protection.html).
      const until = (t: TaskRecord) => protectedUntil(this.ctx, t.arn);
      const surplus = [...live].sort((a, b) => until(a) - until(b) || b.createdAt - a.createdAt).slice(0, live.length - count);
      this.stopTasks(surplus.filter((t) => until(t) <= at), at);
      for (const t of surplus) if (until(t) > at) this.stopTasks([t], until(t));
    }
  }

  /**
   * Start the tasks a deployment (or task set) still lacks, now: they found no room before, and
   * capacity may have come since. Tasks stopped by someone else are replaced when they reach STOPPED
   * (replaceLost), not here. Returns whether anything started.
   */
  fillMissing(id: string, wanted: number): boolean {
    const { ctx } = this;
    const d = this.deployment(id);
    if (!d || this.svc.status !== 'ACTIVE') return false;
    let live = 0;
    let awaited = 0;
    for (const t of tasksOfDeployment(ctx, d)) {
      if (!t.stop) live++;
      else if (t.stop.stopCode !== 'ServiceSchedulerInitiated' && (stoppedAt(ctx, t) ?? Infinity) > ctx.now) awaited++;
    }
    const missing = wanted - live - awaited;
    return missing > 0 && this.startTasks(id, missing).length > 0;
  }

  /** A DAEMON service's desired count follows the instances it should run on. */
  setDesiredCount(desiredCount: number): void {
    const d = this.primary;
    if (d && d.desiredCount !== desiredCount) this.update(d.id, (x) => ({ ...x, desiredCount, updatedAt: this.ctx.now }));
  }

  /**
   * Replace tasks of a deployment that stopped for another reason than the scheduler (StopTask): ECS
   * starts a replacement once it sees the task STOPPED. The replacement's time is that moment, not the
   * time of the call that notices it, so the result does not depend on when a service is next looked
   * at. Returns whether anything was started.
   */
  replaceLost(id: string, wanted: number): boolean {
    const { ctx } = this;
    const d = this.deployment(id);
    if (!d || this.svc.status !== 'ACTIVE' || this.svc.settings.schedulingStrategy === 'DAEMON') return false;
    const tasks = tasksOfDeployment(ctx, d);
    const missing = wanted - tasks.filter((t) => !t.stop).length;
    if (missing <= 0) return false;
    const lost: number[] = [];
    for (const t of tasks) {
      if (!t.stop || t.stop.stopCode === 'ServiceSchedulerInitiated') continue;
      const at = stoppedAt(ctx, t);
      if (at !== undefined && at <= ctx.now) lost.push(at);
    }
    // The latest losses are the ones not replaced yet: earlier ones were, or the count would be lower.
    const due = lost.sort((a, b) => a - b).slice(-missing);
    if (due.length === 0) return false;
    const byTime = new Map<number, number>();
    for (const at of due) byTime.set(at, (byTime.get(at) ?? 0) + 1);
    for (const [at, n] of byTime) this.startTasks(id, n, at);
    return true;
  }

  /** DeleteService: desiredCount 0 and every task stopped now. */
  drain(): void {
    const p = this.primary;
    if (p) this.update(p.id, (d) => ({ ...d, desiredCount: 0, updatedAt: this.ctx.now, rolloutAt: undefined, rolloutBlocked: undefined }));
    const all: TaskRecord[] = [];
    for (const d of this.deployments) all.push(...tasksOfDeployment(this.ctx, d));
    this.stopTasks(all, this.ctx.now);
  }

  /**
   * Start up to `count` tasks of a deployment at `at` (now, or a past moment they were due), or one on
   * each of `on` (a daemon; `releasing` tasks' resources count as free, they are being replaced). This
   * is the one place a service's tasks are created: where they go is `startServiceTasks`' decision, and
   * when the cluster has no room for some, the service's events say why.
   */
  startTasks(id: string, count: number, at = this.ctx.now, opts: { on?: readonly ContainerInstanceRecord[]; releasing?: ReadonlySet<string> } = {}): TaskRecord[] {
    const { ctx } = this;
    const d = this.deployment(id);
    if (!d || (count <= 0 && !opts.on)) return [];
    const spec = this.specOf(d);
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
    const placement = servicePlacement(ctx, this.cluster, spec);
    const { started, unplacedReason } = startServiceTasks(ctx, req, placement, count, settings, opts.on, opts.releasing);
    if (started.length > 0) {
      this.update(id, (x) => ({ ...x, taskArns: [...x.taskArns, ...started.map((t) => t.arn)] }));
      this.changedGroups.add(id);
      this.floor = Math.min(this.floor, at);
      this.event('started', at, { taskIds: started.map((t) => t.id), deploymentId: d.taskSet ? d.id : undefined });
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
    this.event('unplaceable', ctx.now, { reason });
  }

  /** Stop tasks at `at` (earlier stops stand), with the scheduler's stop code and, by default, its reason. */
  stopTasks(tasks: readonly TaskRecord[], at = this.ctx.now, reason?: string): void {
    const { ctx } = this;
    const moved: string[] = [];
    for (const task of tasks) {
      if (task.stop && task.stop.at <= at) continue;
      requestTaskStop(ctx, task, {
        at,
        stopCode: 'ServiceSchedulerInitiated',
        reason: reason ?? `Scaling activity initiated by (deployment ${task.startedBy ?? this.primary?.id ?? ''})`,
      });
      moved.push(task.id);
      if (task.startedBy) this.changedGroups.add(task.startedBy);
    }
    if (moved.length === 0) return;
    this.floor = Math.min(this.floor, at);
    // A stop moved earlier is no longer reported at its old, later time.
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.kind !== 'stopped' || e.at <= at || !e.taskIds) continue;
      const rest = e.taskIds.filter((id) => !moved.includes(id));
      if (rest.length === 0) this.events.splice(i, 1);
      else this.events[i] = { ...e, taskIds: rest };
    }
    // A task set's tasks are announced with it, as its starts are.
    const byGroup = new Map<string | undefined, string[]>();
    for (const task of tasks) {
      if (!moved.includes(task.id)) continue;
      const group = this.deployment(task.startedBy ?? '')?.taskSet ? task.startedBy : undefined;
      byGroup.set(group, [...(byGroup.get(group) ?? []), task.id]);
    }
    for (const [group, taskIds] of byGroup) this.event('stopped', at, { taskIds, deploymentId: group });
  }

  event(kind: ServiceEventRecord['kind'], at: number, extra: Partial<ServiceEventRecord> = {}): void {
    this.events.push({ id: this.ctx.ids.uuid(), at, kind, ...extra });
  }

  /** Plan completion and steady state from the tasks as they now are, and commit the service. */
  finish(svc: Omit<ServiceRecord, 'deployments' | 'events' | 'serviceDeployments' | 'revisions'>): ServiceRecord {
    const { ctx } = this;
    this.svc = { ...this.svc, ...svc };
    planCompletion(this);
    const events = this.events.length > 100 ? this.events.slice(-100) : [...this.events];
    // A daemon's desired count is the number of instances it runs on, kept on its PRIMARY deployment.
    const daemon = svc.settings.schedulingStrategy === 'DAEMON' && svc.status === 'ACTIVE' && this.primary;
    const out: ServiceRecord = {
      ...svc,
      desiredCount: daemon ? daemon.desiredCount : svc.desiredCount,
      deployments: this.deployments,
      events,
      serviceDeployments: this.serviceDeployments,
      revisions: this.revisions,
    };
    ctx.tx.set(ctx.store.services, out.arn, out);
    return out;
  }
}

/** When a task that was asked to stop reaches (or reached) STOPPED. */
export function stoppedAt(ctx: Pick<OperationContext, 'now' | 'timings'>, task: TaskRecord): number | undefined {
  return plannedStoppedAt(task, ctx.timings);
}
