import type { CreateGatewayRequest, CreateGatewayResponse, GatewayConfiguration, HostSharedAlbConfiguration, Tag } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { gatewayArn } from '../../model/arn.js';
import { withDefaults } from '../../model/gateway-lifecycle.js';
import type { GatewayRecord } from '../../model/gateway-state.js';
import { checkAlbConfiguration, checkRoleArn } from '../../model/gateway-input.js';
import { optionalBoolean, optionalEnum, optionalObject, optionalObjectList, optionalString, requiredString } from '../../model/input-checks.js';
import { mergeTags, validateTags } from '../../model/tags.js';

const NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * Creates a gateway, ACTIVE at once; its load balancers appear only when a service uses it. Deletion
 * protection is on and tags propagate unless the request says otherwise (the API Reference's
 * defaults). The name is unique in the account and Region; a repeated `clientToken` returns the
 * gateway it created. Refusal texts are [GUESS]es (docs/ecs-error-messages.md §21).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateGateway.html
 */
export function createGateway(input: CreateGatewayRequest, ctx: OperationContext): CreateGatewayResponse {
  const name = requiredString(input.name, 'name');
  if (!NAME_RE.test(name)) {
    throw invalidParameter('Gateway name must be between 1 and 255 characters long and contain only letters (uppercase and lowercase), numbers, hyphens, and underscores.');
  }
  const infrastructureRoleArn = checkRoleArn(ctx, requiredString(input.infrastructureRoleArn, 'infrastructureRoleArn'));
  const clientToken = optionalString(input.clientToken);
  const config = optionalObject<GatewayConfiguration>(input.configuration);
  if (!config) throw invalidParameter('Configuration can not be blank.');
  // A union: "Exactly one configuration variant must be set, and it determines the gateway type."
  const variants = Object.keys(config).filter((k) => (config as unknown as Record<string, unknown>)[k] !== undefined);
  if (variants.length !== 1) throw invalidParameter('configuration must set exactly one member.');
  if (variants[0] !== 'hostSharedAlb') throw invalidParameter(`Unsupported gateway configuration: ${variants[0]}`);
  const alb = checkAlbConfiguration(optionalObject<HostSharedAlbConfiguration>(config.hostSharedAlb) ?? {}, true);
  const tags = optionalObjectList<Tag>(input.tags);
  validateTags(tags);
  for (const g of ctx.store.gateways.gateways.values()) {
    if (g.name !== name) continue;
    if (clientToken !== undefined && g.clientToken === clientToken) return { gatewayArn: g.arn, name, status: 'ACTIVE' };
    throw invalidParameter(`A gateway named ${name} already exists.`);
  }
  const id = ctx.ids.hex(32);
  const record: GatewayRecord = {
    arn: gatewayArn(ctx, name, id),
    name,
    id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    infrastructureRoleArn,
    deletionProtection: optionalBoolean(input.deletionProtection) ?? true,
    configuration: { hostSharedAlb: withDefaults(alb) },
    propagateTags: optionalEnum(input.propagateTags, 'propagateTags', ['NONE', 'GATEWAY'] as const) ?? 'GATEWAY',
    clientToken,
  };
  ctx.tx.set(ctx.store.gateways.gateways, record.arn, record);
  mergeTags(ctx, record.arn, tags);
  return { gatewayArn: record.arn, name, status: 'ACTIVE' };
}
