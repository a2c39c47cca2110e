import type {
  DaemonContainerImage,
  DaemonDeploymentConfiguration,
  DaemonPropagateTags,
  DaemonTaskDefinition,
} from '@aws-sdk/client-ecs';

/**
 * What ECS keeps for the daemon family (ECS Managed Daemons, 2026): daemon task definitions (revisions
 * per family), daemons, and for each daemon its immutable revisions and its deployments. Records are
 * immutable and replaced through the call's transaction; statuses are derived from times and the
 * injected clock (daemon-lifecycle.ts), so no timer moves anything.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/daemon-deployments.html
 */
export interface DaemonFamilyState {
  /** family → revisions, revision n at index n-1 */
  readonly taskDefinitions: Map<string, readonly DaemonTaskDefinitionRecord[]>;
  /** daemon ARN → daemon */
  readonly daemons: Map<string, DaemonRecord>;
  /** deployment ARN → deployment */
  readonly deployments: Map<string, DaemonDeploymentRecord>;
  /** revision ARN → revision */
  readonly revisions: Map<string, DaemonRevisionRecord>;
}

export interface DaemonTaskDefinitionRecord {
  /** The DaemonTaskDefinition as registered, without the derived `status`. */
  readonly definition: Omit<DaemonTaskDefinition, 'status' | 'deleteRequestedAt'>;
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
  /** Set by DeleteDaemonTaskDefinition: DELETE_IN_PROGRESS, then DELETED once no daemon runs it. */
  readonly deleteRequestedAt?: number | undefined;
}

export interface DaemonRecord {
  readonly arn: string;
  readonly name: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Newest first; [0] is the deployment DescribeDaemon shows. */
  readonly deploymentArns: readonly string[];
  /** The revision the daemon runs (or rolls out) now. */
  readonly revisionArn: string;
  /** Set by DeleteDaemon: DELETE_IN_PROGRESS until its deployment finishes, then gone. */
  readonly deleteDeploymentArn?: string | undefined;
  readonly clientToken?: string | undefined;
}

/** A snapshot of a daemon's configuration when a deployment began. */
export interface DaemonRevisionRecord {
  readonly arn: string;
  readonly clusterArn: string;
  readonly daemonArn: string;
  readonly daemonTaskDefinitionArn: string;
  readonly createdAt: number;
  readonly containerImages: readonly DaemonContainerImage[];
  readonly capacityProviderArns: readonly string[];
  readonly propagateTags: DaemonPropagateTags;
  readonly enableECSManagedTags: boolean;
  readonly enableExecuteCommand: boolean;
  readonly critical: boolean;
}

export interface DaemonDeploymentRecord {
  readonly arn: string;
  readonly daemonArn: string;
  readonly clusterArn: string;
  readonly createdAt: number;
  /** Absent for the deployment that removes a deleted daemon. */
  readonly targetRevisionArn?: string | undefined;
  readonly sourceRevisionArns: readonly string[];
  readonly deploymentConfiguration: DaemonDeploymentConfiguration;
  /** When a newer deployment replaced this one before it finished. */
  readonly supersededAt?: number | undefined;
}
