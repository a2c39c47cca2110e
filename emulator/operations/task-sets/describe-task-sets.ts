import type { DescribeTaskSetsRequest, DescribeTaskSetsResponse, Failure, TaskSet } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { renderTaskSet, taskSetArnOf, taskSetIdOf, taskSetsOf } from '../../model/task-set.js';
import { taskSetService } from './task-set-service.js';

/**
 * DescribeTaskSets: the service's task sets (all, or those named by id or ARN), with their tags when
 * `include` has TAGS. One not found — never created, or deleted and drained — is a `MISSING` failure;
 * an identifier that is no task set id or ARN fails the call ("Task Set Identifier is invalid", as a
 * task ARN does in boto/boto3#3895).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskSets.html
 */
export function describeTaskSets(input: DescribeTaskSetsRequest, ctx: OperationContext): DescribeTaskSetsResponse {
  const { svc } = taskSetService(ctx, input, false);
  const includeTags = input.include?.includes('TAGS') ?? false;
  for (const v of input.include ?? []) if (v !== 'TAGS') throw invalidParameter('include should be one of [TAGS]');
  const taskSets: TaskSet[] = [];
  const failures: Failure[] = [];
  const live = taskSetsOf(ctx, svc);
  if (input.taskSets === undefined || input.taskSets.length === 0) {
    for (const d of live) taskSets.push(renderTaskSet(ctx, svc, d, { includeTags }));
  } else {
    for (const ref of input.taskSets) {
      const id = taskSetIdOf(ref);
      const d = live.find((x) => x.id === id);
      if (d) taskSets.push(renderTaskSet(ctx, svc, d, { includeTags }));
      else failures.push({ arn: ref.startsWith('arn:') ? ref : taskSetArnOf(svc, id), reason: 'MISSING' });
    }
  }
  return ctx.discardOutput ? { taskSets: [], failures } : { taskSets, failures };
}
