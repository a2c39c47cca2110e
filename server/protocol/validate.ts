import type { MemberType, ServiceModel } from './service-model.js';
import { serialization } from './protocol-errors.js';
import { errorCodeOf, scalarCheck, sizeCheck, unionCheck } from './constraints.js';
import { KnownMembers } from './known-members.js';

/**
 * Input checks compiled from the service model, once per operation on its first call (a cold start
 * compiles nothing it does not use): members the model does not know are dropped (see
 * known-members.ts), then JSON types (answered, as Coral services do, with SerializationException
 * and Coral's wording, e.g. aws/aws-cdk-cli#973 "STRING_VALUE cannot be converted to Integer"),
 * required members (answered with the service's own error, see `RequiredMemberError`), then the
 * enum, length, range and pattern traits and a cap on every list and map (see constraints.ts). Each
 * value is type-checked before its traits. A member given as JSON null is treated as not set, and
 * removed before the handler sees the input.
 */
export type Validator = (input: Record<string, unknown>) => void;

export interface RequiredMemberError {
  (operation: string, path: string): Error;
}

export interface ValidatorOptions {
  /**
   * Check JSON types, required members and traits, answering a missing required member with this
   * service's error; without it, the validators only drop members the model does not have.
   */
  requiredMemberError?: RequiredMemberError | undefined;
}

type Check = (value: unknown, path: string) => void;

/** The validators of one service's operations, each compiled on first use. */
export class OperationValidators {
  readonly #model: ServiceModel;
  readonly #onMissing: RequiredMemberError | undefined;
  readonly #known: KnownMembers;
  readonly #byOperation = new Map<string, Validator>();
  /**
   * Structure checks by operation and name: a structure shared by operations answers with each
   * one's error code and required-member sentences (required-members.ts is keyed by operation).
   */
  readonly #structures = new Map<string, Check>();

  constructor(model: ServiceModel, options: ValidatorOptions = {}) {
    this.#model = model;
    this.#onMissing = options.requiredMemberError;
    this.#known = new KnownMembers(model);
  }

  /** The validator of an operation of the model; undefined for a name the model lacks. */
  get(operation: string): Validator | undefined {
    let validator = this.#byOperation.get(operation);
    if (validator) return validator;
    const dropUnknown = this.#known.forOperation(operation);
    if (!dropUnknown) return undefined;
    const onMissing = this.#onMissing;
    if (!onMissing) {
      validator = (input) => dropUnknown(input);
    } else {
      const check = this.#structure(this.#model.operations[operation]!.input, operation, errorCodeOf(operation), onMissing);
      validator = (input) => {
        dropUnknown(input);
        check(input, '');
      };
    }
    this.#byOperation.set(operation, validator);
    return validator;
  }

  /** Compile every operation now (a test that all of them compile; a warm-up). Returns how many. */
  compileAll(): number {
    let n = 0;
    for (const op of Object.keys(this.#model.operations)) if (this.get(op)) n++;
    return n;
  }

  #structure(name: string, operation: string, code: string, onMissing: RequiredMemberError): Check {
    const key = `${operation}:${name}`;
    const cached = this.#structures.get(key);
    if (cached) return cached;
    // Recursive shapes: register a forwarding check first.
    let inner: Check = () => {};
    const check: Check = (v, p) => inner(v, p);
    this.#structures.set(key, check);
    const shape = this.#model.structures[name];
    if (!shape) throw new Error(`the ${this.#model.metadata.serviceId} model has no structure ${name}`);
    const members = Object.entries(shape.members).map(([m, t]) => [m, this.#type(t, operation, code, onMissing)] as const);
    const required = shape.required ?? [];
    const union = shape.union ? unionCheck(code) : undefined;
    inner = (value, path) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        if (Array.isArray(value)) throw serialization('Start of list found where not expected');
        throw serialization(`${valueKind(value)} can not be converted to a Structure`);
      }
      const obj = value as Record<string, unknown>;
      for (const r of required) {
        if (obj[r] === undefined || obj[r] === null) throw onMissing(operation, path ? `${path}.${r}` : r);
      }
      let set = 0;
      for (const [m, c] of members) {
        const v = obj[m];
        if (v === undefined) continue;
        // JSON null in a structure member means the member is not set: handlers never see it.
        if (v === null) {
          delete obj[m];
          continue;
        }
        set++;
        c(v, path ? `${path}.${m}` : m);
      }
      union?.(set, path);
    };
    return check;
  }

  #type(t: MemberType, operation: string, code: string, onMissing: RequiredMemberError): Check {
    let check: Check;
    switch (t.type) {
      case 'structure':
      case 'union':
        return this.#structure(t.shape, operation, code, onMissing);
      case 'list': {
        const item = this.#type(t.member, operation, code, onMissing);
        const size = sizeCheck(t, code);
        return (value, path) => {
          if (!Array.isArray(value)) throw serialization('Expected list or null');
          size(value.length, path);
          for (let i = 0; i < value.length; i++) {
            if (value[i] === null) throw nullInCollection(path);
            item(value[i], `${path}[${i}]`);
          }
        };
      }
      case 'map': {
        const key = scalarCheck(t.key, code, this.#model.enums);
        const val = this.#type(t.value, operation, code, onMissing);
        const size = sizeCheck(t, code);
        return (value, path) => {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) mismatch(value, 'a Map');
          const entries = Object.entries(value as object);
          size(entries.length, path);
          // Entries are named after the map, not after their key, in messages.
          for (const [k, v] of entries) {
            key?.(k, path);
            if (v === null) throw nullInCollection(path);
            val(v, path);
          }
        };
      }
      case 'integer':
      case 'long': {
        const javaType = t.type === 'long' ? 'Long' : 'Integer';
        check = (value) => {
          if (typeof value !== 'number' || !Number.isInteger(value)) {
            if (typeof value === 'number') throw serialization(`NUMBER_VALUE can not be converted to ${javaType}`);
            if (typeof value === 'string') throw serialization(`STRING_VALUE cannot be converted to ${javaType}`);
            mismatch(value, javaType);
          }
        };
        break;
      }
      case 'float':
      case 'double':
      case 'number':
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
      case 'document':
        // Any JSON value; its depth is bounded when the body is parsed (aws-json.ts).
        return () => {};
      default:
        // string, blob (base64 text)
        check = (value) => {
          if (typeof value !== 'string') mismatch(value, 'a String');
        };
    }
    const traits = scalarCheck(t, code, this.#model.enums);
    if (!traits) return check;
    const typeOnly = check;
    return (value, path) => {
      typeOnly(value, path);
      traits(value, path);
    };
  }
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
