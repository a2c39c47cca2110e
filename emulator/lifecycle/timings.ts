/**
 * How long each lifecycle phase takes, in milliseconds of the injected clock. The defaults let the
 * SDK waiters (tasksRunning and tasksStopped poll after 6 s, servicesStable after 15 s) succeed on
 * their first poll, while every intermediate status stays observable.
 */
export interface LifecycleTimings {
  /** PROVISIONING (awsvpc tasks: the ENI is attached). */
  provisioningMs: number;
  /** PENDING (image pull, container start). */
  pendingMs: number;
  /** STOPPING after a stop is requested (SIGTERM, then containers exit). */
  stoppingMs: number;
  /** DEPROVISIONING (awsvpc tasks: the ENI is detached). */
  deprovisioningMs: number;
  /** How long a STOPPED task stays describable; ECS keeps them "at least one hour". */
  stoppedTaskRetentionMs: number;
  /**
   * At most this many STOPPED tasks are kept per cluster (oldest forgotten first), so memory stays
   * bounded however many tasks a long run starts and stops.
   */
  maxStoppedTasksPerCluster?: number;
  /**
   * How long a deleted (INACTIVE) cluster stays describable, then it is forgotten. ECS says only
   * that INACTIVE clusters "might remain discoverable in your account for a period of time"
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html); the one
   * figure it gives for a deleted thing is "stopped tasks appear in the returned results for at
   * least one hour" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html),
   * so the same hour. Default one hour.
   */
  inactiveClusterRetentionMs?: number;
}

export const DEFAULT_TIMINGS: Readonly<LifecycleTimings> = Object.freeze({
  provisioningMs: 1000,
  pendingMs: 1000,
  stoppingMs: 1000,
  deprovisioningMs: 1000,
  stoppedTaskRetentionMs: 60 * 60 * 1000,
  maxStoppedTasksPerCluster: 1000,
  inactiveClusterRetentionMs: 60 * 60 * 1000,
});

/** Every phase instantaneous: a task is RUNNING as soon as RunTask returns. */
export const IMMEDIATE_TIMINGS: Readonly<LifecycleTimings> = Object.freeze({
  provisioningMs: 0,
  pendingMs: 0,
  stoppingMs: 0,
  deprovisioningMs: 0,
  stoppedTaskRetentionMs: 60 * 60 * 1000,
  maxStoppedTasksPerCluster: 1000,
});
