import type { DeleteClusterRequest, DeleteClusterResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster, renderCluster } from '../../model/cluster.js';
import { clusterHasLiveServices } from '../../model/service.js';
import { clusterContainsContainerInstances, clusterContainsServices, clusterContainsTasks } from '../../errors.js';
import { registeredInstances } from '../../model/container-instances/container-instance.js';
import { liveTasksOfCluster, taskStatusAt } from '../../model/task.js';

/**
 * A cluster with ACTIVE or DRAINING services, with container instances registered (ACTIVE or
 * DRAINING), or with tasks not yet STOPPED, cannot be deleted. The
 * deleted cluster stays describable as INACTIVE.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html
 */
export function deleteCluster(input: DeleteClusterRequest, ctx: OperationContext): DeleteClusterResponse {
  const cluster = activeCluster(ctx, input.cluster);
  if (registeredInstances(ctx, cluster.name).length > 0) throw clusterContainsContainerInstances();
  if (clusterHasLiveServices(ctx, cluster.name)) throw clusterContainsServices();
  if (hasActiveTasks(ctx, cluster.name)) throw clusterContainsTasks();
  const deleted = { ...cluster, status: 'INACTIVE' as const, deletedAt: ctx.now };
  ctx.tx.set(ctx.store.clusters, cluster.name, deleted);
  // Forgotten after the retention time (forgetDeletedClusters checks the deletion still stands).
  ctx.store.deletedClusters.push({ name: cluster.name, at: ctx.now });
  return { cluster: renderCluster(ctx, deleted) };
}

function hasActiveTasks(ctx: OperationContext, clusterName: string): boolean {
  for (const task of liveTasksOfCluster(ctx, clusterName)) {
    if (taskStatusAt(task, ctx.now, ctx.timings).lastStatus !== 'STOPPED') return true;
  }
  return false;
}
