import type { AssociateGatewayWithClusterRequest, AssociateGatewayWithClusterResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { associationStatus, findGateway } from '../../model/gateway-lifecycle.js';
import { associationKey } from '../../model/gateway-state.js';
import { requiredString } from '../../model/input-checks.js';

const MAX_GATEWAYS_PER_CLUSTER = 5;

/**
 * Associates a gateway with a cluster so that its services can use it; nothing changes until a service
 * does. "A single cluster can be associated with up to 5 gateways." An association that exists and is
 * ACTIVE is returned as it is [GUESS]; one still DISASSOCIATING is refused [GUESS text].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AssociateGatewayWithCluster.html
 */
export function associateGatewayWithCluster(
  input: AssociateGatewayWithClusterRequest,
  ctx: OperationContext,
): AssociateGatewayWithClusterResponse {
  const g = findGateway(ctx, requiredString(input.gateway, 'gateway'));
  const cluster = activeCluster(ctx, requiredString(input.cluster, 'cluster'));
  const key = associationKey(g.arn, cluster.arn);
  const existing = ctx.store.gateways.associations.get(key);
  const status = existing ? associationStatus(ctx, existing) : 'INACTIVE';
  if (status === 'ACTIVE') return { gatewayArn: g.arn, clusterArn: cluster.arn, status };
  if (status === 'DISASSOCIATING') {
    throw invalidParameter('The gateway is being disassociated from the cluster. Wait until its routes are removed and try again.');
  }
  let count = 0;
  for (const a of ctx.store.gateways.associations.values()) {
    if (a.clusterArn === cluster.arn && associationStatus(ctx, a) !== 'INACTIVE') count++;
  }
  if (count >= MAX_GATEWAYS_PER_CLUSTER) {
    throw invalidParameter(`A cluster can be associated with at most ${MAX_GATEWAYS_PER_CLUSTER} gateways.`);
  }
  ctx.tx.set(ctx.store.gateways.associations, key, {
    gatewayArn: g.arn,
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    associatedAt: ctx.now,
  });
  return { gatewayArn: g.arn, clusterArn: cluster.arn, status: 'ACTIVE' };
}
