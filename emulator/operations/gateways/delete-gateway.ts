import type { DeleteGatewayRequest, DeleteGatewayResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { associationStatus, findGateway } from '../../model/gateway-lifecycle.js';
import { optionalString } from '../../model/input-checks.js';

/**
 * Deletes a gateway whose deletion protection is off and which has no ACTIVE or DISASSOCIATING cluster
 * association; it is gone at once (status DELETED, then GatewayNotFoundException). Refusal texts are
 * [GUESS]es.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteGateway.html
 */
export function deleteGateway(input: DeleteGatewayRequest, ctx: OperationContext): DeleteGatewayResponse {
  const g = findGateway(ctx, optionalString(input.gateway));
  if (g.deletionProtection) {
    throw invalidParameter('The gateway has deletion protection enabled. Disable deletion protection with UpdateGateway before you delete it.');
  }
  const left: string[] = [];
  for (const [key, a] of ctx.store.gateways.associations) {
    if (a.gatewayArn !== g.arn) continue;
    if (associationStatus(ctx, a) === 'INACTIVE') ctx.tx.delete(ctx.store.gateways.associations, key);
    else left.push(a.clusterArn);
  }
  if (left.length > 0) {
    throw invalidParameter(`The gateway is associated with clusters (${left.join(', ')}). Disassociate all clusters before you delete the gateway.`);
  }
  ctx.tx.delete(ctx.store.gateways.gateways, g.arn);
  ctx.tx.delete(ctx.store.tags, g.arn);
  return { gatewayArn: g.arn, name: g.name, status: 'DELETED' };
}
