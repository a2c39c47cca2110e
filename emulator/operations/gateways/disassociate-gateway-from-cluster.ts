import type { DisassociateGatewayFromClusterRequest, DisassociateGatewayFromClusterResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { resourceNotFound } from '../../model/resource.js';
import { associationStatus, findGateway } from '../../model/gateway-lifecycle.js';
import { associationKey } from '../../model/gateway-state.js';
import { requiredString } from '../../model/input-checks.js';

/**
 * Ends an ACTIVE association. It stays DISASSOCIATING while services of the cluster still have routes
 * through the gateway (they go when the services stop using it), then it is gone. No association:
 * ResourceNotFoundException (the error the API lists for this operation).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DisassociateGatewayFromCluster.html
 */
export function disassociateGatewayFromCluster(
  input: DisassociateGatewayFromClusterRequest,
  ctx: OperationContext,
): DisassociateGatewayFromClusterResponse {
  const g = findGateway(ctx, requiredString(input.gateway, 'gateway'));
  const cluster = activeCluster(ctx, requiredString(input.cluster, 'cluster'));
  const key = associationKey(g.arn, cluster.arn);
  const a = ctx.store.gateways.associations.get(key);
  if (!a || associationStatus(ctx, a) !== 'ACTIVE') throw resourceNotFound();
  const next = { ...a, disassociatedAt: ctx.now };
  ctx.tx.set(ctx.store.gateways.associations, key, next);
  return { gatewayArn: g.arn, clusterArn: cluster.arn, status: associationStatus(ctx, next) === 'INACTIVE' ? 'INACTIVE' : 'DISASSOCIATING' };
}
