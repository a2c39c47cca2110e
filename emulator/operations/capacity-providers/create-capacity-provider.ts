import type { CreateCapacityProviderRequest, CreateCapacityProviderResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clientException, invalidParameter } from '../../errors.js';
import { capacityProviderArn } from '../../model/arn.js';
import {
  checkManagedScaling,
  renderCapacityProvider,
  validateCapacityProviderName,
  withScalingDefaults,
  type CapacityProviderRecord,
} from '../../model/capacity-providers/capacity-provider.js';
import { mergeTags, validateTags } from '../../model/tags.js';

/**
 * An Auto Scaling group capacity provider, ACTIVE at once, with ECS's defaults filled in. A name in
 * use is "The specified capacity provider already exists. To change the configuration of an existing
 * capacity provider, update the capacity provider." [GUESS: recalled from Terraform provider threads,
 * not found here], as is an Auto Scaling group another provider uses [GUESS]. Amazon ECS Managed Instances providers
 * (`managedInstancesProvider`) are not emulated.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
 */
export function createCapacityProvider(input: CreateCapacityProviderRequest, ctx: OperationContext): CreateCapacityProviderResponse {
  const name = validateCapacityProviderName(input.name);
  validateTags(input.tags);
  if (input.managedInstancesProvider) {
    throw invalidParameter('Amazon ECS Managed Instances capacity providers are not supported by this emulator.');
  }
  const asg = input.autoScalingGroupProvider;
  if (!asg?.autoScalingGroupArn) throw invalidParameter('autoScalingGroupProvider.autoScalingGroupArn can not be blank.');
  checkManagedScaling(asg.managedScaling);
  const existing = ctx.store.capacityProviders.get(name);
  if (existing && existing.status === 'ACTIVE') {
    throw clientException('The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.');
  }
  for (const cp of ctx.store.capacityProviders.values()) {
    if (cp.status === 'ACTIVE' && cp.autoScalingGroupProvider.autoScalingGroupArn === asg.autoScalingGroupArn) {
      throw clientException('The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.');
    }
  }
  const managedScaling = withScalingDefaults(asg.managedScaling);
  if (asg.managedTerminationProtection === 'ENABLED' && managedScaling.status !== 'ENABLED') {
    // "When using managed termination protection, managed scaling must also be used" (API_AutoScalingGroupProvider). [GUESS] text.
    throw invalidParameter('The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, the capacity provider must also have managed scaling enabled.');
  }
  const cp: CapacityProviderRecord = {
    name,
    arn: capacityProviderArn(ctx, name),
    status: 'ACTIVE',
    autoScalingGroupProvider: {
      autoScalingGroupArn: asg.autoScalingGroupArn,
      managedScaling,
      managedTerminationProtection: asg.managedTerminationProtection ?? 'DISABLED',
      managedDraining: asg.managedDraining ?? 'ENABLED',
    },
  };
  ctx.tx.set(ctx.store.capacityProviders, name, cp);
  if (existing) ctx.tx.delete(ctx.store.tags, cp.arn);
  mergeTags(ctx, cp.arn, input.tags);
  return { capacityProvider: renderCapacityProvider(ctx, cp) };
}
