import type { UpdateServiceRequest } from '@aws-sdk/client-ecs';
import { isDeepStrictEqual } from 'node:util';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { primaryDeployment, type ServiceRecord } from '../../model/service.js';
import { serviceTaskDefinition } from '../../model/service-config.js';

/**
 * What UpdateService may not change on a CODE_DEPLOY or EXTERNAL service: "only the desired count,
 * deployment configuration, health check grace period, task placement constraints and strategies,
 * enable ECS managed tags option, and propagate tags" (CODE_DEPLOY); the external controller changes
 * the rest through task sets. ECS's texts for CODE_DEPLOY are quoted from real responses:
 *   "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS
 *    CodeDeploy to trigger a new deployment." (terraform-provider-aws issue threads, 2020 and 2024)
 *   "Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. Use AWS
 *    CodeDeploy to trigger a new deployment." (a published CLI transcript)
 *   "Unable to update load balancers on services with a CODE_DEPLOY deployment controller. Use AWS
 *    CodeDeploy to trigger a new deployment." (kayac/ecspresso#393)
 * The others, and every EXTERNAL text, follow the same pattern [GUESS].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
 */
export function refuseTaskSetLevelChanges(ctx: OperationContext, svc: ServiceRecord, input: UpdateServiceRequest): void {
  const controller = svc.settings.deploymentController.type;
  const advice = controller === 'CODE_DEPLOY' ? 'Use AWS CodeDeploy to trigger a new deployment.' : 'Create a new task set instead.';
  const article = controller === 'EXTERNAL' ? 'an' : 'a';
  const refuse = (what: string) => {
    throw invalidParameter(`Unable to update ${what} on services with ${article} ${controller} deployment controller. ${advice}`);
  };
  const primary = primaryDeployment(svc);
  const changed = <T>(given: T | undefined, was: T) => given !== undefined && !isDeepStrictEqual(given, was);
  if (input.forceNewDeployment === true) {
    throw invalidParameter(`Cannot force a new deployment on services with ${article} ${controller} deployment controller. ${advice}`);
  }
  if (input.taskDefinition !== undefined) {
    const td = serviceTaskDefinition(ctx, input.taskDefinition);
    if (td.arn !== primary?.taskDefinitionArn) refuse('task definition');
  }
  if (changed(input.loadBalancers, svc.settings.loadBalancers)) refuse('load balancers');
  if (changed(input.networkConfiguration, primary?.networkConfiguration)) refuse('network configuration');
  if (changed(input.platformVersion, primary?.platformVersion)) refuse('platform version');
  if (changed(input.capacityProviderStrategy, primary?.capacityProviderStrategy)) refuse('capacity provider strategy');
  if (changed(input.serviceRegistries, svc.settings.serviceRegistries)) refuse('service registries');
}
