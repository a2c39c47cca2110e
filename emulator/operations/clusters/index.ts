import type { OperationHandler } from '../../context.js';
import { createCluster } from './create-cluster.js';
import { deleteCluster } from './delete-cluster.js';
import { describeClusters } from './describe-clusters.js';
import { listClusters } from './list-clusters.js';
import { putClusterCapacityProviders } from './put-cluster-capacity-providers.js';
import { updateCluster } from './update-cluster.js';
import { updateClusterSettings } from './update-cluster-settings.js';

/** Cluster operations, by API name. */
export const CLUSTERS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateCluster: createCluster,
  DeleteCluster: deleteCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  PutClusterCapacityProviders: putClusterCapacityProviders,
  UpdateCluster: updateCluster,
  UpdateClusterSettings: updateClusterSettings,
};
