import type { RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse, TaskDefinition } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { taskDefinitionArn } from '../../model/arn.js';
import { buildTaskDefinition } from '../../model/task-definition-registration.js';
import type { TaskDefinitionRecord } from '../../model/task-definition.js';
import { mergeTags, tagsOf, validateTags } from '../../model/tags.js';

/**
 * A new revision of the family: revisions count up from 1 and are never reused, even after a
 * revision is deleted.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
 */
export function registerTaskDefinition(
  input: RegisterTaskDefinitionRequest,
  ctx: OperationContext,
): RegisterTaskDefinitionResponse {
  const body = buildTaskDefinition(input);
  validateTags(input.tags);
  const family = body.family!;
  const revisions = ctx.store.taskDefinitions.get(family);
  const revision = (revisions?.length ?? 0) + 1;
  const arn = taskDefinitionArn(ctx, family, revision);
  const definition: TaskDefinition = {
    taskDefinitionArn: arn,
    ...body,
    revision,
    status: 'ACTIVE',
    registeredAt: new Date(ctx.now),
    ...(ctx.principalArn ? { registeredBy: ctx.principalArn } : {}),
  };
  const record: TaskDefinitionRecord = { definition, family, revision, arn, status: 'ACTIVE' };
  // Appended in place: a copy of the family's list per registration made RegisterTaskDefinition
  // slower with every revision (18 % of the emulator's time after 100,000 calls of the bench's mix).
  if (revisions) ctx.tx.append(revisions as TaskDefinitionRecord[], record);
  else ctx.tx.set(ctx.store.taskDefinitions, family, [record]);
  mergeTags(ctx, arn, input.tags);
  const out: RegisterTaskDefinitionResponse = { taskDefinition: definition };
  if (input.tags?.length) out.tags = tagsOf(ctx, arn);
  return out;
}
