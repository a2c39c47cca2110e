import type { Service, Task } from '@aws-sdk/client-ecs';
import type { EcsEmulator } from '../../emulator/index.js';
import type { EcsStore } from '../../emulator/state/ecs-store.js';
import type { LifecycleTimings } from '../../emulator/lifecycle/timings.js';
import type { ClusterRecord } from '../../emulator/model/cluster.js';
import { renderTask, taskStatusAt, type TaskRecord } from '../../emulator/model/task.js';
import { renderService } from '../../emulator/model/service-render.js';
import type {
  ClusterView,
  FamilyView,
  ResourceSnapshot,
  ScopeView,
  ServiceView,
  TaskView,
} from './wire.js';

/** A cluster with thousands of tasks (a benchmark) would make every update megabytes. */
export const MAX_TASKS_PER_CLUSTER = 200;
const EVENTS_PER_SERVICE = 5;

/**
 * What the render functions read, and nothing they could write: the dashboard only looks. It never
 * calls `tasksOfCluster` (which forgets long-stopped tasks) so that opening the page cannot change
 * what the next API call sees.
 */
interface ReadView {
  readonly store: EcsStore;
  readonly now: number;
  readonly timings: LifecycleTimings;
}

/** Every account and region's clusters, services, tasks and task definitions at the emulator's now. */
export function resourceSnapshot(emulator: EcsEmulator): ResourceSnapshot {
  const now = emulator.clock.now();
  const scopes: ScopeView[] = [];
  for (const { accountId, region, store } of emulator.stores.entries()) {
    const view: ReadView = { store, now, timings: emulator.timings };
    const clusters = [...store.clusters.values()]
      .sort((a, b) => Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE') || a.name.localeCompare(b.name))
      .map((c) => clusterView(view, c));
    const taskDefinitions = familyViews(store);
    if (clusters.length === 0 && taskDefinitions.length === 0) continue;
    scopes.push({ accountId, region, clusters, taskDefinitions });
  }
  scopes.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
  return { now, scopes };
}

/** The cluster's tasks still describable, as ECS would list them, without pruning the store. */
function visibleTasks(view: ReadView, clusterName: string): TaskRecord[] {
  const out: TaskRecord[] = [];
  for (const arn of view.store.tasksByCluster.get(clusterName) ?? []) {
    const task = view.store.tasks.get(arn);
    if (!task) continue;
    const stoppedAt = task.stop ? taskStatusAt(task, view.now, view.timings).stoppedAt : undefined;
    if (stoppedAt !== undefined && view.now - stoppedAt > view.timings.stoppedTaskRetentionMs) continue;
    out.push(task);
  }
  return out;
}

function clusterView(view: ReadView, cluster: ClusterRecord): ClusterView {
  const tasks = visibleTasks(view, cluster.name).sort((a, b) => b.createdAt - a.createdAt);
  const rendered = tasks.slice(0, MAX_TASKS_PER_CLUSTER).map((t) => taskView(renderTask(view, t)));
  let running = 0;
  let pending = 0;
  if (cluster.status === 'ACTIVE') {
    for (const t of tasks) {
      const s = taskStatusAt(t, view.now, view.timings).lastStatus;
      if (s === 'RUNNING') running++;
      else if (s === 'PROVISIONING' || s === 'PENDING' || s === 'ACTIVATING') pending++;
    }
  }
  const services: ServiceView[] = [];
  let activeServices = 0;
  for (const svc of view.store.services.values()) {
    if (svc.clusterName !== cluster.name) continue;
    if (svc.deletedAt === undefined) activeServices++;
    services.push(serviceView(renderService(view, svc)));
  }
  services.sort((a, b) => Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE') || a.name.localeCompare(b.name));
  return {
    name: cluster.name,
    arn: cluster.arn,
    status: cluster.status,
    createdAt: cluster.createdAt,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: cluster.status === 'ACTIVE' ? activeServices : 0,
    services,
    tasks: rendered,
    tasksOmitted: tasks.length - rendered.length,
  };
}

const ms = (d: Date | undefined) => (d === undefined ? undefined : d.getTime());

/** `family:revision` from a task definition ARN. */
export function shortTaskDefinition(arn: string | undefined): string {
  if (!arn) return '';
  const i = arn.indexOf('task-definition/');
  return i < 0 ? arn : arn.slice(i + 'task-definition/'.length);
}

function taskView(t: Task): TaskView {
  const arn = t.taskArn ?? '';
  return {
    id: arn.slice(arn.lastIndexOf('/') + 1),
    arn,
    lastStatus: t.lastStatus ?? '',
    desiredStatus: t.desiredStatus ?? '',
    taskDefinition: shortTaskDefinition(t.taskDefinitionArn),
    group: t.group,
    launchType: t.launchType,
    createdAt: ms(t.createdAt) ?? 0,
    startedAt: ms(t.startedAt),
    stoppingAt: ms(t.stoppingAt),
    stoppedAt: ms(t.stoppedAt),
    stoppedReason: t.stoppedReason,
  };
}

function serviceView(s: Service): ServiceView {
  return {
    name: s.serviceName ?? '',
    arn: s.serviceArn ?? '',
    status: s.status ?? '',
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    taskDefinition: s.taskDefinition ? shortTaskDefinition(s.taskDefinition) : undefined,
    deployments: (s.deployments ?? []).map((d) => ({
      id: d.id ?? '',
      status: d.status ?? '',
      taskDefinition: shortTaskDefinition(d.taskDefinition),
      desiredCount: d.desiredCount ?? 0,
      runningCount: d.runningCount ?? 0,
      pendingCount: d.pendingCount ?? 0,
      rolloutState: d.rolloutState,
      createdAt: ms(d.createdAt),
    })),
    events: (s.events ?? []).slice(0, EVENTS_PER_SERVICE).map((e) => ({
      id: e.id ?? '',
      createdAt: ms(e.createdAt) ?? 0,
      message: e.message ?? '',
    })),
  };
}

function familyViews(store: EcsStore): FamilyView[] {
  return [...store.taskDefinitions.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, revisions]) => ({
      family,
      revisions: [...revisions].reverse().map((r) => ({
        revision: r.revision,
        arn: r.arn,
        status: r.status,
        registeredAt: ms(r.definition.registeredAt),
        cpu: r.definition.cpu,
        memory: r.definition.memory,
        containers: (r.definition.containerDefinitions ?? []).map((c) => `${c.name ?? '?'} (${c.image ?? '?'})`),
      })),
    }));
}
