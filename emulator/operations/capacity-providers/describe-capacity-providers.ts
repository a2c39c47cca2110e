import type { CapacityProvider, DescribeCapacityProvidersRequest, DescribeCapacityProvidersResponse, Failure } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { capacityProviderArn } from '../../model/arn.js';
import {
  capacityProviderNameOf,
  FARGATE_PROVIDERS,
  renderCapacityProvider,
  renderFargateProvider,
} from '../../model/capacity-providers/capacity-provider.js';
import { paginate } from '../../model/pagination.js';
import { activeCluster } from '../../model/cluster.js';

/**
 * Capacity providers by name or ARN (up to 100), or all ACTIVE ones — FARGATE and FARGATE_SPOT
 * first, then the Auto Scaling group ones — 10 a page unless `maxResults` (1–10) says otherwise.
 * Unknown names are MISSING failures; deleted ones are described as INACTIVE. Tags only with
 * `include: ["TAGS"]`. With `cluster`, only the providers associated with that cluster.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeCapacityProviders.html
 */
export function describeCapacityProviders(input: DescribeCapacityProvidersRequest, ctx: OperationContext): DescribeCapacityProvidersResponse {
  const tags = input.include?.includes('TAGS') ?? false;
  const only = input.cluster !== undefined ? new Set(activeCluster(ctx, input.cluster).capacityProviders) : undefined;
  const failures: Failure[] = [];
  const all: CapacityProvider[] = [];
  if (input.capacityProviders?.length) {
    if (input.capacityProviders.length > 100) throw invalidParameter('capacityProviders can have at most 100 items.');
    for (const ref of input.capacityProviders) {
      let name: string;
      try {
        name = capacityProviderNameOf(ref);
      } catch {
        failures.push({ arn: ref, reason: 'MISSING' });
        continue;
      }
      const cp = ctx.store.capacityProviders.get(name);
      if (FARGATE_PROVIDERS.has(name)) all.push(renderFargateProvider(ctx, name));
      else if (cp) all.push(renderCapacityProvider(ctx, cp, tags));
      else failures.push({ arn: ref.startsWith('arn:') ? ref : capacityProviderArn(ctx, name), reason: 'MISSING' });
    }
  } else {
    for (const name of FARGATE_PROVIDERS) if (!only || only.has(name)) all.push(renderFargateProvider(ctx, name));
    for (const cp of ctx.store.capacityProviders.values()) {
      if (cp.status === 'ACTIVE' && (!only || only.has(cp.name))) all.push(renderCapacityProvider(ctx, cp, tags));
    }
  }
  const { page, nextToken } = paginate(all, input, 'DescribeCapacityProviders', 10, 10);
  const out: DescribeCapacityProvidersResponse = { capacityProviders: ctx.discardOutput ? [] : page, failures };
  if (nextToken) out.nextToken = nextToken;
  return out;
}
