import type { Service } from '@aws-sdk/client-ecs';

/**
 * A service as CreateService/UpdateService/DeleteService left it. Counts, deployment rollout states
 * and events are derived from its tasks at read time.
 * (Placeholder shape: extended by the services implementation.)
 */
export interface ServiceRecord {
  readonly arn: string;
  readonly name: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  /** ACTIVE until DeleteService; then DRAINING until its tasks stopped, then INACTIVE (derived). */
  readonly status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** Set by DeleteService. */
  readonly deletedAt?: number | undefined;
  readonly createdAt: number;
  readonly definition: Service;
}
