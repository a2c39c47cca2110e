import { createHash } from 'node:crypto';
import type { GatewayRoute, GatewayRouteStatus, GatewayRouteSummary } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { gatewayRouteArn } from './arn.js';
import type { GatewayAssociationRecord, GatewayRecord } from './gateway-state.js';
import { serviceStatusAt, type ServiceRecord } from './service.js';
import { partitionOf } from './arn.js';

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings' | 'accountId' | 'region'>;

/**
 * A gateway route: the ingress a gateway manages for one gateway connector (`portName`) of one service
 * in an associated cluster. ECS creates it when the service starts using the gateway and removes it
 * when the service stops using it or is deleted; the emulator derives routes from the services and
 * associations at read time, so nothing has to be kept in step.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListGatewayRoutes.html
 */
export interface DerivedRoute {
  arn: string;
  gateway: GatewayRecord;
  association: GatewayAssociationRecord;
  service: ServiceRecord;
  portName: string;
  status: GatewayRouteStatus;
}

/** A stable 32-hex id from the parts that make a route (a route keeps its ARN while it exists). */
const idOf = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);

export interface RouteFilter {
  gatewayArn?: string | undefined;
  clusterArn?: string | undefined;
  serviceName?: string | undefined;
  serviceArn?: string | undefined;
  portName?: string | undefined;
}

export function routesOf(ctx: Ctx, f: RouteFilter = {}): DerivedRoute[] {
  const out: DerivedRoute[] = [];
  for (const association of ctx.store.gateways.associations.values()) {
    if (f.gatewayArn !== undefined && association.gatewayArn !== f.gatewayArn) continue;
    if (f.clusterArn !== undefined && association.clusterArn !== f.clusterArn) continue;
    const gateway = ctx.store.gateways.gateways.get(association.gatewayArn);
    if (!gateway) continue;
    const accessType = gateway.configuration.hostSharedAlb?.scheme === 'internal' ? 'PRIVATE' : 'PUBLIC';
    for (const service of ctx.store.services.values()) {
      if (service.clusterArn !== association.clusterArn) continue;
      if (f.serviceName !== undefined && service.name !== f.serviceName) continue;
      if (f.serviceArn !== undefined && service.arn !== f.serviceArn) continue;
      const svcStatus = serviceStatusAt(ctx, service);
      if (svcStatus === 'INACTIVE') continue;
      for (const connector of service.settings.gatewayConnectors ?? []) {
        const types = connector.filters?.accessTypes;
        if (types && types.length > 0 && !types.includes(accessType)) continue;
        const portName = connector.portName ?? '';
        if (f.portName !== undefined && portName !== f.portName) continue;
        // Created when both the service and the association exist; [GUESS] it takes the ENI provisioning time.
        const since = Math.max(service.createdAt, association.associatedAt);
        let status: GatewayRouteStatus = ctx.now < since + ctx.timings.provisioningMs ? 'CREATE_IN_PROGRESS' : 'ACTIVE';
        if (svcStatus === 'DRAINING') status = 'DELETE_IN_PROGRESS';
        out.push({
          arn: gatewayRouteArn(ctx, gateway.name, gateway.id, idOf(gateway.arn, service.arn, portName)),
          gateway,
          association,
          service,
          portName,
          status,
        });
      }
    }
  }
  return out;
}

export function renderRouteSummary(r: DerivedRoute): GatewayRouteSummary {
  return {
    gatewayRouteArn: r.arn,
    gatewayArn: r.gateway.arn,
    clusterArn: r.association.clusterArn,
    serviceArn: r.service.arn,
    serviceContainerPortName: r.portName,
    status: r.status,
  };
}

/** The load balancer, listener and security group a gateway uses, shaped as ELB and EC2 ARNs. */
export function albOf(ctx: Ctx, g: GatewayRecord) {
  const p = partitionOf(ctx.region);
  const lbName = `ecs-gateway-${g.name}`.slice(0, 32).replace(/-+$/, '');
  const lbId = idOf('lb', g.arn).slice(0, 16);
  const loadBalancerArn = `arn:${p}:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/app/${lbName}/${lbId}`;
  const listenerArn = `arn:${p}:elasticloadbalancing:${ctx.region}:${ctx.accountId}:listener/app/${lbName}/${lbId}/${idOf('listener', g.arn).slice(0, 16)}`;
  const securityGroup = g.configuration.hostSharedAlb?.networkConfiguration?.inboundSecurityGroup ?? `sg-${idOf('sg', g.arn).slice(0, 17)}`;
  return { lbName, lbId, loadBalancerArn, listenerArn, securityGroup, partition: p };
}

/**
 * DescribeGatewayRoute's GatewayRoute: the service, its URL and the gateway-managed infrastructure
 * (certificate, listener rules, security groups), with identifiers derived from the route.
 */
export function renderRoute(ctx: Ctx, r: DerivedRoute): GatewayRoute {
  const alb = albOf(ctx, r.gateway);
  const rid = idOf('rule', r.arn).slice(0, 16);
  const { partition: p } = alb;
  const ruleBase = `arn:${p}:elasticloadbalancing:${ctx.region}:${ctx.accountId}:listener-rule/app/${alb.lbName}/${alb.lbId}/${alb.listenerArn.split('/').at(-1)}`;
  const ec2 = `arn:${p}:ec2:${ctx.region}:${ctx.accountId}`;
  return {
    gatewayRouteArn: r.arn,
    serviceArn: r.service.arn,
    serviceContainerPortName: r.portName,
    status: r.status,
    // [GUESS] host: the Express services' endpoint form (`<2 letters>-<32 hex>.ecs.<region>.on.aws`).
    serviceUrl: `https://${r.service.name.slice(0, 2).toLowerCase()}-${idOf('url', r.arn)}.ecs.${ctx.region}.on.aws`,
    resources: {
      hostSharedAlb: [
        {
          acmCertificateArn: `arn:${p}:acm:${ctx.region}:${ctx.accountId}:certificate/${idOf('cert', r.arn).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5')}`,
          loadBalancerArn: alb.loadBalancerArn,
          listenerArn: alb.listenerArn,
          listenerRuleArn: `${ruleBase}/${rid}`,
          testListenerRuleArns: [`${ruleBase}/${idOf('test-rule', r.arn).slice(0, 16)}`],
          loadBalancerSecurityGroups: [
            { arn: `${ec2}:security-group/${alb.securityGroup}`, ruleArns: [`${ec2}:security-group-rule/sgr-${idOf('sgr', r.arn).slice(0, 17)}`] },
          ],
          serviceSecurityGroupArn: `${ec2}:security-group/sg-${idOf('svc-sg', r.arn).slice(0, 17)}`,
        },
      ],
    },
  } as GatewayRoute;
}
