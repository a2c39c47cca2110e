import type { Attribute } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter, targetNotFound } from '../../errors.js';
import { findContainerInstance, type ContainerInstanceRecord } from './container-instance.js';

/**
 * Attribute rules (API_Attribute): a name of 1–128 letters, numbers, hyphens, underscores, forward
 * or back slashes and periods; a value of 1–128 letters, numbers, hyphens, underscores, periods, at
 * signs, slashes, colons and spaces, not starting or ending with a space. PutAttributes takes up to 10
 * attributes a call and a resource holds up to 10 custom ones (API_PutAttributes). The texts of these
 * errors are [GUESS] (docs/ecs-error-messages.md §23).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html
 */
const NAME_RE = /^[a-zA-Z0-9_./\\-]{1,128}$/;
const VALUE_RE = /^[a-zA-Z0-9_.@/\\: -]{1,128}$/;
export const MAX_CUSTOM_ATTRIBUTES = 10;

export function validateAttributeName(name: string | undefined): string {
  if (name === undefined || name === '') throw invalidParameter('Attribute name can not be blank.');
  if (!NAME_RE.test(name)) {
    throw invalidParameter(`Attribute name '${name.slice(0, 128)}' is invalid: up to 128 letters, numbers, hyphens, underscores, slashes and periods.`);
  }
  return name;
}

export function validateAttributeValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!VALUE_RE.test(value) || value.startsWith(' ') || value.endsWith(' ')) {
    throw invalidParameter(
      `Attribute value '${value.slice(0, 128)}' is invalid: 1 to 128 letters, numbers, hyphens, underscores, periods, at signs, slashes, colons and spaces, without leading or trailing spaces.`,
    );
  }
  return value;
}

/** The attributes of a PutAttributes/DeleteAttributes call, checked: 1 to 10 of them. */
export function attributesOfCall(attributes: readonly Attribute[] | undefined): readonly Attribute[] {
  const list = attributes ?? [];
  if (list.length === 0) throw invalidParameter('Attributes cannot be empty.');
  if (list.length > 10) throw invalidParameter('attributes can have at most 10 items.');
  return list;
}

/**
 * The container instance an attribute targets: a full ARN, or a short ID with `targetType`
 * ("This parameter is required if you use the short form ID for a resource instead of the full ARN").
 */
export function attributeTarget(ctx: OperationContext, clusterName: string, a: Attribute): ContainerInstanceRecord {
  const id = a.targetId;
  if (id === undefined || id === '') throw invalidParameter('Attribute targetId can not be blank.');
  if (a.targetType !== undefined && a.targetType !== 'container-instance') {
    throw invalidParameter('targetType should be one of [container-instance]');
  }
  if (!id.startsWith('arn:') && a.targetType === undefined) {
    throw invalidParameter('targetType must be specified when the targetId is not a full ARN.');
  }
  const ci = findContainerInstance(ctx, clusterName, id);
  if (!ci || ci.status === 'INACTIVE') throw targetNotFound(`Could not find ${id}.`);
  return ci;
}

/** Agent-reported attributes (ecs.*, com.amazonaws.ecs.*) are the instance's facts, not custom ones. */
export function isBuiltInAttribute(name: string): boolean {
  return name.startsWith('ecs.') || name.startsWith('com.amazonaws.ecs.');
}
