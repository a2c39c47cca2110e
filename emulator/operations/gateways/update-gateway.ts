import type { UpdateGatewayRequest, UpdateGatewayResponse, UpdateGatewayAlbConfiguration, UpdateGatewayConfiguration } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { checkAlbConfiguration, checkRoleArn } from '../../model/gateway-input.js';
import { findGateway } from '../../model/gateway-lifecycle.js';
import { optionalBoolean, optionalEnum, optionalObject, optionalString } from '../../model/input-checks.js';

/**
 * Changes what can change without interrupting traffic (role, deletion protection, security group,
 * load balancer count, WAF ACL, access logs, desync mode, test-traffic rules, tag propagation). The
 * gateway reads UPDATE_IN_PROGRESS, then UPDATE_COMPLETE, on the clock.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateGateway.html
 */
export function updateGateway(input: UpdateGatewayRequest, ctx: OperationContext): UpdateGatewayResponse {
  const g = findGateway(ctx, optionalString(input.gateway));
  const roleIn = optionalString(input.infrastructureRoleArn);
  const role = roleIn === undefined ? g.infrastructureRoleArn : checkRoleArn(ctx, roleIn);
  const config = optionalObject<UpdateGatewayConfiguration>(input.configuration);
  const variants = config ? Object.keys(config).filter((k) => (config as unknown as Record<string, unknown>)[k] !== undefined) : [];
  // "the configuration variant that you provide must match the gateway's type" ([GUESS] text)
  if (variants.some((v) => v !== 'hostSharedAlb')) throw invalidParameter('The configuration must match the gateway type hostSharedAlb.');
  const change = optionalObject<UpdateGatewayAlbConfiguration>(config?.hostSharedAlb);
  if (change) checkAlbConfiguration(change, false);
  const current = g.configuration.hostSharedAlb!;
  const hostSharedAlb = change
    ? {
        ...current,
        ...Object.fromEntries(Object.entries(change).filter(([k, v]) => v !== undefined && k !== 'networkConfiguration')),
        networkConfiguration: { ...current.networkConfiguration, ...change.networkConfiguration },
      }
    : current;
  ctx.tx.set(ctx.store.gateways.gateways, g.arn, {
    ...g,
    infrastructureRoleArn: role,
    deletionProtection: optionalBoolean(input.deletionProtection) ?? g.deletionProtection,
    configuration: { hostSharedAlb },
    propagateTags: optionalEnum(input.propagateTags, 'propagateTags', ['NONE', 'GATEWAY'] as const) ?? g.propagateTags,
    updatedAt: ctx.now,
    updateRequestedAt: ctx.now,
  });
  return { gatewayArn: g.arn, name: g.name, status: 'UPDATE_IN_PROGRESS' };
}
