import type { HostSharedAlbConfiguration } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import { optionalEnum, optionalInteger, optionalObject, optionalString, optionalStringList } from './input-checks.js';

const ROLE_RE = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/.+$/;

/** An IAM role ARN of the caller's account ([GUESS] texts). */
export function checkRoleArn(ctx: OperationContext, arn: string): string {
  const m = ROLE_RE.exec(arn);
  if (!m) throw invalidParameter(`Invalid infrastructure role ARN: ${arn}`);
  if (m[2] !== ctx.accountId) throw invalidParameter('The infrastructure role must belong to the account of the gateway.');
  return arn;
}

/**
 * A hostSharedAlb configuration's types and values: HTTPS on 443 only ("The gateway supports only HTTPS
 * at port 443"), enum members, at least one load balancer. `create` allows the members only
 * CreateGateway takes (subnets, scheme, IP address type, port, protocol). Texts are [GUESS]es in the
 * model's `<member> should be one of [...]` form.
 */
export function checkAlbConfiguration(c: HostSharedAlbConfiguration, create: boolean): HostSharedAlbConfiguration {
  const net = optionalObject<NonNullable<HostSharedAlbConfiguration['networkConfiguration']>>(c.networkConfiguration);
  optionalString(net?.inboundSecurityGroup);
  if (create) {
    optionalStringList(net?.subnets, 20);
    optionalEnum(net?.ipAddressType, 'ipAddressType', ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'] as const);
    optionalEnum(c.scheme, 'scheme', ['internet-facing', 'internal'] as const);
    const port = optionalInteger(c.port);
    if (port !== undefined && port !== 443) throw invalidParameter('The gateway supports only HTTPS at port 443.');
    const protocol = optionalEnum(c.protocol, 'protocol', ['HTTP', 'HTTPS'] as const);
    if (protocol !== undefined && protocol !== 'HTTPS') throw invalidParameter('The gateway supports only HTTPS at port 443.');
  }
  const max = optionalInteger(c.maxAlbCount);
  if (max !== undefined && (max < 1 || max > 100)) throw invalidParameter('maxAlbCount must be between 1 and 100');
  optionalEnum(c.httpDesync, 'httpDesync', ['monitor', 'defensive', 'strictest'] as const);
  optionalString(c.webACLArn);
  optionalObject(c.accessLogs);
  optionalObject(c.testTrafficRules);
  return c;
}
