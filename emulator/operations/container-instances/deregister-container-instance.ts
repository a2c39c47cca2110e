import type { DeregisterContainerInstanceRequest, DeregisterContainerInstanceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { requireContainerInstance, saveInstance } from '../../model/container-instances/container-instance.js';
import { renderContainerInstance } from '../../model/container-instances/render-container-instance.js';
import { requestTaskStop } from '../../model/place-task.js';
import { taskStatusAt } from '../../model/task.js';
import { rescheduleCluster, tasksOn } from '../../lifecycle/cluster-capacity.js';

/** [GUESS] stoppedReason of the tasks a forced deregistration leaves behind (docs/ecs-error-messages.md §23). */
export const ORPHANED_REASON = 'Task stopped because its container instance was deregistered';

/**
 * The instance leaves the cluster (INACTIVE, still describable). With tasks still running on it the
 * call needs `force`; forced, those tasks are orphaned ("no longer monitored or accounted for by
 * Amazon ECS"): the emulator shows them stopping, and services start replacements elsewhere.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterContainerInstance.html
 */
export function deregisterContainerInstance(input: DeregisterContainerInstanceRequest, ctx: OperationContext): DeregisterContainerInstanceResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const ci = requireContainerInstance(ctx, cluster.name, input.containerInstance);
  const running = tasksOn(ctx, cluster, ci).filter((t) => taskStatusAt(t, ctx.now, ctx.timings).desiredStatus === 'RUNNING');
  if (running.length > 0 && input.force !== true) {
    // [GUESS] text: ECS refuses without force (aws/amazon-ecs-agent#125: "the API won't let you succeed
    // unless you have done so or use the force flag"); its wording was not found.
    throw invalidParameter('Found running tasks on the instance. Stop the tasks or use the force option to deregister the container instance.');
  }
  for (const task of running) {
    requestTaskStop(ctx, task, {
      at: ctx.now,
      stopCode: task.serviceArn ? 'ServiceSchedulerInitiated' : 'UserInitiated',
      reason: ORPHANED_REASON,
    });
  }
  const gone = saveInstance(ctx, ci, { status: 'INACTIVE', deregisteredAt: ctx.now, agentConnected: false });
  rescheduleCluster(ctx, cluster);
  return { containerInstance: renderContainerInstance(ctx, gone) };
}
