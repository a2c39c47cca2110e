import type { ContinueServiceDeploymentRequest, ContinueServiceDeploymentResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { enumValue, requiredString } from '../../model/deployment-request-checks.js';
import { findServiceDeployment, serviceDeploymentNotFound } from '../../model/service-deployment-ref.js';
import { serviceDeploymentStatusAt } from '../../model/service-deployment-record.js';
import { ServiceChange } from '../../lifecycle/service-deployment.js';
import { advanceStages, resolveHook } from '../../lifecycle/deployment-stages.js';
import { rollbackServiceDeployment } from '../../lifecycle/deployment-rollout.js';
import { upkeepOf } from '../../lifecycle/service-upkeep.js';

/**
 * ContinueServiceDeployment: a deployment paused at a PAUSE hook goes on to the next stage (CONTINUE,
 * the default) or rolls back (ROLLBACK). "The pause hook must be in AWAITING_ACTION status" and "the
 * deployment must be in the IN_PROGRESS state"; otherwise InvalidParameterException [GUESS] texts.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/continue-service-deployment.html
 */
export function continueServiceDeployment(input: ContinueServiceDeploymentRequest, ctx: OperationContext): ContinueServiceDeploymentResponse {
  const arn = requiredString(input.serviceDeploymentArn, 'ServiceDeploymentArn can not be blank.');
  const hookId = requiredString(input.hookId, 'HookId can not be blank.');
  const action = enumValue(input.action, 'action', ['ROLLBACK', 'CONTINUE'] as const) ?? 'CONTINUE';
  const found = findServiceDeployment(ctx, arn);
  if (!found) throw serviceDeploymentNotFound();
  const svc = upkeepOf(ctx, found.svc);
  const sd = svc.serviceDeployments.find((d) => d.arn === arn)!;
  const { status } = serviceDeploymentStatusAt(sd, ctx.now);
  if (status !== 'IN_PROGRESS') throw invalidParameter(`The service deployment is ${status}; only an IN_PROGRESS deployment can be continued.`);
  const hook = sd.stages?.hooks?.find((h) => h.hookId === hookId);
  if (!hook) throw invalidParameter(`The lifecycle hook ${hookId} was not found in the current stage of the service deployment.`);
  if (hook.status !== 'AWAITING_ACTION') throw invalidParameter(`The lifecycle hook ${hookId} is ${hook.status}, not AWAITING_ACTION.`);
  const cluster = ctx.store.clusters.get(svc.clusterName)!;
  const change = new ServiceChange(ctx, cluster, svc);
  if (action === 'CONTINUE') {
    resolveHook(change, sd.id, hookId, 'SUCCEEDED', ctx.now);
    advanceStages(change);
  } else {
    resolveHook(change, sd.id, hookId, 'FAILED', ctx.now);
    // [GUESS] reason text.
    rollbackServiceDeployment(change, change.currentServiceDeployment!, ctx.now, `The lifecycle hook ${hookId} asked for a rollback.`);
  }
  const { deployments: _d, events: _e, serviceDeployments: _s, revisions: _r, ...rest } = svc;
  change.finish(rest);
  return { serviceDeploymentArn: arn };
}
