import type { Service, Task } from '@aws-sdk/client-ecs';
import type { EcsEmulator } from '../../emulator/index.js';
import type { EcsStore } from '../../emulator/state/ecs-store.js';
import type { LifecycleTimings } from '../../emulator/lifecycle/timings.js';
import type { ClusterRecord } from '../../emulator/model/cluster.js';
import { renderTask } from '../../emulator/model/task-render.js';
import { taskStatusAt, type TaskRecord } from '../../emulator/model/task.js';
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
/**
 * The same for clusters, services and task definitions: a snapshot goes to every open page once a
 * second, so its size (and the work to build it) must not grow with what a load left behind. What
 * is left out is counted (`…Omitted`).
 */
export const MAX_CLUSTERS_PER_SCOPE = 100;
export const MAX_SERVICES_PER_CLUSTER = 50;
export const MAX_FAMILIES_PER_SCOPE = 100;
export const MAX_REVISIONS_PER_FAMILY = 10;
export const MAX_SCOPES = 100;
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
  const all: Array<{ accountId: string; region: string; store: EcsStore }> = [];
  for (const s of emulator.stores.entries()) if (s.store.clusters.size > 0 || s.store.taskDefinitions.size > 0) all.push(s);
  all.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  const scopes: ScopeView[] = [];
  for (const { accountId, region, store } of all.slice(0, MAX_SCOPES)) {
    const view: ReadView = { store, now, timings: emulator.timings };
    const kept = firstClusters(store);
    const clusters = kept.map((c) => clusterView(view, c));
    const families = [...store.taskDefinitions.keys()].sort();
    const scope: ScopeView = { accountId, region, clusters, taskDefinitions: familyViews(store, families.slice(0, MAX_FAMILIES_PER_SCOPE)) };
    if (store.clusters.size > kept.length) scope.clustersOmitted = store.clusters.size - kept.length;
    if (families.length > MAX_FAMILIES_PER_SCOPE) scope.familiesOmitted = families.length - MAX_FAMILIES_PER_SCOPE;
    scopes.push(scope);
  }
  const snapshot: ResourceSnapshot = { now, scopes };
  if (all.length > MAX_SCOPES) snapshot.scopesOmitted = all.length - MAX_SCOPES;
  return snapshot;
}

/** ACTIVE clusters first, then INACTIVE ones, each by name: the first MAX_CLUSTERS_PER_SCOPE. */
function firstClusters(store: EcsStore): ClusterRecord[] {
  const active: ClusterRecord[] = [];
  const inactive: ClusterRecord[] = [];
  for (const c of store.clusters.values()) (c.status === 'ACTIVE' ? active : inactive).push(c);
  const byName = (a: ClusterRecord, b: ClusterRecord) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const out = active.sort(byName).slice(0, MAX_CLUSTERS_PER_SCOPE);
  if (out.length < MAX_CLUSTERS_PER_SCOPE) out.push(...inactive.sort(byName).slice(0, MAX_CLUSTERS_PER_SCOPE - out.length));
  return out;
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
    if (services.length < MAX_SERVICES_PER_CLUSTER) services.push(serviceView(renderService(view, svc)));
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

function familyViews(store: EcsStore, families: readonly string[]): FamilyView[] {
  return families
    .map((family) => [family, store.taskDefinitions.get(family) ?? []] as const)
    .map(([family, revisions]) => ({
      family,
      revisions: revisions.slice(-MAX_REVISIONS_PER_FAMILY).reverse().map((r) => ({
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
