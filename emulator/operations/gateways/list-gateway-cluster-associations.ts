import type {
  GatewayClusterAssociationStatus,
  GatewayClusterAssociationSummary,
  ListGatewayClusterAssociationsRequest,
  ListGatewayClusterAssociationsResponse,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { clusterArn as clusterArnOf, clusterNameOf } from '../../model/arn.js';
import { associationStatus } from '../../model/gateway-lifecycle.js';
import { optionalInteger, optionalString, optionalStringList } from '../../model/input-checks.js';
import { paginate } from '../../model/pagination.js';

const STATUSES: readonly GatewayClusterAssociationStatus[] = ['ACTIVE', 'DISASSOCIATING', 'INACTIVE'];

/**
 * Gateway–cluster associations, filtered by gateway (name or ARN), cluster (name or ARN) and status;
 * ended associations (INACTIVE) are listed only when the status filter asks for them [GUESS: "the
 * association is deleted"]. Pages of up to 100.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListGatewayClusterAssociations.html
 */
export function listGatewayClusterAssociations(
  input: ListGatewayClusterAssociationsRequest,
  ctx: OperationContext,
): ListGatewayClusterAssociationsResponse {
  const gateway = optionalString(input.gateway);
  const cluster = optionalString(input.cluster);
  const statuses = optionalStringList(input.status, 3);
  for (const s of statuses ?? []) {
    if (!(STATUSES as readonly string[]).includes(s)) throw invalidParameter(`status should be one of [${STATUSES.join(',')}]`);
  }
  const wanted = statuses?.length ? statuses : ['ACTIVE', 'DISASSOCIATING'];
  const clusterArn = cluster === undefined ? undefined : clusterArnOf(ctx, clusterNameOf(cluster));
  const out: GatewayClusterAssociationSummary[] = [];
  for (const a of ctx.store.gateways.associations.values()) {
    const g = ctx.store.gateways.gateways.get(a.gatewayArn);
    if (!g) continue;
    if (gateway !== undefined && gateway !== g.arn && gateway !== g.name) continue;
    if (clusterArn !== undefined && a.clusterArn !== clusterArn) continue;
    const status = associationStatus(ctx, a);
    if (!wanted.includes(status)) continue;
    out.push({ gatewayArn: a.gatewayArn, clusterArn: a.clusterArn, status });
  }
  const { page, nextToken } = paginate(out, { maxResults: optionalInteger(input.maxResults), nextToken: optionalString(input.nextToken) }, 'ListGatewayClusterAssociations', 100, 100);
  return nextToken ? { gatewayClusterAssociations: page, nextToken } : { gatewayClusterAssociations: page };
}
