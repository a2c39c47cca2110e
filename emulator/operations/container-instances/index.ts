import type { OperationHandler } from '../../context.js';
import { deregisterContainerInstance } from './deregister-container-instance.js';
import { describeContainerInstances } from './describe-container-instances.js';
import { discoverPollEndpoint } from './discover-poll-endpoint.js';
import { listContainerInstances } from './list-container-instances.js';
import { registerContainerInstance } from './register-container-instance.js';
import { submitAttachmentStateChanges } from './submit-attachment-state-changes.js';
import { submitContainerStateChange } from './submit-container-state-change.js';
import { submitTaskStateChange } from './submit-task-state-change.js';
import { updateContainerAgent } from './update-container-agent.js';
import { updateContainerInstancesState } from './update-container-instances-state.js';

/** Container instances and the calls only their agent makes, by API name. */
export const CONTAINER_INSTANCES_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  DeregisterContainerInstance: deregisterContainerInstance,
  DescribeContainerInstances: describeContainerInstances,
  DiscoverPollEndpoint: discoverPollEndpoint,
  ListContainerInstances: listContainerInstances,
  RegisterContainerInstance: registerContainerInstance,
  SubmitAttachmentStateChanges: submitAttachmentStateChanges,
  SubmitContainerStateChange: submitContainerStateChange,
  SubmitTaskStateChange: submitTaskStateChange,
  UpdateContainerAgent: updateContainerAgent,
  UpdateContainerInstancesState: updateContainerInstancesState,
};
