import type { GatewayRouteStatus, ListGatewayRoutesRequest, ListGatewayRoutesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { clusterArn, clusterNameOf } from '../../model/arn.js';
import { findGateway } from '../../model/gateway-lifecycle.js';
import { renderRouteSummary, routesOf } from '../../model/gateway-routes.js';
import { optionalInteger, optionalString, optionalStringList } from '../../model/input-checks.js';
import { paginate } from '../../model/pagination.js';
import { serviceNameOf } from '../../model/service.js';

const STATUSES: readonly GatewayRouteStatus[] = [
  'ACTIVE', 'CREATE_IN_PROGRESS', 'CREATE_FAILED', 'UPDATE_IN_PROGRESS', 'UPDATE_FAILED', 'DELETE_IN_PROGRESS', 'DELETE_FAILED',
];

/**
 * Gateway routes filtered by gateway, cluster, service (a name matches that service in every
 * cluster), container port name and status; pages of up to 100. An unknown gateway is
 * GatewayNotFoundException.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListGatewayRoutes.html
 */
export function listGatewayRoutes(input: ListGatewayRoutesRequest, ctx: OperationContext): ListGatewayRoutesResponse {
  const gatewayRef = optionalString(input.gateway);
  const gatewayArn = gatewayRef === undefined ? undefined : findGateway(ctx, gatewayRef).arn;
  const cluster = optionalString(input.cluster);
  const service = optionalString(input.service);
  const statuses = optionalStringList(input.status, 7);
  for (const s of statuses ?? []) {
    if (!(STATUSES as readonly string[]).includes(s)) throw invalidParameter(`status should be one of [${STATUSES.join(',')}]`);
  }
  const routes = routesOf(ctx, {
    gatewayArn,
    clusterArn: cluster === undefined ? undefined : clusterArn(ctx, clusterNameOf(cluster)),
    serviceArn: service?.startsWith('arn:') ? service : undefined,
    serviceName: service !== undefined && !service.startsWith('arn:') ? serviceNameOf(service) : undefined,
    portName: optionalString(input.serviceContainerPortName),
  }).filter((r) => !statuses?.length || statuses.includes(r.status));
  const { page, nextToken } = paginate(routes.map(renderRouteSummary), { maxResults: optionalInteger(input.maxResults), nextToken: optionalString(input.nextToken) }, 'ListGatewayRoutes', 100, 100);
  return nextToken ? { gatewayRoutes: page, nextToken } : { gatewayRoutes: page };
}
