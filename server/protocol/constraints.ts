import { EcsServiceError } from '../../emulator/index.js';
import constraintFile from './ecs-constraints.generated.json' with { type: 'json' };

/**
 * The enum, length, range and pattern traits of the ECS model (server/protocol/ecs-constraints
 * .generated.json, from botocore's service-2.json; see scripts/extract-ecs-constraints.ts), turned
 * into checks that answer the way ECS does.
 *
 * ECS never answers these with Coral's `1 validation error detected: …` ValidationException; its
 * validation errors are short sentences with InvalidParameterException (docs/ecs-error-messages.md
 * §14–15). The sentence forms below are the ones seen from ECS where one exists:
 *   string too long      `startedBy longer than 36.`                       [REAL] convox/rack#1727
 *   list too long        `taskIds can have at most 100 items.`             [REAL] sil-org/ecs-deploy#266
 *   pattern              `Cluster must match ^[a-zA-Z0-9\-_]{1,255}$, but was x` [REAL] amazon-ecs-nodejs-microservices#18
 *   list too short       `Tasks cannot be empty.`                          [REAL] sil-org/ecs-deploy#63
 * and, where no ECS response was found (searched: invalid launchType, desiredStatus, sort, status):
 *   enum                 `launchType should be one of [EC2,FARGATE,…]`     [GUESS] moto's wording, as the handlers use
 *   number out of range  `weight must be between 0 and 1000`               [GUESS] like the maxResults message
 */
/** What validation needs of one shape; `members`/`member`/`value` name other shapes of the file. */
export interface ConstraintShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double';
  members?: Record<string, string>;
  member?: string;
  value?: string;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}

interface ConstraintFile {
  operations: Record<string, string>;
  shapes: Record<string, ConstraintShape>;
}

const file = constraintFile as unknown as ConstraintFile;

/** The cap on a list or map the model leaves unbounded: no single call makes the emulator hold more. */
export const MAX_COLLECTION_ITEMS = 1000;

/**
 * Traits a handler checks, with its own sentence, for every operation that takes the shape: they are
 * skipped here so the handler's message reaches the caller (emulator/model/tags.ts: `Tag keys must be
 * between 1 and 128 characters in length.`, `The number of tags exceeds the maximum of 50.`, which
 * counts the tags after merging, as ECS's per-resource limit does).
 *
 * The handlers' enum checks (ListTasks desiredStatus, ListTaskDefinitions status/sort, …) need no
 * entry: they use the same `<member> should be one of [...]` sentence and the same values, so the
 * model check answers first with the same text. RunTask/ListTasks `launchType` is the exception in
 * wording (`launch type should be one of [EC2,FARGATE,EXTERNAL]`, a moto text): the model's sentence,
 * which names the wire member and lists MANAGED_INSTANCES too, answers there.
 */
const HANDLER_OWNS_TRAIT: Record<string, ReadonlyArray<'enum' | 'min' | 'max' | 'pattern'>> = {
  Tags: ['max'],
  TagKey: ['min', 'max'],
  TagValue: ['min', 'max'],
};

/** A node of the constraint model that a validator position corresponds to. */
export interface ConstraintRef {
  name: string;
  shape: ConstraintShape;
  /** InvalidParameterException, or ClientException inside a task definition (see below). */
  code: string;
}

/**
 * ECS answers problems in a task definition's content with ClientException (`Family contains invalid
 * characters.`, `Container.name contains invalid characters.`, docs/ecs-error-messages.md §7), and
 * everything else with InvalidParameterException.
 */
const CLIENT_EXCEPTION_OPERATIONS = new Set(['RegisterTaskDefinition']);

export function inputConstraints(serviceId: string, operation: string): ConstraintRef | undefined {
  if (serviceId !== 'ECS') return undefined;
  const name = file.operations[operation];
  return ref(name, CLIENT_EXCEPTION_OPERATIONS.has(operation) ? 'ClientException' : 'InvalidParameterException');
}

function ref(name: string | undefined, code: string): ConstraintRef | undefined {
  const shape = name === undefined ? undefined : file.shapes[name];
  return name && shape ? { name, shape, code } : undefined;
}

export function memberConstraints(parent: ConstraintRef | undefined, member: string): ConstraintRef | undefined {
  return parent && ref(parent.shape.members?.[member], parent.code);
}

export function itemConstraints(parent: ConstraintRef | undefined): ConstraintRef | undefined {
  return parent && ref(parent.shape.member ?? parent.shape.value, parent.code);
}

export function cacheKey(c: ConstraintRef | undefined): string {
  return c ? `${c.code}:${c.name}` : '';
}

/** The member name a message speaks of: the last member of `a.b[2].c`, list indexes dropped. */
export function memberName(path: string): string {
  return path.split('.').at(-1)!.replace(/\[\d+\]/g, '');
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Collection size: the model's min/max, or the generic cap where the model sets no max. */
export function sizeCheck(c: ConstraintRef | undefined): (size: number, path: string) => void {
  const traits = applicable(c);
  const invalid = failure(c);
  const max = traits?.max ?? MAX_COLLECTION_ITEMS;
  const min = traits?.min ?? 0;
  return (size, path) => {
    if (size > max) throw invalid(`${memberName(path)} can have at most ${max} items.`);
    if (size < min) throw invalid(`${capitalised(memberName(path))} cannot be empty.`);
  };
}

/** Enum, length, range and pattern checks of a scalar, or undefined when the model sets none. */
export function scalarCheck(c: ConstraintRef | undefined): ((value: unknown, path: string) => void) | undefined {
  const t = applicable(c);
  if (!t) return undefined;
  const invalid = failure(c);
  const checks: Array<(value: unknown, path: string) => void> = [];
  if (t.enum) {
    const allowed = new Set(t.enum);
    const text = `[${t.enum.join(',')}]`;
    checks.push((v, p) => {
      if (typeof v === 'string' && !allowed.has(v)) throw invalid(`${memberName(p)} should be one of ${text}`);
    });
  }
  const numeric = c!.shape.type !== 'string';
  if (numeric && (t.min !== undefined || t.max !== undefined)) {
    const { min, max } = t;
    const sentence =
      min !== undefined && max !== undefined ? `must be between ${min} and ${max}`
      : min !== undefined ? `must be greater than or equal to ${min}.`
      : `must be less than or equal to ${max}.`;
    checks.push((v, p) => {
      if (typeof v !== 'number') return;
      if ((min !== undefined && v < min) || (max !== undefined && v > max)) throw invalid(`${memberName(p)} ${sentence}`);
    });
  }
  if (!numeric && (t.min !== undefined || t.max !== undefined)) {
    const { min, max } = t;
    checks.push((v, p) => {
      if (typeof v !== 'string') return;
      if (max !== undefined && v.length > max) throw invalid(`${memberName(p)} longer than ${max}.`);
      if (min !== undefined && v.length < min) {
        throw invalid(v.length === 0 ? `${capitalised(memberName(p))} can not be blank.` : `${memberName(p)} shorter than ${min}.`);
      }
    });
  }
  if (t.pattern !== undefined) {
    // botocore patterns are Java regexes; with the `u` flag JS reads the same \p{…} classes.
    const pattern = t.pattern;
    const re = new RegExp(pattern, 'u');
    checks.push((v, p) => {
      if (typeof v === 'string' && !re.test(v)) throw invalid(`${memberName(p)} must match ${pattern}, but was ${v}`);
    });
  }
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (v, p) => {
    for (const check of checks) check(v, p);
  };
}

function failure(c: ConstraintRef | undefined): (message: string) => EcsServiceError {
  const code = c?.code ?? 'InvalidParameterException';
  return (message) => new EcsServiceError(code, message);
}

/** The traits that apply at this position once handler-owned ones are taken out. */
function applicable(c: ConstraintRef | undefined): Omit<ConstraintShape, 'type'> | undefined {
  if (!c) return undefined;
  const owned = HANDLER_OWNS_TRAIT[c.name];
  if (!owned) return c.shape;
  const out: Omit<ConstraintShape, 'type'> = { ...c.shape };
  for (const trait of owned) delete out[trait];
  return out;
}

/** Every pattern of the file, for a test that they all compile as JS regexes. */
export function allPatterns(): string[] {
  return Object.values(file.shapes).flatMap((s) => (s.pattern === undefined ? [] : [s.pattern]));
}
