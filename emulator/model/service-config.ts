import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { clientException, invalidParameter } from '../errors.js';
import { parseTaskDefinitionRef, type TaskDefinitionRecord } from './task-definition.js';

/**
 * The task definition a CreateService/UpdateService names. Texts are the ones real ECS returns:
 * unknown family → ClientException "TaskDefinition not found." (Cloud-CV/EvalAI#2419); a revision
 * that does not exist → InvalidParameterException "Invalid revision number." (terraform-provider-aws#30313);
 * a deregistered revision → "TaskDefinition is inactive" (DefangLabs/defang#775, seen on RunTask).
 * See docs/ecs-error-messages.md §8 and §10.
 */
export function serviceTaskDefinition(ctx: OperationContext, ref: string | undefined): TaskDefinitionRecord {
  if (ref === undefined || ref === '') {
    // hashicorp/terraform-provider-aws PR #27389 (CreateService with an empty taskDefinition)
    throw invalidParameter('Family should not be null or empty.');
  }
  const notFound = () => clientException('TaskDefinition not found.');
  const parsed = parseTaskDefinitionRef(ref, notFound);
  const revisions = ctx.store.taskDefinitions.get(parsed.family);
  if (!revisions || revisions.length === 0) throw notFound();
  if (parsed.revision === undefined) {
    for (let i = revisions.length - 1; i >= 0; i--) if (revisions[i]!.status === 'ACTIVE') return revisions[i]!;
    throw notFound();
  }
  const rec = revisions[parsed.revision - 1];
  if (!rec || rec.status === 'DELETE_IN_PROGRESS') throw invalidParameter('Invalid revision number.');
  if (rec.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive');
  return rec;
}

/** A revision by its ARN, whatever its status: a service keeps running a deregistered revision. */
export function taskDefinitionByArn(ctx: Pick<OperationContext, 'store'>, arn: string): TaskDefinitionRecord | undefined {
  const m = /:task-definition\/([^:]+):(\d+)$/.exec(arn);
  if (!m) return undefined;
  return ctx.store.taskDefinitions.get(m[1]!)?.[Number(m[2]) - 1];
}

/** `ecs-svc/` and 19 digits, as ECS names deployments. */
export function newDeploymentId(ctx: OperationContext): string {
  const n = BigInt(`0x${ctx.ids.hex(16)}`) % 10n ** 19n;
  return `ecs-svc/${n.toString().padStart(19, '0')}`;
}

/**
 * ECS's defaults for a rolling-update service: 200 % maximum, 100 % minimum healthy, circuit breaker off.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
export function deploymentConfigurationOf(
  given: DeploymentConfiguration | undefined,
  base?: DeploymentConfiguration,
): DeploymentConfiguration {
  const kept = { ...base };
  if (given?.strategy !== undefined && given.strategy !== base?.strategy) {
    // A new strategy does not inherit the old one's step settings.
    delete kept.linearConfiguration;
    delete kept.canaryConfiguration;
  }
  const out: DeploymentConfiguration = {
    deploymentCircuitBreaker: { enable: false, rollback: false },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    ...kept,
    ...given,
  };
  for (const key of Object.keys(out) as (keyof DeploymentConfiguration)[]) if (out[key] === undefined) delete out[key];
  if (out.maximumPercent !== undefined && out.maximumPercent < 100) {
    // [GUESS] text: ECS documents the limit (maximumPercent ≥ 100 for REPLICA) but no error was found.
    throw invalidParameter('maximumPercent must be at least 100.');
  }
  if (out.minimumHealthyPercent !== undefined && (out.minimumHealthyPercent < 0 || out.minimumHealthyPercent > 100)) {
    throw invalidParameter('minimumHealthyPercent must be between 0 and 100.');
  }
  return out;
}

export function validateDesiredCount(count: number | undefined): void {
  if (count === undefined) return;
  if (!Number.isInteger(count) || count < 0) {
    // [GUESS] text: floci-io/floci#1382 says AWS rejects a negative desiredCount with a 400 but quotes none.
    throw invalidParameter('Desired count must be greater than or equal to 0.');
  }
}

const NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;

export function validateServiceName(name: string | undefined): string {
  if (name === undefined || name === '') throw invalidParameter('Service name can not be blank.');
  if (!NAME_RE.test(name)) {
    // [GUESS] text; the rule is documented on CreateService `serviceName`.
    throw invalidParameter('Service name must be 1-255 characters: letters, numbers, hyphens and underscores.');
  }
  return name;
}

/** A request in a canonical form (keys sorted, clientToken dropped) to compare re-creates. */
export function fingerprint(request: object): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        if (k === 'clientToken') continue;
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = canon(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(canon(request));
}
