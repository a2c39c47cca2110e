import type { OperationContext } from '../context.js';
import { clusterNameOf, parseArn } from './arn.js';
import { invalidParameter, EcsServiceError } from '../errors.js';

/**
 * The taggable resource an ARN names, checked to exist in the caller's account and region.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html
 */
export function requireTaggableResource(ctx: OperationContext, resourceArn: string | undefined): string {
  const arn = resourceArn ?? '';
  const p = parseArn(arn);
  if (!p || p.service !== 'ecs') throw invalidParameter('Invalid identifier: Unexpected number of separators');
  if (p.region !== ctx.region || p.accountId !== ctx.accountId) throw resourceNotFound();
  switch (p.resourceType) {
    case 'cluster': {
      const cluster = ctx.store.clusters.get(clusterNameOf(arn));
      if (!cluster) throw resourceNotFound();
      if (cluster.status !== 'ACTIVE') {
        throw invalidParameter('The specified cluster is inactive. Specify an active cluster and try again.');
      }
      return cluster.arn;
    }
    case 'service': {
      const svc = ctx.store.services.get(arn);
      if (!svc) throw resourceNotFound();
      return svc.arn;
    }
    case 'task': {
      const task = ctx.store.tasks.get(arn);
      if (!task) throw resourceNotFound();
      return task.arn;
    }
    case 'task-definition': {
      const colon = p.resource.lastIndexOf(':');
      const family = p.resource.slice(0, colon);
      const rev = Number(p.resource.slice(colon + 1));
      const td = ctx.store.taskDefinitions.get(family)?.[rev - 1];
      if (colon < 0 || !td) throw resourceNotFound();
      return td.arn;
    }
    case 'task-set': {
      // task-set/<cluster>/<service>/ecs-svc/<digits>: a live task set of a CODE_DEPLOY or EXTERNAL service.
      const m = /^([^/]+)\/([^/]+)\/(ecs-svc\/\d+)$/.exec(p.resource);
      const svc = m ? ctx.store.services.get(arn.slice(0, arn.indexOf(':task-set/')) + `:service/${m[1]}/${m[2]}`) : undefined;
      if (!m || !svc?.deployments.some((d) => d.taskSet && d.id === m[3])) throw resourceNotFound();
      return arn;
    }
    case 'container-instance': {
      const ci = ctx.store.containerInstances.get(arn);
      if (!ci || ci.status === 'INACTIVE') throw resourceNotFound();
      return ci.arn;
    }
    case 'capacity-provider': {
      const cp = ctx.store.capacityProviders.get(p.resource);
      if (!cp || cp.status !== 'ACTIVE') throw resourceNotFound();
      return cp.arn;
    }
    // Daemons, daemon task definitions and gateways take tags (their Create calls have `tags`).
    case 'daemon': {
      const daemon = ctx.store.daemons.daemons.get(arn);
      if (!daemon || daemon.deleteDeploymentArn) throw resourceNotFound();
      return daemon.arn;
    }
    case 'daemon-task-definition': {
      const colon = p.resource.lastIndexOf(':');
      const td = ctx.store.daemons.taskDefinitions.get(p.resource.slice(0, colon))?.[Number(p.resource.slice(colon + 1)) - 1];
      if (colon < 0 || !td) throw resourceNotFound();
      return td.arn;
    }
    case 'gateway': {
      const gateway = ctx.store.gateways.gateways.get(arn);
      if (!gateway) throw resourceNotFound();
      return gateway.arn;
    }
    default:
      throw invalidParameter('The ARN provided is not a valid resource type for tagging.');
  }
}

/** "The specified resource is not found." — the message ECS gives (seen in terraform-provider-aws threads). */
export const resourceNotFound = () =>
  new EcsServiceError('ResourceNotFoundException', 'The specified resource is not found.');
