import type { DeleteAttributesRequest, DeleteAttributesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { activeCluster } from '../../model/cluster.js';
import { saveInstance } from '../../model/container-instances/container-instance.js';
import { attributeTarget, attributesOfCall, validateAttributeName } from '../../model/container-instances/attributes.js';
import { rescheduleCluster } from '../../lifecycle/cluster-capacity.js';

/**
 * Deletes custom attributes ("specify the attribute name and target ID, but don't specify the
 * value"); a name the instance does not have is no error. Daemons leave instances that no longer
 * match their constraints.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteAttributes.html
 */
export function deleteAttributes(input: DeleteAttributesRequest, ctx: OperationContext): DeleteAttributesResponse {
  const cluster = activeCluster(ctx, input.cluster);
  const given = attributesOfCall(input.attributes);
  for (const a of given) {
    const name = validateAttributeName(a.name);
    const ci = attributeTarget(ctx, cluster.name, a);
    if (!ci.customAttributeNames.has(name)) continue;
    const attributes = new Map(ci.attributes);
    attributes.delete(name);
    const custom = new Set(ci.customAttributeNames);
    custom.delete(name);
    saveInstance(ctx, ci, { attributes, customAttributeNames: custom });
  }
  rescheduleCluster(ctx, cluster);
  return { attributes: given.map((a) => ({ ...a })) };
}
