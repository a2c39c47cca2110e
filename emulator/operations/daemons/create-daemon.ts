import type { CreateDaemonRequest, CreateDaemonResponse, Tag } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { daemonArn } from '../../model/arn.js';
import { activeCluster } from '../../model/cluster.js';
import { isGone } from '../../model/daemon-lifecycle.js';
import { daemonSettings, newDeployment, newRevision } from '../../model/daemon-rollout.js';
import type { DaemonRecord } from '../../model/daemon-state.js';
import { daemonTaskDefinitionStatus, findDaemonTaskDefinition } from '../../model/daemon-task-definition.js';
import { optionalObjectList, optionalString, requiredString } from '../../model/input-checks.js';
import { mergeTags, validateTags } from '../../model/tags.js';

const NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * Creates a daemon in a cluster (the `default` one when `clusterArn` is absent) for the given capacity
 * providers, with its first revision and deployment. The daemon is ACTIVE at once (the DaemonActive
 * waiter's first poll succeeds); its deployment moves PENDING → IN_PROGRESS → SUCCESSFUL on the clock.
 * A repeated call with the same `clientToken` returns the same daemon. Refusal texts are [GUESS]es
 * (docs/ecs-error-messages.md §20).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateDaemon.html
 */
export function createDaemon(input: CreateDaemonRequest, ctx: OperationContext): CreateDaemonResponse {
  const name = requiredString(input.daemonName, 'daemonName');
  if (!NAME_RE.test(name)) {
    throw invalidParameter('Daemon name must be between 1 and 255 characters long and contain only letters (uppercase and lowercase), numbers, hyphens, and underscores.');
  }
  const tdRef = requiredString(input.daemonTaskDefinitionArn, 'daemonTaskDefinitionArn');
  const cluster = activeCluster(ctx, optionalString(input.clusterArn));
  const settings = daemonSettings(ctx, input);
  const tags = optionalObjectList<Tag>(input.tags);
  validateTags(tags);
  const clientToken = optionalString(input.clientToken);
  const arn = daemonArn(ctx, cluster.name, name);
  const existing = ctx.store.daemons.daemons.get(arn);
  if (existing && !isGone(ctx, existing)) {
    if (clientToken !== undefined && existing.clientToken === clientToken) {
      return { daemonArn: existing.arn, status: 'ACTIVE', createdAt: new Date(existing.createdAt), deploymentArn: existing.deploymentArns.at(-1)! };
    }
    throw invalidParameter(`A daemon named ${name} already exists in the cluster ${cluster.name}.`);
  }
  const td = findDaemonTaskDefinition(ctx, tdRef);
  if (daemonTaskDefinitionStatus(ctx, td) !== 'ACTIVE') {
    throw invalidParameter('The daemon task definition is not ACTIVE. Specify an ACTIVE daemon task definition.');
  }
  const identity = { arn, name, clusterName: cluster.name, clusterArn: cluster.arn };
  const revision = newRevision(ctx, identity, td, settings);
  const deployment = newDeployment(ctx, identity, revision, settings.deploymentConfiguration);
  const daemon: DaemonRecord = {
    ...identity,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    deploymentArns: [deployment.arn],
    revisionArn: revision.arn,
    clientToken,
  };
  ctx.tx.set(ctx.store.daemons.daemons, arn, daemon);
  if (existing) ctx.tx.delete(ctx.store.tags, arn);
  mergeTags(ctx, arn, tags);
  return { daemonArn: arn, status: 'ACTIVE', createdAt: new Date(ctx.now), deploymentArn: deployment.arn };
}
