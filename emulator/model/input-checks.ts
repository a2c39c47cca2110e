import { EcsServiceError, invalidParameter } from '../errors.js';

/**
 * Checks for operations the server routes without model validation (emulator/../server/protocol/
 * unmodelled-operations.ts): the JSON type and required-member checks the model would have made,
 * with the same sentences (`X can not be blank.`, Coral's SerializationException texts), so these
 * operations answer bad input as the validated ones do.
 */
const serialization = (message: string) => new EcsServiceError('SerializationException', message);

function kind(value: unknown): string {
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'STRING_VALUE';
}

function mismatch(value: unknown, target: string): never {
  if (Array.isArray(value)) throw serialization('Start of list found where not expected');
  if (value !== null && typeof value === 'object') throw serialization('Start of structure or map found where not expected.');
  throw serialization(`${kind(value)} can not be converted to ${target}`);
}

const blank = (member: string) =>
  invalidParameter(`${member.charAt(0).toUpperCase()}${member.slice(1)} can not be blank.`);

export function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') mismatch(value, 'String');
  return value;
}

export function requiredString(value: unknown, member: string): string {
  const s = optionalString(value);
  if (s === undefined || s === '') throw blank(member);
  return s;
}

export function optionalBoolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') mismatch(value, 'Boolean');
  return value;
}

export function optionalInteger(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) mismatch(value, 'Integer');
  return value;
}

export function optionalNumber(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') mismatch(value, 'Double');
  return value;
}

export function optionalStringList(value: unknown, max = 1000): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serialization('Expected list or null');
  if (value.length > max) throw invalidParameter(`List can have at most ${max} items.`);
  return value.map((v) => {
    if (typeof v !== 'string') mismatch(v, 'String');
    return v;
  });
}

export function requiredStringList(value: unknown, member: string, max = 1000): string[] {
  const list = optionalStringList(value, max);
  if (!list || list.length === 0) throw blank(member);
  return list;
}

export function optionalObject<T extends object>(value: unknown): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) mismatch(value, 'Structure');
  return value as T;
}

export function optionalObjectList<T extends object>(value: unknown, max = 1000): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serialization('Expected list or null');
  if (value.length > max) throw invalidParameter(`List can have at most ${max} items.`);
  for (const v of value) if (v === null || typeof v !== 'object' || Array.isArray(v)) mismatch(v, 'Structure');
  return value as T[];
}

/** `<member> should be one of [a,b]`: the enum sentence the model checks use (server/protocol/constraints.ts). */
export function optionalEnum<T extends string>(value: unknown, member: string, allowed: readonly T[]): T | undefined {
  const s = optionalString(value);
  if (s === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(s)) throw invalidParameter(`${member} should be one of [${allowed.join(',')}]`);
  return s as T;
}
