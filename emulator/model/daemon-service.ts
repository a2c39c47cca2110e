import type { DeploymentConfiguration, PlacementStrategy } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../errors.js';

/**
 * What a DAEMON service request may not say. "The daemon scheduling strategy does not support a
 * desired count for services. Remove the desired count value and try again" is real ECS's text
 * (gruntwork-io/cloud-nuke#219); the others follow the developer guide's rules ("there is no need to
 * specify a desired number of tasks, a task placement strategy"; "If a deployment configuration is
 * specified, the maximum percent parameter must be 100") with [GUESS] texts (docs/ecs-error-messages.md §23).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html#service_scheduler_daemon
 */
export function checkDaemonRequest(input: {
  desiredCount?: number | undefined;
  placementStrategy?: PlacementStrategy[] | undefined;
  deploymentConfiguration?: DeploymentConfiguration | undefined;
}): void {
  if (input.desiredCount !== undefined) {
    throw invalidParameter('The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again');
  }
  if (input.placementStrategy?.length) {
    throw invalidParameter('The daemon scheduling strategy does not support placement strategies. Remove the placement strategy and try again.');
  }
  const max = input.deploymentConfiguration?.maximumPercent;
  if (max !== undefined && max !== 100) {
    throw invalidParameter('The maximumPercent of a service with the daemon scheduling strategy must be 100.');
  }
}

/** "The default value for a daemon service for maximumPercent is 100%. … for minimumHealthyPercent is 0%." */
export const DAEMON_DEPLOYMENT_DEFAULTS: DeploymentConfiguration = { maximumPercent: 100, minimumHealthyPercent: 0 };
