import type { OperationHandler } from '../../context.js';
import { createTaskSet } from './create-task-set.js';
import { deleteTaskSet } from './delete-task-set.js';
import { describeTaskSets } from './describe-task-sets.js';
import { updateServicePrimaryTaskSet } from './update-service-primary-task-set.js';
import { updateTaskSet } from './update-task-set.js';

/** Task sets of CODE_DEPLOY and EXTERNAL services, by API name. */
export const TASK_SETS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateTaskSet: createTaskSet,
  DeleteTaskSet: deleteTaskSet,
  DescribeTaskSets: describeTaskSets,
  UpdateServicePrimaryTaskSet: updateServicePrimaryTaskSet,
  UpdateTaskSet: updateTaskSet,
};
