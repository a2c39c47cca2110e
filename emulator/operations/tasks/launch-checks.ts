import type { PropagateTags, Tag, TaskOverride } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { tagsOf, validateTags } from '../../model/tags.js';
import type { TaskDefinitionRecord } from '../../model/task-definition.js';

/** RunTask and StartTask: each container override must name a container of the task definition. */
export function checkContainerOverrides(taskDefinition: TaskDefinitionRecord, overrides: TaskOverride | undefined): void {
  const names = new Set((taskDefinition.definition.containerDefinitions ?? []).map((c) => c.name));
  for (const o of overrides?.containerOverrides ?? []) {
    if (o.name !== undefined && !names.has(o.name)) {
      throw invalidParameter(`Override for container named ${o.name} is not a container in the TaskDefinition.`);
    }
  }
}

/**
 * RunTask and StartTask: the tags a launched task gets — the call's, after the task definition's with
 * `propagateTags: TASK_DEFINITION`. A task can only copy its definition's tags ("An error will be
 * received if you specify the SERVICE option when running a task"); the text of that error is a [GUESS].
 */
export function launchedTaskTags(
  ctx: OperationContext,
  taskDefinition: TaskDefinitionRecord,
  input: { propagateTags?: PropagateTags; tags?: Tag[] },
): Tag[] | undefined {
  if (input.propagateTags === 'SERVICE') {
    throw invalidParameter('The SERVICE option for propagateTags is not supported when running a task.');
  }
  validateTags(input.tags);
  return input.propagateTags === 'TASK_DEFINITION' ? [...tagsOf(ctx, taskDefinition.arn), ...(input.tags ?? [])] : input.tags;
}
