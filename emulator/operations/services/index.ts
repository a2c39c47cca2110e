import type { OperationHandler } from '../../context.js';
import { createService } from './create-service.js';
import { deleteService } from './delete-service.js';
import { describeServices } from './describe-services.js';
import { listServices } from './list-services.js';
import { listServicesByNamespace } from './list-services-by-namespace.js';
import { updateService } from './update-service.js';

/** Service operations, by API name. */
export const SERVICES_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateService: createService,
  DeleteService: deleteService,
  DescribeServices: describeServices,
  ListServices: listServices,
  ListServicesByNamespace: listServicesByNamespace,
  UpdateService: updateService,
};
