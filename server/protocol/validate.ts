import { resolveShape, type ServiceModel, type ShapeRef } from './service-model.js';
import { serialization } from './protocol-errors.js';
import {
  cacheKey,
  inputConstraints,
  itemConstraints,
  memberConstraints,
  scalarCheck,
  sizeCheck,
  type ConstraintRef,
} from './constraints.js';

/**
 * Input checks compiled once per operation from the service model: JSON types (answered, as Coral
 * services do, with SerializationException and Coral's wording, e.g. aws/aws-cdk-cli#973
 * "STRING_VALUE cannot be converted to Integer"), required members (answered with the service's
 * own error, see `RequiredMemberError`), then, for ECS, the enum, length, range and pattern traits
 * of its model and a cap on every list and map (see constraints.ts). Each value is type-checked
 * before its traits. Unknown members are ignored, as AWS ignores them; a member given as JSON null
 * is treated as not set, and removed before the handler sees the input.
 */
export type Validator = (input: Record<string, unknown>) => void;

export interface RequiredMemberError {
  (operation: string, path: string): Error;
}

type Check = (value: unknown, path: string) => void;

export function compileValidators(
  model: ServiceModel,
  onMissing: RequiredMemberError,
): Map<string, Validator> {
  const out = new Map<string, Validator>();
  for (const [name, op] of Object.entries(model.operations)) {
    if (!op.input) {
      out.set(name, () => {});
      continue;
    }
    const check = compile(model, op.input, name, onMissing, new Map(), 0, inputConstraints(model.metadata.serviceId, name));
    out.set(name, (input) => check(input, ''));
  }
  return out;
}

function valueKind(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

function mismatch(value: unknown, target: string): never {
  if (Array.isArray(value)) throw serialization('Start of list found where not expected');
  if (value !== null && typeof value === 'object') {
    throw serialization('Start of structure or map found where not expected.');
  }
  throw serialization(`${valueKind(value)} can not be converted to ${target}`);
}

/**
 * No ECS list or map is sparse, so a null element is refused, as Smithy's server-side deserializers
 * refuse one (aws/aws-sdk-js-v3#2771). The exact wording ECS uses is not documented [GUESS].
 */
function nullInCollection(path: string): Error {
  return serialization(`null is not allowed in ${path || 'the request'}`);
}

function compile(
  model: ServiceModel,
  ref: ShapeRef,
  operation: string,
  onMissing: RequiredMemberError,
  cache: Map<ShapeRef, Map<string, Check>>,
  depth: number,
  constraints: ConstraintRef | undefined,
): Check {
  const shape = resolveShape(model, ref);
  // The same shape can sit under different constraint positions (or none).
  const key = cacheKey(constraints);
  let byConstraint = cache.get(shape);
  if (!byConstraint) cache.set(shape, (byConstraint = new Map()));
  const cached = byConstraint.get(key);
  if (cached) return cached;
  const type = shape.type ?? 'string';
  let check: Check;
  switch (type) {
    case 'structure': {
      // Recursive shapes: register a forwarding check first.
      let inner: Check = () => {};
      check = (v, p) => inner(v, p);
      byConstraint.set(key, check);
      const members = Object.entries(shape.members ?? {}).map(
        ([m, r]) =>
          [m, compile(model, r, operation, onMissing, cache, depth + 1, memberConstraints(constraints, m))] as const,
      );
      const required = shape.required ?? [];
      inner = (value, path) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          if (Array.isArray(value)) throw serialization('Start of list found where not expected');
          throw serialization(`${valueKind(value)} can not be converted to a Structure`);
        }
        const obj = value as Record<string, unknown>;
        for (const r of required) {
          if (obj[r] === undefined || obj[r] === null) throw onMissing(operation, path ? `${path}.${r}` : r);
        }
        for (const [m, c] of members) {
          const v = obj[m];
          if (v === undefined) continue;
          // JSON null in a structure member means the member is not set: handlers never see it.
          if (v === null) delete obj[m];
          else c(v, path ? `${path}.${m}` : m);
        }
      };
      return check;
    }
    case 'list': {
      const item = compile(model, shape.member ?? {}, operation, onMissing, cache, depth + 1, itemConstraints(constraints));
      const size = sizeCheck(constraints);
      check = (value, path) => {
        if (!Array.isArray(value)) throw serialization('Expected list or null');
        size(value.length, path);
        for (let i = 0; i < value.length; i++) {
          if (value[i] === null) throw nullInCollection(path);
          item(value[i], `${path}[${i}]`);
        }
      };
      break;
    }
    case 'map': {
      const val = compile(model, shape.value ?? {}, operation, onMissing, cache, depth + 1, itemConstraints(constraints));
      const size = sizeCheck(constraints);
      check = (value, path) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) mismatch(value, 'a Map');
        const entries = Object.entries(value as object);
        size(entries.length, path);
        // Entries are named after the map, not after their key, in messages.
        for (const [, v] of entries) {
          if (v === null) throw nullInCollection(path);
          val(v, path);
        }
      };
      break;
    }
    case 'integer':
    case 'long':
      check = (value) => {
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          if (typeof value === 'number') throw serialization(`NUMBER_VALUE can not be converted to ${type === 'long' ? 'Long' : 'Integer'}`);
          if (typeof value === 'string') throw serialization(`STRING_VALUE cannot be converted to ${type === 'long' ? 'Long' : 'Integer'}`);
          mismatch(value, type === 'long' ? 'Long' : 'Integer');
        }
      };
      break;
    case 'float':
    case 'double':
      check = (value) => {
        if (typeof value !== 'number') mismatch(value, 'a Double');
      };
      break;
    case 'boolean':
      check = (value) => {
        if (typeof value !== 'boolean') mismatch(value, 'a Boolean');
      };
      break;
    case 'timestamp':
      check = (value) => {
        if (typeof value === 'number') return;
        if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return;
        mismatch(value, 'a Date');
      };
      break;
    default:
      // string, blob
      check = (value) => {
        if (typeof value !== 'string') mismatch(value, 'a String');
      };
  }
  const traits = scalarCheck(constraints);
  if (traits) {
    const typeOnly = check;
    check = (value, path) => {
      typeOnly(value, path);
      traits(value, path);
    };
  }
  byConstraint.set(key, check);
  return check;
}

/**
 * For an operation the bundled model does not describe (see pipeline.ts `isOperationOf`): JSON null
 * members are removed, as the compiled validators remove them, so a handler never sees null.
 */
export function dropNullMembers(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) dropNullMembers(v);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (obj[k] === null) delete obj[k];
      else dropNullMembers(obj[k]);
    }
  }
}
