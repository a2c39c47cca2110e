import type { OperationHandler } from '../../context.js';
import { createCluster } from './create-cluster.js';
import { deleteCluster } from './delete-cluster.js';
import { describeClusters } from './describe-clusters.js';
import { listClusters } from './list-clusters.js';

/** Cluster operations, by API name. */
export const CLUSTERS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateCluster: createCluster,
  DeleteCluster: deleteCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
};
