import type {
  CreatedAt,
  DaemonDeploymentStatus,
  DaemonDeploymentSummary,
  ListDaemonDeploymentsRequest,
  ListDaemonDeploymentsResponse,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { deploymentAt, renderDeploymentSummary } from '../../model/daemon-lifecycle.js';
import { optionalInteger, optionalObject, optionalString, optionalStringList, requiredString } from '../../model/input-checks.js';
import { paginate } from '../../model/pagination.js';

const STATUSES: readonly DaemonDeploymentStatus[] = [
  'PENDING', 'SUCCESSFUL', 'STOPPED', 'STOP_REQUESTED', 'IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED',
];

const millis = (v: unknown): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.getTime();
  // On the wire a timestamp is epoch seconds (awsJson1.1).
  if (typeof v === 'number') return v * 1000;
  throw invalidParameter('createdAt must hold timestamps.');
};

/**
 * The deployments of a daemon, newest first, filtered by status and by `createdAt` {after, before};
 * pages of up to 100. The API lists no DaemonNotFoundException for this operation: a daemon that
 * does not exist has no deployments [INFER].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListDaemonDeployments.html
 */
export function listDaemonDeployments(input: ListDaemonDeploymentsRequest, ctx: OperationContext): ListDaemonDeploymentsResponse {
  const daemonArn = requiredString(input.daemonArn, 'daemonArn');
  const statuses = optionalStringList(input.status, 8);
  for (const s of statuses ?? []) {
    if (!(STATUSES as readonly string[]).includes(s)) throw invalidParameter(`status should be one of [${STATUSES.join(',')}]`);
  }
  const createdAt = optionalObject<CreatedAt>(input.createdAt);
  const after = millis(createdAt?.after);
  const before = millis(createdAt?.before);
  const maxResults = optionalInteger(input.maxResults);
  const nextToken = optionalString(input.nextToken);
  const daemon = ctx.store.daemons.daemons.get(daemonArn);
  const summaries: DaemonDeploymentSummary[] = [];
  for (const arn of daemon?.deploymentArns ?? []) {
    const d = ctx.store.daemons.deployments.get(arn)!;
    if (after !== undefined && d.createdAt < after) continue;
    if (before !== undefined && d.createdAt > before) continue;
    if (statuses?.length && !statuses.includes(deploymentAt(ctx, d).status)) continue;
    summaries.push(renderDeploymentSummary(ctx, d));
  }
  const { page, nextToken: next } = paginate(summaries, { maxResults, nextToken }, `ListDaemonDeployments/${daemonArn}`, 100, 100);
  return next ? { daemonDeployments: page, nextToken: next } : { daemonDeployments: page };
}
