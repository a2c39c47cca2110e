import type { ListServicesByNamespaceRequest, ListServicesByNamespaceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { EcsServiceError } from '../../errors.js';
import { paginate } from '../../model/pagination.js';
import { serviceStatusAt } from '../../model/service.js';

/**
 * The services of the caller's account and region that use Service Connect in a Cloud Map namespace
 * (their own `serviceConnectConfiguration.namespace`, or their cluster's Service Connect default),
 * named exactly as given: the emulator has no Cloud Map to tell a namespace's name from its ARN. A
 * namespace no cluster or service refers to is NamespaceNotFoundException ([GUESS] text). 10 per page
 * unless maxResults (1..100) says otherwise; INACTIVE services are not listed.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServicesByNamespace.html
 */
export function listServicesByNamespace(input: ListServicesByNamespaceRequest, ctx: OperationContext): ListServicesByNamespaceResponse {
  const namespace = input.namespace;
  let known = false;
  for (const c of ctx.store.clusters.values()) if (c.serviceConnectDefaults?.namespace === namespace) known = true;
  const arns: string[] = [];
  for (const svc of ctx.store.services.values()) {
    const sc = svc.settings.serviceConnectConfiguration;
    if (!sc) continue;
    const ns = sc.namespace ?? ctx.store.clusters.get(svc.clusterName)?.serviceConnectDefaults?.namespace;
    if (ns !== namespace) continue;
    known = true;
    if (sc.enabled && serviceStatusAt(ctx, svc) !== 'INACTIVE') arns.push(svc.arn);
  }
  if (!known) throw new EcsServiceError('NamespaceNotFoundException', 'Namespace not found.');
  const { page, nextToken } = paginate(arns, input, 'ListServicesByNamespace', 10, 100);
  return nextToken ? { serviceArns: page, nextToken } : { serviceArns: page };
}
