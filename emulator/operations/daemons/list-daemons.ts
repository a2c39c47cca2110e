import type { DaemonSummary, ListDaemonsRequest, ListDaemonsResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { isGone, renderDaemonSummary } from '../../model/daemon-lifecycle.js';
import { optionalInteger, optionalString, optionalStringList } from '../../model/input-checks.js';
import { paginate } from '../../model/pagination.js';

/**
 * The daemons of a cluster (`default` when `clusterArn` is absent), optionally only those on given
 * capacity providers; pages of up to 100, oldest first.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListDaemons.html
 */
export function listDaemons(input: ListDaemonsRequest, ctx: OperationContext): ListDaemonsResponse {
  const cluster = activeCluster(ctx, optionalString(input.clusterArn));
  const cps = optionalStringList(input.capacityProviderArns, 100);
  const maxResults = optionalInteger(input.maxResults);
  const nextToken = optionalString(input.nextToken);
  const matches: DaemonSummary[] = [];
  for (const d of ctx.store.daemons.daemons.values()) {
    if (d.clusterName !== cluster.name || isGone(ctx, d)) continue;
    if (cps?.length) {
      const on = ctx.store.daemons.revisions.get(d.revisionArn)?.capacityProviderArns ?? [];
      if (!cps.some((cp) => on.includes(cp))) continue;
    }
    matches.push(renderDaemonSummary(d));
  }
  matches.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
  const { page, nextToken: next } = paginate(matches, { maxResults, nextToken }, `ListDaemons/${cluster.name}`, 100, 100);
  return next ? { daemonSummariesList: page, nextToken: next } : { daemonSummariesList: page };
}
