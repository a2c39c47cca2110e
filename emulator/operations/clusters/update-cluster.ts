import type { UpdateClusterRequest, UpdateClusterResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster, renderCluster, type ClusterRecord } from '../../model/cluster.js';
import { mergeClusterSettings } from '../../model/cluster-settings.js';

/**
 * Changes a cluster's settings (merged by name), its configuration (execute-command logging, managed
 * storage: replaced as given) and its default Service Connect namespace (kept as given: no Cloud Map
 * namespace is created or looked up).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateCluster.html
 */
export function updateCluster(input: UpdateClusterRequest, ctx: OperationContext): UpdateClusterResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const updated: ClusterRecord = {
    ...cluster,
    settings: input.settings ? mergeClusterSettings(cluster.settings, input.settings) : cluster.settings,
    configuration: input.configuration ? { ...cluster.configuration, ...input.configuration } : cluster.configuration,
    serviceConnectDefaults: input.serviceConnectDefaults?.namespace !== undefined
      ? input.serviceConnectDefaults.namespace === ''
        ? undefined
        : { namespace: input.serviceConnectDefaults.namespace }
      : cluster.serviceConnectDefaults,
  };
  ctx.tx.set(ctx.store.clusters, cluster.name, updated);
  return { cluster: renderCluster(ctx, updated) };
}
