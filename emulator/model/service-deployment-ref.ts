import type { OperationContext } from '../context.js';
import { parseArn } from './arn.js';
import { serviceArn } from './arn.js';
import { EcsServiceError } from '../errors.js';
import type { ServiceRecord } from './service.js';
import type { ServiceDeploymentRecord } from './service-deployment-record.js';

/**
 * Service deployment and service revision ARNs name their cluster and service:
 * `service-deployment/<cluster>/<service>/<id>`, `service-revision/<cluster>/<service>/<digits>`.
 */
export function parseServiceChildArn(
  ctx: Pick<OperationContext, 'accountId' | 'region'>,
  arn: string,
  type: 'service-deployment' | 'service-revision',
): { clusterName: string; serviceName: string; id: string } | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== 'ecs' || p.resourceType !== type) return undefined;
  if (p.accountId !== ctx.accountId || p.region !== ctx.region) return undefined;
  const parts = p.resource.split('/');
  if (parts.length !== 3 || parts.some((x) => x === '')) return undefined;
  return { clusterName: parts[0]!, serviceName: parts[1]!, id: parts[2]! };
}

/** The service an ARN of one of its children names, if it exists in the caller's account and region. */
export function serviceOfChild(ctx: OperationContext, ref: { clusterName: string; serviceName: string }): ServiceRecord | undefined {
  return ctx.store.services.get(serviceArn(ctx, ref.clusterName, ref.serviceName));
}

/** The service deployment an ARN names, with its service; undefined if there is none. */
export function findServiceDeployment(ctx: OperationContext, arn: string): { svc: ServiceRecord; sd: ServiceDeploymentRecord } | undefined {
  const ref = parseServiceChildArn(ctx, arn, 'service-deployment');
  const svc = ref && serviceOfChild(ctx, ref);
  const sd = svc?.serviceDeployments.find((d) => d.arn === arn);
  return svc && sd ? { svc, sd } : undefined;
}

/**
 * "The service deploy ARN that you specified in the ContinueServiceDeployment doesn't exist."
 * (the exception's description in the API Reference). [GUESS] wire text, in the pattern of
 * "Service not found." (docs/ecs-error-messages.md §25).
 */
export const serviceDeploymentNotFound = () => new EcsServiceError('ServiceDeploymentNotFoundException', 'Service deployment not found.');
