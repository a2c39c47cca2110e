import type { UpdateDaemonRequest, UpdateDaemonResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { daemonNotActive, invalidParameter } from '../../errors.js';
import { findDaemon } from '../../model/daemon-lifecycle.js';
import { daemonSettings, newDeployment, newRevision } from '../../model/daemon-rollout.js';
import { daemonTaskDefinitionStatus, findDaemonTaskDefinition } from '../../model/daemon-task-definition.js';
import { requiredString } from '../../model/input-checks.js';

/**
 * A new revision of the daemon (task definition, capacity providers, tag and exec settings) and a
 * deployment rolling it out; a deployment still in progress is stopped. Only an ACTIVE daemon can be
 * updated (DaemonNotActiveException).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateDaemon.html
 */
export function updateDaemon(input: UpdateDaemonRequest, ctx: OperationContext): UpdateDaemonResponse {
  const daemon = findDaemon(ctx, input.daemonArn);
  const tdRef = requiredString(input.daemonTaskDefinitionArn, 'daemonTaskDefinitionArn');
  const settings = daemonSettings(ctx, input);
  if (daemon.deleteDeploymentArn) throw daemonNotActive();
  const td = findDaemonTaskDefinition(ctx, tdRef);
  if (daemonTaskDefinitionStatus(ctx, td) !== 'ACTIVE') {
    // [GUESS] text, as CreateDaemon's.
    throw invalidParameter('The daemon task definition is not ACTIVE. Specify an ACTIVE daemon task definition.');
  }
  const revision = newRevision(ctx, daemon, td, settings);
  const deployment = newDeployment(ctx, daemon, revision, settings.deploymentConfiguration);
  ctx.tx.set(ctx.store.daemons.daemons, daemon.arn, {
    ...daemon,
    updatedAt: ctx.now,
    deploymentArns: [deployment.arn, ...daemon.deploymentArns],
    revisionArn: revision.arn,
  });
  return {
    daemonArn: daemon.arn,
    status: 'ACTIVE',
    createdAt: new Date(daemon.createdAt),
    updatedAt: new Date(ctx.now),
    deploymentArn: deployment.arn,
  };
}
