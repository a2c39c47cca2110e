/**
 * What the dashboard's server sends its page: shared by the server (server/dashboard/) and the page
 * (dashboard/src/, type-only imports), so the two cannot drift apart.
 */

/** One trail record as the live feed lists it; the whole record is fetched on demand. */
export interface TrailEntry {
  eventId: string;
  /** ms since the epoch (the record's eventTime) */
  eventTime: number;
  accountId: string;
  region: string;
  eventSource: string;
  operation: string;
  /** the caller's ARN */
  identity: string;
  /** the resource the call was about, e.g. `cluster/demo` or `task/demo/0123…` */
  resource?: string | undefined;
  errorCode?: string | undefined;
  readOnly: boolean;
  /** the key of the log file the record was delivered in, once delivered */
  fileKey?: string | undefined;
}

/** Calls per operation, and errors, in one minute. */
export interface MinuteCounts {
  /** start of the minute, ms since the epoch */
  minute: number;
  byOperation: Record<string, number>;
  errors: number;
}

export interface TaskView {
  id: string;
  arn: string;
  lastStatus: string;
  desiredStatus: string;
  /** `family:revision` */
  taskDefinition: string;
  group?: string | undefined;
  launchType?: string | undefined;
  createdAt: number;
  startedAt?: number | undefined;
  stoppingAt?: number | undefined;
  stoppedAt?: number | undefined;
  stoppedReason?: string | undefined;
}

export interface DeploymentView {
  id: string;
  status: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  rolloutState?: string | undefined;
  createdAt?: number | undefined;
}

export interface ServiceEventView {
  id: string;
  createdAt: number;
  message: string;
}

export interface ServiceView {
  name: string;
  arn: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition?: string | undefined;
  deployments: DeploymentView[];
  /** newest first, the few most recent */
  events: ServiceEventView[];
}

export interface ClusterView {
  name: string;
  arn: string;
  status: string;
  createdAt: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
  services: ServiceView[];
  /** newest first; at most a few hundred (see tasksOmitted) */
  tasks: TaskView[];
  tasksOmitted: number;
}

export interface RevisionView {
  revision: number;
  arn: string;
  status: string;
  registeredAt?: number | undefined;
  cpu?: string | undefined;
  memory?: string | undefined;
  containers: string[];
}

export interface FamilyView {
  family: string;
  /** newest first */
  revisions: RevisionView[];
}

export interface ScopeView {
  accountId: string;
  region: string;
  /** ACTIVE first, then by name; at most MAX_CLUSTERS_PER_SCOPE (see clustersOmitted) */
  clusters: ClusterView[];
  taskDefinitions: FamilyView[];
  /** Clusters left out of `clusters` (a benchmark's thousands would make every update megabytes). */
  clustersOmitted?: number;
  /** Task definition families left out of `taskDefinitions`. */
  familiesOmitted?: number;
}

export interface ResourceSnapshot {
  /** the emulator's clock when the snapshot was taken */
  now: number;
  scopes: ScopeView[];
  /** Scopes (account, region) left out of `scopes`. */
  scopesOmitted?: number;
}

/** The first message of the event stream: everything the page needs to draw itself. */
export interface HelloMessage {
  version: string;
  trailFolder: string;
  entries: TrailEntry[];
  minutes: MinuteCounts[];
  resources: ResourceSnapshot;
}

/** A log file was delivered: the records it holds now have a file to link to. */
export interface DeliveredMessage {
  key: string;
  eventIds: string[];
}

/** GET /_ecs-trail/api/records/:eventId */
export interface RecordMessage {
  entry: TrailEntry;
  record: Record<string, unknown>;
}
