import type { OperationHandler } from '../../context.js';
import { associateGatewayWithCluster } from './associate-gateway-with-cluster.js';
import { createGateway } from './create-gateway.js';
import { deleteGateway } from './delete-gateway.js';
import { describeGateway } from './describe-gateway.js';
import { describeGatewayResources } from './describe-gateway-resources.js';
import { describeGatewayRoute } from './describe-gateway-route.js';
import { disassociateGatewayFromCluster } from './disassociate-gateway-from-cluster.js';
import { listGatewayClusterAssociations } from './list-gateway-cluster-associations.js';
import { listGatewayRoutes } from './list-gateway-routes.js';
import { listGateways } from './list-gateways.js';
import { updateGateway } from './update-gateway.js';

/** Gateway operations (gateways, their cluster associations and routes), by API name. */
export const GATEWAYS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  AssociateGatewayWithCluster: associateGatewayWithCluster,
  CreateGateway: createGateway,
  DeleteGateway: deleteGateway,
  DescribeGateway: describeGateway,
  DescribeGatewayResources: describeGatewayResources,
  DescribeGatewayRoute: describeGatewayRoute,
  DisassociateGatewayFromCluster: disassociateGatewayFromCluster,
  ListGatewayClusterAssociations: listGatewayClusterAssociations,
  ListGatewayRoutes: listGatewayRoutes,
  ListGateways: listGateways,
  UpdateGateway: updateGateway,
};
