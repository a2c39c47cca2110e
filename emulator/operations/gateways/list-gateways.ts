import type { GatewayStatus, GatewaySummary, ListGatewaysRequest, ListGatewaysResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { gatewayStatus, renderGatewaySummary } from '../../model/gateway-lifecycle.js';
import { optionalInteger, optionalString, optionalStringList } from '../../model/input-checks.js';
import { paginate } from '../../model/pagination.js';

const STATUSES: readonly GatewayStatus[] = ['ACTIVE', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_FAILED', 'DELETED'];

/**
 * The account's gateways in the Region, oldest first, filtered by up to 10 names and by status; pages
 * of up to 100 (the default).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListGateways.html
 */
export function listGateways(input: ListGatewaysRequest, ctx: OperationContext): ListGatewaysResponse {
  const names = optionalStringList(input.names);
  if (names && names.length > 10) throw invalidParameter('names can have at most 10 items.');
  const statuses = optionalStringList(input.status, 5);
  for (const s of statuses ?? []) {
    if (!(STATUSES as readonly string[]).includes(s)) throw invalidParameter(`status should be one of [${STATUSES.join(',')}]`);
  }
  const maxResults = optionalInteger(input.maxResults);
  const nextToken = optionalString(input.nextToken);
  const gateways: GatewaySummary[] = [];
  for (const g of ctx.store.gateways.gateways.values()) {
    if (names?.length && !names.includes(g.name)) continue;
    if (statuses?.length && !statuses.includes(gatewayStatus(ctx, g))) continue;
    gateways.push(renderGatewaySummary(ctx, g));
  }
  const { page, nextToken: next } = paginate(gateways, { maxResults, nextToken }, 'ListGateways', 100, 100);
  return next ? { gateways: page, nextToken: next } : { gateways: page };
}
