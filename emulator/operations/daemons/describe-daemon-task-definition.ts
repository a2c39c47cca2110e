import type { DescribeDaemonTaskDefinitionRequest, DescribeDaemonTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { findDaemonTaskDefinition, renderDaemonTaskDefinition } from '../../model/daemon-task-definition.js';
import { requiredString } from '../../model/input-checks.js';

/**
 * A daemon task definition by `family:revision` or ARN, or the latest ACTIVE revision of a `family`;
 * deleted revisions stay describable with their status (the DaemonTaskDefinitionDeleted waiter
 * polls this for `DELETED`).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeDaemonTaskDefinition.html
 */
export function describeDaemonTaskDefinition(
  input: DescribeDaemonTaskDefinitionRequest,
  ctx: OperationContext,
): DescribeDaemonTaskDefinitionResponse {
  const ref = requiredString(input.daemonTaskDefinition, 'daemonTaskDefinition');
  const td = findDaemonTaskDefinition(ctx, ref);
  return { daemonTaskDefinition: renderDaemonTaskDefinition(ctx, td) };
}
