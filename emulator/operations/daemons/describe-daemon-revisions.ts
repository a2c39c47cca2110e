import type { DaemonRevision, DescribeDaemonRevisionsRequest, DescribeDaemonRevisionsResponse, Failure } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { renderRevision } from '../../model/daemon-lifecycle.js';
import { requiredStringList } from '../../model/input-checks.js';

/**
 * Up to 20 daemon revisions by ARN: the immutable snapshot (task definition, images with digests,
 * tag and exec settings) taken when a deployment began; unknown ones are MISSING failures.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeDaemonRevisions.html
 */
export function describeDaemonRevisions(
  input: DescribeDaemonRevisionsRequest,
  ctx: OperationContext,
): DescribeDaemonRevisionsResponse {
  const arns = requiredStringList(input.daemonRevisionArns, 'daemonRevisionArns');
  if (arns.length > 20) throw invalidParameter('daemonRevisionArns can have at most 20 items.');
  const daemonRevisions: DaemonRevision[] = [];
  const failures: Failure[] = [];
  for (const arn of arns) {
    const r = ctx.store.daemons.revisions.get(arn);
    if (r) daemonRevisions.push(renderRevision(r));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { daemonRevisions, failures };
}
