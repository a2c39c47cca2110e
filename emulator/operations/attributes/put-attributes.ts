import type { Attribute, PutAttributesRequest, PutAttributesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { attributeLimitExceeded, invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { saveInstance } from '../../model/container-instances/container-instance.js';
import {
  attributeTarget,
  attributesOfCall,
  isBuiltInAttribute,
  MAX_CUSTOM_ATTRIBUTES,
  validateAttributeName,
  validateAttributeValue,
} from '../../model/container-instances/attributes.js';
import { rescheduleCluster } from '../../lifecycle/cluster-capacity.js';

/**
 * Creates or replaces custom attributes on container instances (the only target type). A target not
 * in the cluster is TargetNotFoundException; an instance with more than 10 custom attributes after
 * the call is AttributeLimitExceededException. The built-in `ecs.*` names are ECS's own and cannot
 * be set [GUESS]. Daemon services and waiting tasks see the change at once (memberOf constraints).
 * Messages: docs/ecs-error-messages.md §23.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html
 */
export function putAttributes(input: PutAttributesRequest, ctx: OperationContext): PutAttributesResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const given = attributesOfCall(input.attributes);
  const byInstance = new Map<string, Attribute[]>();
  for (const a of given) {
    const name = validateAttributeName(a.name);
    validateAttributeValue(a.value);
    if (isBuiltInAttribute(name)) throw invalidParameter(`The attribute name ${name} is reserved by Amazon ECS.`);
    const ci = attributeTarget(ctx, cluster.name, a);
    byInstance.set(ci.arn, [...(byInstance.get(ci.arn) ?? []), a]);
  }
  for (const [arn, list] of byInstance) {
    const ci = ctx.store.containerInstances.get(arn)!;
    const attributes = new Map(ci.attributes);
    const custom = new Set(ci.customAttributeNames);
    for (const a of list) {
      attributes.set(a.name!, a.value ?? '');
      custom.add(a.name!);
    }
    if (custom.size > MAX_CUSTOM_ATTRIBUTES) {
      throw attributeLimitExceeded(`You can apply up to ${MAX_CUSTOM_ATTRIBUTES} custom attributes per resource.`);
    }
    saveInstance(ctx, ci, { attributes, customAttributeNames: custom });
  }
  rescheduleCluster(ctx, cluster);
  return { attributes: given.map((a) => ({ ...a })) };
}
