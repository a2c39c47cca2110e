import type { UpdateContainerAgentRequest, UpdateContainerAgentResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { EcsServiceError, noUpdateAvailable, updateInProgress } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { requireContainerInstance, saveInstance } from '../../model/container-instances/container-instance.js';
import { renderContainerInstance } from '../../model/container-instances/render-container-instance.js';
import { agentUpdateAt, LATEST_AGENT, olderThan, updateInFlight } from '../../model/container-instances/agent-update.js';
import { usageOf } from '../../placement/instance-usage.js';

/**
 * Starts an agent update: `agentUpdateStatus` goes PENDING → … → UPDATED (agent-update.ts) and the
 * instance then reports the new version. An update already under way is UpdateInProgressException,
 * an agent on the newest version NoUpdateAvailableException, and one that reports no version
 * MissingVersionException (the API's documented cases; their texts are [GUESS], docs/ecs-error-messages.md §23).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
 */
export function updateContainerAgent(input: UpdateContainerAgentRequest, ctx: OperationContext): UpdateContainerAgentResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const ci = requireContainerInstance(ctx, cluster.name, input.containerInstance);
  if (updateInFlight(ci, ctx.now)) throw updateInProgress('There is already a current agent update in progress.');
  const current = agentUpdateAt(ci, ctx.now).versionInfo;
  if (!current.agentVersion) {
    throw new EcsServiceError('MissingVersionException', 'Amazon ECS is unable to determine the current version of the Amazon ECS container agent on the container instance and does not have enough information to proceed with an update.');
  }
  if (!olderThan(current.agentVersion, LATEST_AGENT.agentVersion!)) throw noUpdateAvailable('There is no update available for your container agent.');
  const updated = saveInstance(ctx, ci, { agentUpdate: { requestedAt: ctx.now, to: { ...LATEST_AGENT, dockerVersion: current.dockerVersion ?? LATEST_AGENT.dockerVersion } } });
  return { containerInstance: renderContainerInstance(ctx, updated, usageOf(ctx, updated)) };
}
