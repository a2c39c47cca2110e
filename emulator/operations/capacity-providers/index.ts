import type { OperationHandler } from '../../context.js';
import { createCapacityProvider } from './create-capacity-provider.js';
import { deleteCapacityProvider } from './delete-capacity-provider.js';
import { describeCapacityProviders } from './describe-capacity-providers.js';
import { updateCapacityProvider } from './update-capacity-provider.js';

/** Capacity providers, by API name (associating them with a cluster is a cluster operation). */
export const CAPACITY_PROVIDERS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateCapacityProvider: createCapacityProvider,
  DeleteCapacityProvider: deleteCapacityProvider,
  DescribeCapacityProviders: describeCapacityProviders,
  UpdateCapacityProvider: updateCapacityProvider,
};
