import type { DescribeDaemonRequest, DescribeDaemonResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { findDaemon, renderDaemon } from '../../model/daemon-lifecycle.js';

/**
 * One daemon by ARN: status, current revisions (with per-capacity-provider counts) and its latest
 * deployment. A deleted daemon reads DELETE_IN_PROGRESS until its removal finishes, then
 * DaemonNotFoundException (the Terraform provider waits for that).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeDaemon.html
 */
export function describeDaemon(input: DescribeDaemonRequest, ctx: OperationContext): DescribeDaemonResponse {
  const daemon = findDaemon(ctx, input.daemonArn);
  return { daemon: renderDaemon(ctx, daemon) };
}
