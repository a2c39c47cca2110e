import { EcsServiceError } from '../../emulator/index.js';

/**
 * What ECS answers when a required member is missing. ECS does not use ValidationException: it
 * answers with its own sentence, per member (docs/ecs-error-messages.md §7, §8, §11, §14).
 */
const KNOWN: Record<string, [code: string, message: string]> = {
  'RegisterTaskDefinition.family': ['ClientException', 'Family can not be blank.'],
  'RegisterTaskDefinition.containerDefinitions': ['ClientException', 'Container list cannot be empty.'],
  'DescribeTaskDefinition.taskDefinition': ['InvalidParameterException', 'Task Definition can not be blank.'],
  'RunTask.taskDefinition': ['InvalidParameterException', 'Task Definition can not be blank.'],
  'DescribeTasks.tasks': ['InvalidParameterException', 'Tasks cannot be empty.'],
  'DescribeServices.services': ['InvalidParameterException', 'Services cannot be empty.'],
  'StopTask.task': ['InvalidParameterException', 'Task can not be blank.'],
  'CreateService.serviceName': ['InvalidParameterException', 'Service name can not be blank.'],
  'UpdateService.service': ['InvalidParameterException', 'Service can not be blank.'],
  'DeleteService.service': ['InvalidParameterException', 'Service can not be blank.'],
  // RegisterTaskDefinition's sentence ([REAL] aws/aws-cli#5924); a daemon's container requires its image in the model.
  'RegisterDaemonTaskDefinition.containerDefinitions[].image': ['ClientException', 'Container.image should not be null or empty.'],
};

export function requiredMemberError(operation: string, path: string): Error {
  const known = KNOWN[`${operation}.${path.replace(/\[\d+\]/g, '[]')}`];
  if (known) return new EcsServiceError(known[0], known[1]);
  const leaf = path.split('.').at(-1)!.replace(/\[\d+\]/g, '');
  const name = leaf.charAt(0).toUpperCase() + leaf.slice(1);
  return new EcsServiceError('InvalidParameterException', `${name} can not be blank.`);
}
