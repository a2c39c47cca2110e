import type { UpdateCapacityProviderRequest, UpdateCapacityProviderResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import {
  checkManagedScaling,
  FARGATE_PROVIDERS,
  renderCapacityProvider,
  requireCapacityProvider,
  withScalingDefaults,
  type CapacityProviderRecord,
} from '../../model/capacity-providers/capacity-provider.js';

/**
 * Changes managed scaling, termination protection or draining; "These changes only apply to new …
 * EC2 instances, not existing ones", and as no Auto Scaling group is scaled, they are data. The
 * update completes at once (`updateStatus: UPDATE_COMPLETE`).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateCapacityProvider.html
 */
export function updateCapacityProvider(input: UpdateCapacityProviderRequest, ctx: OperationContext): UpdateCapacityProviderResponse {
  if (input.name && FARGATE_PROVIDERS.has(input.name)) {
    throw invalidParameter(`The ${input.name} capacity provider is reserved and cannot be updated.`); // [GUESS]
  }
  const cp = requireCapacityProvider(ctx, input.name);
  const change = input.autoScalingGroupProvider;
  if (input.managedInstancesProvider) throw invalidParameter('Amazon ECS Managed Instances capacity providers are not supported by this emulator.');
  if (!change) throw invalidParameter('autoScalingGroupProvider can not be blank.'); // [GUESS]
  checkManagedScaling(change.managedScaling);
  const was = cp.autoScalingGroupProvider;
  const updated: CapacityProviderRecord = {
    ...cp,
    autoScalingGroupProvider: {
      ...was,
      managedScaling: change.managedScaling ? withScalingDefaults({ ...was.managedScaling, ...change.managedScaling }) : was.managedScaling,
      managedTerminationProtection: change.managedTerminationProtection ?? was.managedTerminationProtection,
      managedDraining: change.managedDraining ?? was.managedDraining,
    },
    updateStatus: 'UPDATE_COMPLETE',
    updateStatusReason: undefined,
  };
  ctx.tx.set(ctx.store.capacityProviders, cp.name, updated);
  return { capacityProvider: renderCapacityProvider(ctx, updated) };
}
