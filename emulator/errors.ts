/**
 * ECS service errors: the modelled exceptions of the ECS API. Handlers throw these; only the protocol
 * layer turns them into HTTP (fault 'client' → 400, 'server' → 500).
 *
 * Messages are the ones real ECS returns. Where the ECS API Reference documents none, the source of
 * the wording (a quoted real response) is cited beside the factory.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html
 */
export class EcsServiceError extends Error {
  readonly code: string;
  readonly fault: 'client' | 'server';
  /**
   * For the operator only, never for the caller or the trail: what to do in the emulator when the
   * answer is faithful to ECS but unhelpful there (e.g. how to get EC2 capacity). The server logs it.
   */
  operatorHint?: string;
  constructor(code: string, message: string, fault: 'client' | 'server' = 'client') {
    super(message);
    this.code = code;
    this.fault = fault;
  }
}
// Expected errors are frequent (fuzzing, negative tests): no stack capture.
Object.defineProperty(EcsServiceError, 'stackTraceLimit', { value: 0 });

function make(code: string, message: string): EcsServiceError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new EcsServiceError(code, message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export const invalidParameter = (message: string) => make('InvalidParameterException', message);
export const clientException = (message: string) => make('ClientException', message);

/** "Cluster not found." is what ECS answers for an unknown cluster (e.g. aws/aws-cli#2740, terraform-provider-aws#11374). */
export const clusterNotFound = () => make('ClusterNotFoundException', 'Cluster not found.');
/** "Service not found." (terraform-provider-aws#4039, aws-cdk#6519). */
export const serviceNotFound = () => make('ServiceNotFoundException', 'Service not found.');
/** "Service was not ACTIVE." (terraform-provider-aws#2902, copilot-cli#1720). */
export const serviceNotActive = () => make('ServiceNotActiveException', 'Service was not ACTIVE.');

export const clusterContainsServices = () =>
  make(
    'ClusterContainsServicesException',
    'The Cluster cannot be deleted while Services are active.',
  );
export const clusterContainsTasks = () =>
  make('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');

/** "The Cluster cannot be deleted while Container Instances are active or draining." (aws-samples/aws-scalable-big-blue-button-example#79). */
export const clusterContainsContainerInstances = () =>
  make(
    'ClusterContainsContainerInstancesException',
    'The Cluster cannot be deleted while Container Instances are active or draining.',
  );
export const targetNotFound = (message: string) => make('TargetNotFoundException', message);
export const attributeLimitExceeded = (message: string) => make('AttributeLimitExceededException', message);
export const resourceInUse = (message: string) => make('ResourceInUseException', message);
export const noUpdateAvailable = (message: string) => make('NoUpdateAvailableException', message);
export const updateInProgress = (message: string) => make('UpdateInProgressException', message);

export const serverException = (message = 'Service encountered an unexpected error.') =>
  new EcsServiceError('ServerException', message, 'server');

/** Used only while an operation's handler is being written; never reachable from a finished table. */
export const notImplemented = (operation: string) =>
  new EcsServiceError('ServerException', `${operation} is not implemented yet.`, 'server');

// Daemons and gateways (docs/ecs-error-messages.md §20–21). The exception codes are the model's; no
// real response quoting their messages was found, so the texts follow "Cluster not found." [GUESS].
export const daemonNotFound = () => make('DaemonNotFoundException', 'Daemon not found.');
export const daemonNotActive = () => make('DaemonNotActiveException', 'Daemon was not ACTIVE.');
export const gatewayNotFound = () => make('GatewayNotFoundException', 'Gateway not found.');
