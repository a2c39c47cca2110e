import type { OperationHandler } from '../../context.js';
import { createExpressGatewayService } from './create-express-gateway-service.js';
import { deleteExpressGatewayService } from './delete-express-gateway-service.js';
import { describeExpressGatewayService } from './describe-express-gateway-service.js';
import { updateExpressGatewayService } from './update-express-gateway-service.js';

/** Express Gateway service operations (ECS Express Mode), by API name. */
export const EXPRESS_GATEWAY_SERVICES_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateExpressGatewayService: createExpressGatewayService,
  DeleteExpressGatewayService: deleteExpressGatewayService,
  DescribeExpressGatewayService: describeExpressGatewayService,
  UpdateExpressGatewayService: updateExpressGatewayService,
};
