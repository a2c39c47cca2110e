import type { OperationHandler } from './context.js';
import { createCluster } from './operations/create-cluster.js';
import { createService } from './operations/create-service.js';
import { deleteCluster } from './operations/delete-cluster.js';
import { deleteService } from './operations/delete-service.js';
import { deleteTaskDefinitions } from './operations/delete-task-definitions.js';
import { deregisterTaskDefinition } from './operations/deregister-task-definition.js';
import { describeClusters } from './operations/describe-clusters.js';
import { describeServices } from './operations/describe-services.js';
import { describeTaskDefinition } from './operations/describe-task-definition.js';
import { describeTasks } from './operations/describe-tasks.js';
import { listClusters } from './operations/list-clusters.js';
import { listServices } from './operations/list-services.js';
import { listTagsForResource } from './operations/list-tags-for-resource.js';
import { listTaskDefinitionFamilies } from './operations/list-task-definition-families.js';
import { listTaskDefinitions } from './operations/list-task-definitions.js';
import { listTasks } from './operations/list-tasks.js';
import { registerTaskDefinition } from './operations/register-task-definition.js';
import { runTask } from './operations/run-task.js';
import { stopTask } from './operations/stop-task.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateService } from './operations/update-service.js';

/**
 * Every ECS operation the emulator serves, by its API name. The server checks at start-up that each
 * name here is an operation of the ECS API (and so of `@aws-sdk/client-ecs`).
 */
export const OPERATIONS: Readonly<Record<string, OperationHandler>> = Object.freeze({
  CreateCluster: createCluster,
  CreateService: createService,
  DeleteCluster: deleteCluster,
  DeleteService: deleteService,
  DeleteTaskDefinitions: deleteTaskDefinitions,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  DescribeClusters: describeClusters,
  DescribeServices: describeServices,
  DescribeTaskDefinition: describeTaskDefinition,
  DescribeTasks: describeTasks,
  ListClusters: listClusters,
  ListServices: listServices,
  ListTagsForResource: listTagsForResource,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  ListTaskDefinitions: listTaskDefinitions,
  ListTasks: listTasks,
  RegisterTaskDefinition: registerTaskDefinition,
  RunTask: runTask,
  StopTask: stopTask,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateService: updateService,
});

/** Operations that only read: CloudTrail marks their records `readOnly: true`. */
export const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set(
  Object.keys(OPERATIONS).filter((name) => /^(Describe|List)/.test(name)),
);
