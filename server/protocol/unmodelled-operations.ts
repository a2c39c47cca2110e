/**
 * ECS operations of the current API (`@aws-sdk/client-ecs` 3.1164) that the frozen aws-sdk v2 model in
 * models/ does not have: the daemon, Express Gateway service and gateway families. The server routes
 * them to the emulator without model validation (the handlers check their own inputs). A stopgap: the
 * current-model work (issue #14, "model") replaces the frozen model and this list with it.
 */
export const UNMODELLED_ECS_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateDaemon',
  'DeleteDaemon',
  'DeleteDaemonTaskDefinition',
  'DescribeDaemon',
  'DescribeDaemonDeployments',
  'DescribeDaemonRevisions',
  'DescribeDaemonTaskDefinition',
  'ListDaemonDeployments',
  'ListDaemonTaskDefinitions',
  'ListDaemons',
  'RegisterDaemonTaskDefinition',
  'UpdateDaemon',
  'CreateExpressGatewayService',
  'DeleteExpressGatewayService',
  'DescribeExpressGatewayService',
  'UpdateExpressGatewayService',
  'AssociateGatewayWithCluster',
  'CreateGateway',
  'DeleteGateway',
  'DescribeGateway',
  'DescribeGatewayResources',
  'DescribeGatewayRoute',
  'DisassociateGatewayFromCluster',
  'ListGatewayClusterAssociations',
  'ListGatewayRoutes',
  'ListGateways',
  'UpdateGateway',
]);
