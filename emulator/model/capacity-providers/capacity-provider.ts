import type {
  AutoScalingGroupProvider,
  CapacityProvider,
  CapacityProviderUpdateStatus,
  ManagedScaling,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clientException, invalidParameter } from '../../errors.js';
import { capacityProviderArn, parseArn } from '../arn.js';
import { tagsOf } from '../tags.js';

/**
 * An Auto Scaling group capacity provider. Managed scaling, termination protection and draining are
 * kept as data: no Auto Scaling group is scaled (there is none), but every setting round-trips.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProvider.html
 */
export interface CapacityProviderRecord {
  readonly name: string;
  readonly arn: string;
  /** ACTIVE until deleted, then INACTIVE (still describable by name). */
  readonly status: 'ACTIVE' | 'INACTIVE';
  readonly autoScalingGroupProvider: AutoScalingGroupProvider;
  readonly updateStatus?: CapacityProviderUpdateStatus | undefined;
  readonly updateStatusReason?: string | undefined;
}

/** AWS's own capacity providers: always there, never created, updated or deleted. */
export const FARGATE_PROVIDERS: ReadonlySet<string> = new Set(['FARGATE', 'FARGATE_SPOT']);

/**
 * Defaults ECS fills in (API_ManagedScaling: target 100 %, step sizes 1 and 10,000, warm-up 300 s;
 * API_AutoScalingGroupProvider: termination protection off). Managed draining is on unless turned
 * off, as the developer guide's "managed instance draining" page says for new capacity providers. [INFER]
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ManagedScaling.html
 */
export function withScalingDefaults(given: ManagedScaling | undefined): ManagedScaling {
  return {
    status: given?.status ?? 'DISABLED',
    targetCapacity: given?.targetCapacity ?? 100,
    minimumScalingStepSize: given?.minimumScalingStepSize ?? 1,
    maximumScalingStepSize: given?.maximumScalingStepSize ?? 10000,
    instanceWarmupPeriod: given?.instanceWarmupPeriod ?? 300,
  };
}

export function checkManagedScaling(s: ManagedScaling | undefined): void {
  if (!s) return;
  const min = s.minimumScalingStepSize;
  const max = s.maximumScalingStepSize;
  if (min !== undefined && max !== undefined && min > max) {
    // [GUESS] text (docs/ecs-error-messages.md §24).
    throw invalidParameter('The minimumScalingStepSize must be less than or equal to the maximumScalingStepSize.');
  }
}

const NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * "The name can't be prefixed with "aws", "ecs", or "fargate"" (API_CreateCapacityProvider). The
 * texts are [GUESS] (docs/ecs-error-messages.md §24).
 */
export function validateCapacityProviderName(name: string | undefined): string {
  if (name === undefined || name === '') throw invalidParameter('Capacity provider name can not be blank.');
  if (!NAME_RE.test(name)) {
    throw invalidParameter('Capacity provider name must be 1-255 characters: letters, numbers, underscores and hyphens.');
  }
  if (/^(aws|ecs|fargate)/i.test(name)) {
    throw invalidParameter('The capacity provider name cannot be prefixed with "aws", "ecs", or "fargate".');
  }
  return name;
}

/** The name a `capacityProvider` member means: a short name or a capacity-provider ARN. */
export function capacityProviderNameOf(ref: string): string {
  if (!ref.startsWith('arn:')) return ref;
  const p = parseArn(ref);
  if (!p || p.resourceType !== 'capacity-provider') throw invalidParameter('Invalid capacity provider ARN.');
  return p.resource;
}

/** An ACTIVE provider of the caller's account and region, FARGATE and FARGATE_SPOT included. */
export function isActiveProvider(ctx: OperationContext, name: string): boolean {
  if (FARGATE_PROVIDERS.has(name)) return true;
  return ctx.store.capacityProviders.get(name)?.status === 'ACTIVE';
}

export function requireCapacityProvider(ctx: OperationContext, ref: string | undefined): CapacityProviderRecord {
  if (ref === undefined || ref === '') throw invalidParameter('Capacity provider can not be blank.');
  const name = capacityProviderNameOf(ref);
  const cp = ctx.store.capacityProviders.get(name);
  // [GUESS] text (docs/ecs-error-messages.md §24).
  if (!cp || cp.status !== 'ACTIVE') throw clientException(`The specified capacity provider ${name} does not exist. Specify a valid capacity provider and try again.`);
  return cp;
}

export function renderCapacityProvider(ctx: OperationContext, cp: CapacityProviderRecord, includeTags = true): CapacityProvider {
  const out: CapacityProvider = {
    capacityProviderArn: cp.arn,
    name: cp.name,
    status: cp.status,
    autoScalingGroupProvider: cp.autoScalingGroupProvider,
    type: 'EC2_AUTOSCALING',
  };
  if (cp.updateStatus) out.updateStatus = cp.updateStatus;
  if (cp.updateStatusReason) out.updateStatusReason = cp.updateStatusReason;
  if (includeTags) out.tags = tagsOf(ctx, cp.arn);
  return out;
}

/** FARGATE / FARGATE_SPOT as DescribeCapacityProviders lists them. */
export function renderFargateProvider(ctx: OperationContext, name: string): CapacityProvider {
  return { capacityProviderArn: capacityProviderArn(ctx, name), name, status: 'ACTIVE', tags: [], type: name as 'FARGATE' | 'FARGATE_SPOT' };
}
