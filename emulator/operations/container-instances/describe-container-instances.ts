import type { ContainerInstance, DescribeContainerInstancesRequest, DescribeContainerInstancesResponse, Failure } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { containerInstanceArnOf, findContainerInstance } from '../../model/container-instances/container-instance.js';
import { renderContainerInstance } from '../../model/container-instances/render-container-instance.js';
import { clusterUsage, emptyUsage } from '../../placement/instance-usage.js';

/**
 * Up to 100 instances by ID or ARN; unknown ones are `failures` with reason MISSING ("The specified
 * container instance wasn't found", API failure reasons page). Deregistered instances are described
 * as INACTIVE. `include`: TAGS, CONTAINER_INSTANCE_HEALTH.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
 */
export function describeContainerInstances(input: DescribeContainerInstancesRequest, ctx: OperationContext): DescribeContainerInstancesResponse {
  const refs = input.containerInstances ?? [];
  // [INFER] the text, as DescribeTasks' "Tasks cannot be empty." (aws/copilot-cli#3551).
  if (refs.length === 0) throw invalidParameter('Container instances cannot be empty.');
  if (refs.length > 100) throw invalidParameter('containerInstances can have at most 100 items.');
  const cluster = activeCluster(ctx, input.cluster);
  const include = input.include ?? [];
  const usage = clusterUsage(ctx, cluster.name);
  const containerInstances: ContainerInstance[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    const ci = findContainerInstance(ctx, cluster.name, ref);
    if (ci) {
      if (!ctx.discardOutput) containerInstances.push(renderContainerInstance(ctx, ci, usage.get(ci.arn) ?? emptyUsage(), include));
    } else failures.push({ arn: containerInstanceArnOf(ctx, cluster.name, ref) ?? ref, reason: 'MISSING' });
  }
  return { containerInstances, failures };
}
