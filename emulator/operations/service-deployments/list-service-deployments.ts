import type { ListServiceDeploymentsRequest, ListServiceDeploymentsResponse, ServiceDeploymentStatus } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { existingService } from '../../model/service.js';
import { paginate } from '../../model/pagination.js';
import { optionalString, requiredString } from '../../model/deployment-request-checks.js';
import { serviceDeploymentStatusAt } from '../../model/service-deployment-record.js';
import { renderServiceDeploymentBrief } from '../../model/service-deployment-render.js';
import { keepDesiredCount } from '../../lifecycle/service-upkeep.js';

const STATUSES: readonly ServiceDeploymentStatus[] = [
  'PENDING', 'SUCCESSFUL', 'STOPPED', 'STOP_REQUESTED', 'IN_PROGRESS',
  'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED',
];

/**
 * A service's service deployments, newest first, filtered by status and by creation time (both
 * bounds inclusive: Terraform's `wait_for_steady_state` asks for those created after the moment it
 * sent the call, and must find the one that call made). 20 per page unless maxResults (1..100) says
 * otherwise. CODE_DEPLOY and EXTERNAL services have none: their deployments are task sets. [INFER]
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
 */
export function listServiceDeployments(input: ListServiceDeploymentsRequest, ctx: OperationContext): ListServiceDeploymentsResponse {
  const service = requiredString(input.service, 'Service can not be blank.');
  optionalString(input.nextToken, 'nextToken');
  if (input.maxResults !== undefined && typeof input.maxResults !== 'number') throw invalidParameter('maxResults must be between 1 and 100');
  if (input.createdAt !== undefined && (typeof input.createdAt !== 'object' || Array.isArray(input.createdAt))) {
    throw invalidParameter('createdAt must be a structure with after and before.');
  }
  const cluster = activeCluster(ctx, optionalString(input.cluster, 'cluster'));
  const svc = keepDesiredCount(ctx, cluster, existingService(ctx, cluster.name, service));
  const statuses = input.status;
  if (statuses !== undefined) {
    if (!Array.isArray(statuses)) throw invalidParameter('status must be a list.');
    for (const s of statuses) if (!STATUSES.includes(s)) throw invalidParameter(`status should be one of [${STATUSES.join(',')}]`);
  }
  const after = timeOf(input.createdAt?.after, 'after');
  const before = timeOf(input.createdAt?.before, 'before');
  const matching = svc.serviceDeployments.filter((sd) => {
    if (after !== undefined && sd.createdAt < after) return false;
    if (before !== undefined && sd.createdAt > before) return false;
    return !statuses?.length || statuses.includes(serviceDeploymentStatusAt(sd, ctx.now).status);
  });
  const { page, nextToken } = paginate(matching, input, 'ListServiceDeployments', 20, 100);
  const serviceDeployments = ctx.discardOutput ? [] : page.map((sd) => renderServiceDeploymentBrief(ctx, svc, sd));
  return nextToken ? { serviceDeployments, nextToken } : { serviceDeployments };
}

/** A timestamp member: the server's JSON has epoch seconds, an in-process caller may pass a Date. */
function timeOf(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' && Number.isFinite(v)) return v * 1000;
  // [GUESS] text, as Coral words a type mismatch.
  throw invalidParameter(`createdAt.${name} must be a timestamp.`);
}
