import type { ListClustersRequest, ListClustersResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { paginate } from '../../model/pagination.js';

/** ARNs of the ACTIVE clusters, 100 a page unless `maxResults` says fewer. */
export function listClusters(input: ListClustersRequest, ctx: OperationContext): ListClustersResponse {
  const arns: string[] = [];
  for (const c of ctx.store.clusters.values()) if (c.status === 'ACTIVE') arns.push(c.arn);
  const { page, nextToken } = paginate(arns, input, 'ListClusters', 100);
  return nextToken ? { clusterArns: page, nextToken } : { clusterArns: page };
}
