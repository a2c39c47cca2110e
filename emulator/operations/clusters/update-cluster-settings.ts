import type { UpdateClusterSettingsRequest, UpdateClusterSettingsResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster, renderCluster } from '../../model/cluster.js';
import { mergeClusterSettings } from '../../model/cluster-settings.js';

/**
 * Changes cluster settings (today only `containerInsights`: enabled, enhanced or disabled), merged by
 * name into the cluster's.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateClusterSettings.html
 */
export function updateClusterSettings(input: UpdateClusterSettingsRequest, ctx: OperationContext): UpdateClusterSettingsResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const updated = { ...cluster, settings: mergeClusterSettings(cluster.settings, input.settings ?? []) };
  ctx.tx.set(ctx.store.clusters, cluster.name, updated);
  return { cluster: renderCluster(ctx, updated) };
}
