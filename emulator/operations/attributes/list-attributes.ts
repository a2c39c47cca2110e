import type { Attribute, ListAttributesRequest, ListAttributesResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { activeCluster } from '../../model/cluster.js';
import { registeredInstances } from '../../model/container-instances/container-instance.js';
import { paginate } from '../../model/pagination.js';

/**
 * Every attribute (built-in and custom) of every registered container instance of the cluster, one
 * entry per attribute and instance, optionally only one name (and value); 100 a page unless
 * `maxResults` (1–100) says fewer. A value without a name is refused [GUESS] ("You must also specify
 * an attribute name to use this parameter").
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListAttributes.html
 */
export function listAttributes(input: ListAttributesRequest, ctx: OperationContext): ListAttributesResponse {
  if (input.targetType !== 'container-instance') throw invalidParameter('targetType should be one of [container-instance]');
  if (input.attributeValue !== undefined && input.attributeName === undefined) {
    throw invalidParameter('attributeName must be specified when attributeValue is specified.');
  }
  const cluster = activeCluster(ctx, input.cluster);
  const out: Attribute[] = [];
  for (const ci of registeredInstances(ctx, cluster.name)) {
    for (const [name, value] of ci.attributes) {
      if (input.attributeName !== undefined && name !== input.attributeName) continue;
      if (input.attributeValue !== undefined && value !== input.attributeValue) continue;
      out.push(value === '' ? { name, targetType: 'container-instance', targetId: ci.arn } : { name, value, targetType: 'container-instance', targetId: ci.arn });
    }
  }
  const { page, nextToken } = paginate(out, input, 'ListAttributes', 100);
  return nextToken ? { attributes: page, nextToken } : { attributes: page };
}
