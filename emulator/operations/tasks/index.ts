import type { OperationHandler } from '../../context.js';
import { describeTasks } from './describe-tasks.js';
import { executeCommand } from './execute-command.js';
import { getTaskProtection } from './get-task-protection.js';
import { listTasks } from './list-tasks.js';
import { runTask } from './run-task.js';
import { startTask } from './start-task.js';
import { stopTask } from './stop-task.js';
import { updateTaskProtection } from './update-task-protection.js';

/** Task operations, by API name. */
export const TASKS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  DescribeTasks: describeTasks,
  ExecuteCommand: executeCommand,
  GetTaskProtection: getTaskProtection,
  ListTasks: listTasks,
  RunTask: runTask,
  StartTask: startTask,
  StopTask: stopTask,
  UpdateTaskProtection: updateTaskProtection,
};
