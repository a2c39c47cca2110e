import type { OperationContext } from '../../context.js';
import { EcsServiceError, invalidParameter, serviceNotFound } from '../../errors.js';
import { parseArn } from '../../model/arn.js';
import type { ExpressServiceRecord } from '../../model/express-gateway-service.js';
import { resourceNotFound } from '../../model/resource.js';
import { serviceStatusAt, type ServiceRecord } from '../../model/service.js';

/**
 * The Express service a `serviceArn` names. Describe answers ResourceNotFoundException for one it
 * does not know; Update and Delete answer ServiceNotFoundException (each operation's documented
 * errors). `active` refuses a deleted one with ServiceNotActiveException and the sentences the
 * Terraform provider matches for it ("Service is in DRAINING status", "Cannot perform this operation
 * on a service in INACTIVE status" [REAL fragments]).
 */
export function findExpressService(
  ctx: OperationContext,
  arn: string | undefined,
  mode: 'describe' | 'change',
): { svc: ServiceRecord; rec: ExpressServiceRecord } {
  if (arn === undefined || arn === '') throw invalidParameter('ServiceArn can not be blank.');
  const p = parseArn(arn);
  if (!p || p.service !== 'ecs' || p.resourceType !== 'service') throw invalidParameter(`Invalid service ARN: ${arn}`);
  const svc = ctx.store.services.get(arn);
  const rec = ctx.store.expressServices.get(arn);
  if (!svc || !rec) throw mode === 'describe' ? resourceNotFound() : serviceNotFound();
  if (mode === 'change') {
    const status = serviceStatusAt(ctx, svc);
    if (status === 'DRAINING') throw notActive('Service is in DRAINING status');
    if (status === 'INACTIVE') throw notActive('Cannot perform this operation on a service in INACTIVE status');
  }
  return { svc, rec };
}

const notActive = (message: string) => new EcsServiceError('ServiceNotActiveException', message);
