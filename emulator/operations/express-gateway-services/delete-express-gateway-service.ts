import type { DeleteExpressGatewayServiceRequest, DeleteExpressGatewayServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { renderExpressService } from '../../model/express-gateway-service.js';
import { deleteService } from '../services/delete-service.js';
import { findExpressService } from './find-express-service.js';

/**
 * Deletes an ACTIVE Express service: its ECS service is deleted with `force` (DRAINING while its tasks
 * stop, then INACTIVE, which the Terraform provider waits for); the task definition stays.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteExpressGatewayService.html
 */
export function deleteExpressGatewayService(
  input: DeleteExpressGatewayServiceRequest,
  ctx: OperationContext,
): DeleteExpressGatewayServiceResponse {
  const { svc, rec } = findExpressService(ctx, input.serviceArn, 'change');
  deleteService({ cluster: svc.clusterName, service: svc.name, force: true }, ctx);
  return { service: renderExpressService(ctx, ctx.store.services.get(svc.arn)!, rec, false) };
}
