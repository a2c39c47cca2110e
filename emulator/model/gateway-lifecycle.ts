import type {
  Gateway,
  GatewayClusterAssociationStatus,
  GatewayConfiguration,
  GatewayStatus,
  GatewaySummary,
  HostSharedAlbConfiguration,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { gatewayNotFound, invalidParameter } from '../errors.js';
import { parseArn } from './arn.js';
import type { GatewayAssociationRecord, GatewayRecord } from './gateway-state.js';
import { routesOf } from './gateway-routes.js';
import { tagsOf } from './tags.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings' | 'accountId' | 'region'>;

/** A gateway by name or ARN, else GatewayNotFoundException ("subsequent requests for it return a GatewayNotFoundException"). */
export function findGateway(ctx: Ctx, ref: string | undefined): GatewayRecord {
  if (ref === undefined || ref === '') throw invalidParameter('Gateway can not be blank.');
  if (ref.startsWith('arn:')) {
    const p = parseArn(ref);
    // [GUESS] text for an ARN of something else.
    if (!p || p.service !== 'ecs' || p.resourceType !== 'gateway') throw invalidParameter(`Invalid gateway ARN: ${ref}`);
    const g = ctx.store.gateways.gateways.get(ref);
    if (!g) throw gatewayNotFound();
    return g;
  }
  for (const g of ctx.store.gateways.gateways.values()) if (g.name === ref) return g;
  throw gatewayNotFound();
}

/**
 * ACTIVE from creation ("CreateGateway is a synchronous operation and the gateway is returned with a
 * status of ACTIVE"); after UpdateGateway, UPDATE_IN_PROGRESS while the change reaches the load
 * balancers (the task pending time here), then UPDATE_COMPLETE. Deleted gateways are gone.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateGateway.html
 */
export function gatewayStatus(ctx: Ctx, g: GatewayRecord): GatewayStatus {
  if (g.updateRequestedAt === undefined) return 'ACTIVE';
  return ctx.now < g.updateRequestedAt + ctx.timings.pendingMs ? 'UPDATE_IN_PROGRESS' : 'UPDATE_COMPLETE';
}

/** PUBLIC for internet-facing load balancers, PRIVATE for internal ones. */
export function accessTypeOf(g: GatewayRecord): 'PUBLIC' | 'PRIVATE' {
  return g.configuration.hostSharedAlb?.scheme === 'internal' ? 'PRIVATE' : 'PUBLIC';
}

/**
 * A hostSharedAlb configuration with the documented defaults: internet-facing, HTTPS on 443 (the only
 * protocol and port), at most 10 load balancers, `defensive` desync mitigation, dualstack addresses.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HostSharedAlbConfiguration.html
 */
export function withDefaults(c: HostSharedAlbConfiguration): HostSharedAlbConfiguration {
  return {
    ...c,
    networkConfiguration: { ...c.networkConfiguration, ipAddressType: c.networkConfiguration?.ipAddressType ?? 'dualstack' },
    scheme: c.scheme ?? 'internet-facing',
    port: 443,
    protocol: 'HTTPS',
    maxAlbCount: c.maxAlbCount ?? 10,
    httpDesync: c.httpDesync ?? 'defensive',
  };
}

export function renderGateway(ctx: Ctx, g: GatewayRecord): Gateway {
  const alb = g.configuration.hostSharedAlb!;
  const routes = routesOf(ctx, { gatewayArn: g.arn });
  const configuration = { hostSharedAlb: { ...alb, currentAlbCount: routes.length > 0 ? 1 : 0 } } as GatewayConfiguration;
  return {
    gatewayArn: g.arn,
    name: g.name,
    status: gatewayStatus(ctx, g),
    failures: [],
    infrastructureRoleArn: g.infrastructureRoleArn,
    deletionProtection: g.deletionProtection,
    configuration,
    accessType: accessTypeOf(g),
    propagateTags: g.propagateTags,
    tags: tagsOf(ctx, g.arn),
    createdAt: new Date(g.createdAt),
    updatedAt: new Date(g.updatedAt),
  };
}

export function renderGatewaySummary(ctx: Ctx, g: GatewayRecord): GatewaySummary {
  return { gatewayArn: g.arn, name: g.name, status: gatewayStatus(ctx, g), createdAt: new Date(g.createdAt) };
}

/**
 * ACTIVE until DisassociateGatewayFromCluster; then DISASSOCIATING "until you remove all of the
 * gateway routes for the cluster by updating the associated services", then INACTIVE (deleted).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DisassociateGatewayFromCluster.html
 */
export function associationStatus(ctx: Ctx, a: GatewayAssociationRecord): GatewayClusterAssociationStatus {
  if (a.disassociatedAt === undefined) return 'ACTIVE';
  return routesOf(ctx, { gatewayArn: a.gatewayArn, clusterArn: a.clusterArn }).length > 0 ? 'DISASSOCIATING' : 'INACTIVE';
}
