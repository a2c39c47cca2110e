import type { OperationHandler } from '../../context.js';
import { deleteTaskDefinitions } from './delete-task-definitions.js';
import { deregisterTaskDefinition } from './deregister-task-definition.js';
import { describeTaskDefinition } from './describe-task-definition.js';
import { listTaskDefinitionFamilies } from './list-task-definition-families.js';
import { listTaskDefinitions } from './list-task-definitions.js';
import { registerTaskDefinition } from './register-task-definition.js';

/** Task definition operations, by API name. */
export const TASK_DEFINITIONS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  DeleteTaskDefinitions: deleteTaskDefinitions,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinition,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  ListTaskDefinitions: listTaskDefinitions,
  RegisterTaskDefinition: registerTaskDefinition,
};
