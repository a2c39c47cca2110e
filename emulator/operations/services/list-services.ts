import type { ListServicesRequest, ListServicesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { paginate } from '../../model/pagination.js';
import { primaryDeployment, serviceStatusAt } from '../../model/service.js';

/**
 * ListServices of a cluster, optionally filtered by launch type and scheduling strategy; 10 per page
 * unless maxResults (1..100) says otherwise. INACTIVE services are not listed (they are only
 * describable); DRAINING ones are, until they turn INACTIVE.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html
 */
export function listServices(input: ListServicesRequest, ctx: OperationContext): ListServicesResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const arns: string[] = [];
  for (const svc of ctx.store.services.values()) {
    if (svc.clusterName !== cluster.name || serviceStatusAt(ctx, svc) === 'INACTIVE') continue;
    if (input.launchType && primaryDeployment(svc)?.launchType !== input.launchType) continue;
    if (input.schedulingStrategy && svc.settings.schedulingStrategy !== input.schedulingStrategy) continue;
    arns.push(svc.arn);
  }
  const { page, nextToken } = paginate(arns, input, 'ListServices', 10, 100);
  return nextToken ? { serviceArns: page, nextToken } : { serviceArns: page };
}
