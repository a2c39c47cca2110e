import type { OperationHandler } from '../../context.js';
import { createDaemon } from './create-daemon.js';
import { deleteDaemon } from './delete-daemon.js';
import { deleteDaemonTaskDefinition } from './delete-daemon-task-definition.js';
import { describeDaemon } from './describe-daemon.js';
import { describeDaemonDeployments } from './describe-daemon-deployments.js';
import { describeDaemonRevisions } from './describe-daemon-revisions.js';
import { describeDaemonTaskDefinition } from './describe-daemon-task-definition.js';
import { listDaemonDeployments } from './list-daemon-deployments.js';
import { listDaemonTaskDefinitions } from './list-daemon-task-definitions.js';
import { listDaemons } from './list-daemons.js';
import { registerDaemonTaskDefinition } from './register-daemon-task-definition.js';
import { updateDaemon } from './update-daemon.js';

/** Daemon operations (ECS Managed Daemons and their task definitions), by API name. */
export const DAEMONS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateDaemon: createDaemon,
  DeleteDaemon: deleteDaemon,
  DeleteDaemonTaskDefinition: deleteDaemonTaskDefinition,
  DescribeDaemon: describeDaemon,
  DescribeDaemonDeployments: describeDaemonDeployments,
  DescribeDaemonRevisions: describeDaemonRevisions,
  DescribeDaemonTaskDefinition: describeDaemonTaskDefinition,
  ListDaemonDeployments: listDaemonDeployments,
  ListDaemonTaskDefinitions: listDaemonTaskDefinitions,
  ListDaemons: listDaemons,
  RegisterDaemonTaskDefinition: registerDaemonTaskDefinition,
  UpdateDaemon: updateDaemon,
};
