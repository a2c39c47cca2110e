import { invalidParameter } from '../errors.js';

/**
 * What the protocol layer's model checks leave to a handler: an empty string where a value is needed,
 * a list shorter or longer than the operation allows (botocore, the source of length traits, lacks
 * some of the newest operations), an enum checked again where the handler is also called in process.
 * Texts are ECS's sentences for a blank member (docs/ecs-error-messages.md §14) and for list limits
 * ("taskIds can have at most 100 items.", sil-org/ecs-deploy#266).
 */
export function requiredString(value: unknown, blank: string): string {
  if (typeof value !== 'string' || value === '') throw invalidParameter(blank);
  return value;
}

export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string.`);
  return value;
}

export function requiredStringList(value: unknown, member: string, empty: string, max: number): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidParameter(empty);
  if (value.length > max) throw invalidParameter(`${member} can have at most ${max} items.`);
  for (const v of value) if (typeof v !== 'string' || v === '') throw invalidParameter(empty);
  return value as string[];
}

export function enumValue<T extends string>(value: unknown, member: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw invalidParameter(`${member} should be one of [${allowed.join(',')}]`);
  return value as T;
}
