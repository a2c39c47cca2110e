import type {
  CapacityProviderStrategyItem,
  Cluster,
  ClusterConfiguration,
  ClusterServiceConnectDefaults,
  ClusterSetting,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { clusterNameOf } from './arn.js';
import { clusterNotFound } from '../errors.js';
import { tagsOf } from './tags.js';
import { liveTasksOfCluster, taskStatusAt } from './task.js';
import { registeredInstances } from './container-instances/container-instance.js';

export interface ClusterRecord {
  readonly name: string;
  readonly arn: string;
  readonly status: 'ACTIVE' | 'INACTIVE';
  readonly createdAt: number;
  readonly settings: ClusterSetting[];
  readonly configuration?: ClusterConfiguration | undefined;
  readonly capacityProviders: string[];
  readonly defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
  readonly serviceConnectDefaults?: ClusterServiceConnectDefaults | undefined;
  /** When DeleteCluster made it INACTIVE. */
  readonly deletedAt?: number | undefined;
}

/**
 * Forget clusters deleted longer ago than the retention time (with their stopped tasks and tags):
 * 60,000 create/delete pairs must not keep 60,000 INACTIVE clusters for ever. Time does this, not a
 * call, so it is not transactional (as sweepCluster for stopped tasks). The queue is oldest first,
 * so a call costs a look at its head.
 */
export function forgetDeletedClusters(ctx: Pick<OperationContext, 'store' | 'now' | 'timings'>): void {
  const { store, now } = ctx;
  const retention = ctx.timings.inactiveClusterRetentionMs ?? 3600_000;
  const queue = store.deletedClusters;
  let drop = 0;
  while (drop < queue.length && now - queue[drop]!.at >= retention) {
    const { name, at } = queue[drop++]!;
    const cluster = store.clusters.get(name);
    // Re-created since, or a deletion that was rolled back: not this entry's to forget.
    if (!cluster || cluster.status !== 'INACTIVE' || cluster.deletedAt !== at) continue;
    store.clusters.delete(name);
    store.tags.delete(cluster.arn);
    for (const arn of store.tasksByCluster.get(name) ?? []) {
      store.tasks.delete(arn);
      store.tags.delete(arn);
      store.taskProtection.delete(arn);
    }
    store.tasksByCluster.delete(name);
    store.liveTasksByCluster.delete(name);
    store.stoppedTasksByCluster.delete(name);
  }
  if (drop > 0) queue.splice(0, drop);
}

/** The ACTIVE cluster a request names (or `default`), else ClusterNotFoundException. */
export function activeCluster(ctx: OperationContext, ref: string | undefined): ClusterRecord {
  const cluster = ctx.store.clusters.get(clusterNameOf(ref));
  if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
  return cluster;
}

export interface ClusterCounts {
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
  registeredContainerInstancesCount: number;
  /** The same counts split by where tasks run, for `include: ["STATISTICS"]`. */
  ec2: { running: number; pending: number; services: number };
}

export function clusterCounts(ctx: OperationContext, cluster: ClusterRecord): ClusterCounts {
  let running = 0;
  let pending = 0;
  const ec2 = { running: 0, pending: 0, services: 0 };
  for (const task of liveTasksOfCluster(ctx, cluster.name)) {
    const s = taskStatusAt(task, ctx.now, ctx.timings).lastStatus;
    const onEc2 = task.containerInstanceArn !== undefined;
    if (s === 'RUNNING') {
      running++;
      if (onEc2) ec2.running++;
    } else if (s === 'PENDING' || s === 'PROVISIONING' || s === 'ACTIVATING') {
      pending++;
      if (onEc2) ec2.pending++;
    }
  }
  let services = 0;
  for (const svc of ctx.store.services.values()) {
    if (svc.clusterName === cluster.name && svc.deletedAt === undefined) {
      services++;
      const d = svc.deployments[0];
      if (d?.launchType === 'EC2' || d?.launchType === 'EXTERNAL' || (d?.capacityProviderStrategy?.length && !d.capacityProviderStrategy[0]!.capacityProvider?.startsWith('FARGATE'))) ec2.services++;
    }
  }
  // "registeredContainerInstancesCount: The number of container instances registered into the
  // cluster. This includes container instances in both ACTIVE and DRAINING status." (API_Cluster)
  const registered = registeredInstances(ctx, cluster.name).length;
  return { runningTasksCount: running, pendingTasksCount: pending, activeServicesCount: services, registeredContainerInstancesCount: registered, ec2 };
}

export type ClusterField = 'ATTACHMENTS' | 'CONFIGURATIONS' | 'SETTINGS' | 'STATISTICS' | 'TAGS';

/** The Cluster shape ECS returns. Empty lists are kept, as in real responses. */
export function renderCluster(
  ctx: OperationContext,
  cluster: ClusterRecord,
  include: readonly string[] = ['SETTINGS', 'CONFIGURATIONS', 'TAGS'],
): Cluster {
  const counts: ClusterCounts =
    cluster.status === 'ACTIVE'
      ? clusterCounts(ctx, cluster)
      : { runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0, registeredContainerInstancesCount: 0, ec2: { running: 0, pending: 0, services: 0 } };
  const out: Cluster = {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: counts.registeredContainerInstancesCount,
    runningTasksCount: counts.runningTasksCount,
    pendingTasksCount: counts.pendingTasksCount,
    activeServicesCount: counts.activeServicesCount,
    statistics: [],
    tags: include.includes('TAGS') ? tagsOf(ctx, cluster.arn) : [],
    settings: include.includes('SETTINGS') ? cluster.settings : undefined,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
  };
  if (include.includes('CONFIGURATIONS') && cluster.configuration) out.configuration = cluster.configuration;
  if (cluster.serviceConnectDefaults) out.serviceConnectDefaults = cluster.serviceConnectDefaults;
  if (include.includes('STATISTICS')) {
    out.statistics = [
      { name: 'runningEC2TasksCount', value: String(counts.ec2.running) },
      { name: 'runningFargateTasksCount', value: String(counts.runningTasksCount - counts.ec2.running) },
      { name: 'pendingEC2TasksCount', value: String(counts.ec2.pending) },
      { name: 'pendingFargateTasksCount', value: String(counts.pendingTasksCount - counts.ec2.pending) },
      { name: 'activeEC2ServiceCount', value: String(counts.ec2.services) },
      { name: 'activeFargateServiceCount', value: String(counts.activeServicesCount - counts.ec2.services) },
      { name: 'drainingEC2ServiceCount', value: '0' },
      { name: 'drainingFargateServiceCount', value: '0' },
    ];
  }
  if (include.includes('ATTACHMENTS')) {
    out.attachments = [];
  }
  return out;
}
