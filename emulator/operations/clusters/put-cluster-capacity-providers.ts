import type { PutClusterCapacityProvidersRequest, PutClusterCapacityProvidersResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter, resourceInUse } from '../../errors.js';
import { activeCluster, renderCluster, type ClusterRecord } from '../../model/cluster.js';
import { capacityProviderNameOf, FARGATE_PROVIDERS, isActiveProvider } from '../../model/capacity-providers/capacity-provider.js';
import { serviceStatusAt } from '../../model/service.js';
import { liveTasksOfCluster } from '../../model/task.js';

/**
 * Replaces the cluster's capacity providers and default strategy ("you must specify all existing
 * capacity providers in addition to any new ones"). A provider left out that tasks still use is
 * ResourceInUseException "The specified capacity provider is in use and cannot be removed."; one a
 * service's strategy names, "The capacity provider cannot be deleted because it is associated with a
 * service." (both real, quoted in CloudFormation and Terraform failures). The default strategy may only
 * name providers of the list. Messages: docs/ecs-error-messages.md §24.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html
 */
export function putClusterCapacityProviders(input: PutClusterCapacityProvidersRequest, ctx: OperationContext): PutClusterCapacityProvidersResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const names = (input.capacityProviders ?? []).map(capacityProviderNameOf);
  const strategy = input.defaultCapacityProviderStrategy ?? [];
  for (const name of names) {
    // [GUESS] texts of these two refusals.
    if (!isActiveProvider(ctx, name)) throw invalidParameter(`The specified capacity provider ${name} is not in an ACTIVE state. Specify a valid capacity provider and try again.`);
    for (const other of ctx.store.clusters.values()) {
      if (other.name !== cluster.name && other.status === 'ACTIVE' && !FARGATE_PROVIDERS.has(name) && other.capacityProviders.includes(name)) {
        throw invalidParameter(`The specified capacity provider ${name} is already associated with another cluster. Specify a capacity provider that is not associated with a cluster and try again.`);
      }
    }
  }
  const strategyNames = strategy.map((s) => capacityProviderNameOf(s.capacityProvider ?? ''));
  for (const name of strategyNames) {
    if (!names.includes(name)) {
      throw invalidParameter('The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.');
    }
  }
  const fargate = strategyNames.filter((n) => FARGATE_PROVIDERS.has(n)).length;
  if (fargate > 0 && fargate < strategyNames.length) {
    throw invalidParameter('The capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.');
  }
  for (const removed of cluster.capacityProviders.filter((n) => !names.includes(n))) checkNotInUse(ctx, cluster, removed);
  const updated: ClusterRecord = { ...cluster, capacityProviders: names, defaultCapacityProviderStrategy: strategy.map((s) => ({ ...s })) };
  ctx.tx.set(ctx.store.clusters, cluster.name, updated);
  // The association's attachments are being updated as the call returns (a real 2023 record of this
  // call: `"attachments": [], "attachmentsStatus": "UPDATE_IN_PROGRESS"`).
  return { cluster: { ...renderCluster(ctx, updated), attachments: [], attachmentsStatus: 'UPDATE_IN_PROGRESS' } };
}

function checkNotInUse(ctx: OperationContext, cluster: ClusterRecord, name: string): void {
  for (const svc of ctx.store.services.values()) {
    if (svc.clusterName !== cluster.name || serviceStatusAt(ctx, svc) === 'INACTIVE') continue;
    if (svc.deployments.some((d) => d.capacityProviderStrategy?.some((s) => s.capacityProvider === name))) {
      throw resourceInUse('The capacity provider cannot be deleted because it is associated with a service.');
    }
  }
  for (const task of liveTasksOfCluster(ctx, cluster.name)) {
    if (task.capacityProviderName === name && !task.stop) throw resourceInUse('The specified capacity provider is in use and cannot be removed.');
  }
}
