import type { CreateClusterRequest, CreateClusterResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clusterArn } from '../../model/arn.js';
import { renderCluster, type ClusterRecord } from '../../model/cluster.js';
import { invalidParameter } from '../../errors.js';
import { mergeTags, validateTags } from '../../model/tags.js';
import { effectiveValueFor } from '../../model/account-settings.js';

const CLUSTER_NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * Creating a cluster whose name is ACTIVE already returns that cluster unchanged; an INACTIVE one is
 * replaced by a new cluster of the same name (and ARN). A cluster created without `settings` gets the
 * caller's `containerInsights` account setting ("If this value is specified, it overrides the
 * containerInsights value set with PutAccountSetting or PutAccountSettingDefault").
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
 */
export function createCluster(input: CreateClusterRequest, ctx: OperationContext): CreateClusterResponse {
  const name = input.clusterName ?? 'default';
  if (!CLUSTER_NAME_RE.test(name)) {
    throw invalidParameter(
      'Cluster name must be between 1 and 255 characters long and contain only letters (uppercase and lowercase), numbers, hyphens, and underscores.',
    );
  }
  validateTags(input.tags);
  const existing = ctx.store.clusters.get(name);
  if (existing && existing.status === 'ACTIVE') return { cluster: renderCluster(ctx, existing) };

  const cluster: ClusterRecord = {
    name,
    arn: clusterArn(ctx, name),
    status: 'ACTIVE',
    createdAt: ctx.now,
    // Without settings, Container Insights follows the caller's containerInsights account setting.
    settings: input.settings?.length
      ? input.settings
      : [{ name: 'containerInsights', value: effectiveValueFor(ctx, 'containerInsights') }],
    configuration: input.configuration,
    capacityProviders: input.capacityProviders ?? [],
    defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
    serviceConnectDefaults: input.serviceConnectDefaults?.namespace
      ? { namespace: input.serviceConnectDefaults.namespace }
      : undefined,
  };
  ctx.tx.set(ctx.store.clusters, name, cluster);
  if (existing) ctx.tx.delete(ctx.store.tags, cluster.arn);
  mergeTags(ctx, cluster.arn, input.tags);
  return { cluster: renderCluster(ctx, cluster) };
}
