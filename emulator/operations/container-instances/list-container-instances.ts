import type { ListContainerInstancesRequest, ListContainerInstancesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { registeredInstances } from '../../model/container-instances/container-instance.js';
import { matchesClusterQuery, parseClusterQuery } from '../../model/container-instances/cluster-query.js';
import { paginate } from '../../model/pagination.js';
import { factsOf } from '../../placement/choose-instance.js';
import { clusterUsage, emptyUsage } from '../../placement/instance-usage.js';

/**
 * ARNs of a cluster's registered instances, oldest first, 100 a page unless `maxResults` (1–100)
 * says fewer. `status` keeps one status (default: all but INACTIVE; REGISTERING, DEREGISTERING and
 * REGISTRATION_FAILED match nothing, as no instance here passes through them); `filter` is a cluster
 * query language expression (cluster-query.ts).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html
 */
export function listContainerInstances(input: ListContainerInstancesRequest, ctx: OperationContext): ListContainerInstancesResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const query = input.filter !== undefined && input.filter !== '' ? parseClusterQuery(input.filter) : undefined;
  const usage = query ? clusterUsage(ctx, cluster.name) : undefined;
  const arns: string[] = [];
  for (const ci of registeredInstances(ctx, cluster.name)) {
    if (input.status !== undefined && ci.status !== input.status) continue;
    if (query && !matchesClusterQuery(query, factsOf(ci, usage!.get(ci.arn) ?? emptyUsage()))) continue;
    arns.push(ci.arn);
  }
  const { page, nextToken } = paginate(arns, input, 'ListContainerInstances', 100);
  return nextToken ? { containerInstanceArns: page, nextToken } : { containerInstanceArns: page };
}
