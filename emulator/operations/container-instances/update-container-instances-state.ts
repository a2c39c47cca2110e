import type {
  ContainerInstance,
  Failure,
  UpdateContainerInstancesStateRequest,
  UpdateContainerInstancesStateResponse,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { containerInstanceArnOf, findContainerInstance, saveInstance } from '../../model/container-instances/container-instance.js';
import { renderContainerInstance } from '../../model/container-instances/render-container-instance.js';
import { drainInstance, rescheduleCluster } from '../../lifecycle/cluster-capacity.js';
import { clusterUsage, emptyUsage } from '../../placement/instance-usage.js';

/**
 * ACTIVE ⇄ DRAINING for up to 10 instances. Draining moves service tasks elsewhere, stops daemon
 * tasks and leaves standalone tasks running (cluster-capacity.ts); ACTIVE again lets the scheduler
 * place on it. Unknown instances are `failures` with reason MISSING. "The only valid values for this
 * action are ACTIVE and DRAINING" (API_UpdateContainerInstancesState); the text refusing the others
 * is [GUESS] (docs/ecs-error-messages.md §23).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
 */
export function updateContainerInstancesState(
  input: UpdateContainerInstancesStateRequest,
  ctx: OperationContext,
): UpdateContainerInstancesStateResponse {
  const refs = input.containerInstances ?? [];
  if (refs.length === 0) throw invalidParameter('Container instances cannot be empty.');
  if (refs.length > 10) throw invalidParameter('containerInstances can have at most 10 items.');
  const status = input.status;
  if (status !== 'ACTIVE' && status !== 'DRAINING') {
    throw invalidParameter(`Container instance status can only be updated to ACTIVE or DRAINING, but was ${status}.`);
  }
  const cluster = activeCluster(ctx, input.cluster);
  const failures: Failure[] = [];
  const changed: string[] = [];
  const seen: string[] = [];
  for (const ref of refs) {
    const ci = findContainerInstance(ctx, cluster.name, ref);
    if (!ci || ci.status === 'INACTIVE') {
      failures.push({ arn: containerInstanceArnOf(ctx, cluster.name, ref) ?? ref, reason: 'MISSING' });
      continue;
    }
    if (seen.includes(ci.arn)) continue;
    seen.push(ci.arn);
    if (ci.status === status) continue;
    const saved = saveInstance(ctx, ci, { status });
    changed.push(saved.arn);
  }
  for (const arn of changed) {
    const ci = ctx.store.containerInstances.get(arn)!;
    if (ci.status === 'DRAINING') drainInstance(ctx, cluster, ci);
  }
  if (changed.some((arn) => ctx.store.containerInstances.get(arn)!.status === 'ACTIVE')) rescheduleCluster(ctx, cluster);
  const usage = clusterUsage(ctx, cluster.name);
  const containerInstances: ContainerInstance[] = seen.map((arn) => {
    const ci = ctx.store.containerInstances.get(arn)!;
    return renderContainerInstance(ctx, ci, usage.get(arn) ?? emptyUsage());
  });
  return { containerInstances, failures };
}
