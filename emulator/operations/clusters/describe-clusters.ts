import type { DescribeClustersRequest, DescribeClustersResponse, Failure } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clusterArn, clusterNameOf } from '../../model/arn.js';
import { renderCluster } from '../../model/cluster.js';
import { invalidParameter } from '../../errors.js';

/**
 * Up to 100 clusters by name or ARN (`default` when none is named). Unknown ones are reported in
 * `failures` with reason MISSING; INACTIVE ones are still described.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
 */
export function describeClusters(input: DescribeClustersRequest, ctx: OperationContext): DescribeClustersResponse {
  const refs = input.clusters?.length ? input.clusters : ['default'];
  if (refs.length > 100) throw invalidParameter('Clusters cannot have more than 100 elements');
  const include = input.include ?? [];
  const clusters = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    let name: string;
    try {
      name = clusterNameOf(ref);
    } catch {
      failures.push({ arn: ref, reason: 'MISSING' });
      continue;
    }
    const cluster = ctx.store.clusters.get(name);
    if (cluster) {
      if (!ctx.discardOutput) clusters.push(renderCluster(ctx, cluster, ['SETTINGS', ...include]));
    } else failures.push({ arn: ref.startsWith('arn:') ? ref : clusterArn(ctx, name), reason: 'MISSING' });
  }
  return { clusters, failures };
}
