import type { OperationHandler } from '../../context.js';
import { continueServiceDeployment } from './continue-service-deployment.js';
import { describeServiceDeployments } from './describe-service-deployments.js';
import { describeServiceRevisions } from './describe-service-revisions.js';
import { listServiceDeployments } from './list-service-deployments.js';
import { stopServiceDeployment } from './stop-service-deployment.js';

/** Service deployments and the service revisions they deploy, by API name. */
export const SERVICE_DEPLOYMENTS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  ContinueServiceDeployment: continueServiceDeployment,
  DescribeServiceDeployments: describeServiceDeployments,
  DescribeServiceRevisions: describeServiceRevisions,
  ListServiceDeployments: listServiceDeployments,
  StopServiceDeployment: stopServiceDeployment,
};
