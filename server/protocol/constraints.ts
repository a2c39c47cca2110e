import { EcsServiceError } from '../../emulator/index.js';
import type { MemberType } from './service-model.js';

/**
 * The enum, length, range and pattern traits of a model member (server/protocol/models/*.model.json,
 * from the SDK's enums and botocore's traits), turned into checks that answer the way ECS does.
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
 *   union                `sharingStrategy must set exactly one member.`    [GUESS]
 */

/** The cap on a list or map the model leaves unbounded: no single call makes the emulator hold more. */
export const MAX_COLLECTION_ITEMS = 1000;

/**
 * Traits a handler checks, with its own sentence, for every operation that takes the shape (by
 * botocore shape name): they are skipped here so the handler's message reaches the caller
 * (emulator/model/tags.ts: `Tag keys must be between 1 and 128 characters in length.`, `The number
 * of tags exceeds the maximum of 50.`, which counts the tags after merging, as ECS's per-resource
 * limit does).
 *
 * The handlers' enum checks (ListTasks desiredStatus, ListTaskDefinitions status/sort, …) need no
 * entry: they use the same `<member> should be one of [...]` sentence and the same values, so the
 * model check answers first with the same text. RunTask/ListTasks `launchType` is the exception in
 * wording (`launch type should be one of [EC2,FARGATE,EXTERNAL]`, a moto text): the model's sentence,
 * which names the wire member and lists MANAGED_INSTANCES too, answers there.
 */
const HANDLER_OWNS_TRAIT: Record<string, ReadonlyArray<'min' | 'max' | 'pattern'>> = {
  Tags: ['max'],
  TagKey: ['min', 'max'],
  TagValue: ['min', 'max'],
};

/**
 * ECS answers problems in a task definition's content with ClientException (`Family contains invalid
 * characters.`, `Container.name contains invalid characters.`, docs/ecs-error-messages.md §7), and
 * everything else with InvalidParameterException.
 */
const CLIENT_EXCEPTION_OPERATIONS: ReadonlySet<string> = new Set(['RegisterTaskDefinition']);

export function errorCodeOf(operation: string): string {
  return CLIENT_EXCEPTION_OPERATIONS.has(operation) ? 'ClientException' : 'InvalidParameterException';
}

/** The member name a message speaks of: the last member of `a.b[2].c`, list indexes dropped. */
export function memberName(path: string): string {
  return path.split('.').at(-1)!.replace(/\[\d+\]/g, '');
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Bounds = { min?: number | undefined; max?: number | undefined };

/** min and max once handler-owned ones are taken out. */
function bounds(t: MemberType & Bounds & { name?: string }): Bounds {
  const owned = t.name === undefined ? undefined : HANDLER_OWNS_TRAIT[t.name];
  return { min: owned?.includes('min') ? undefined : t.min, max: owned?.includes('max') ? undefined : t.max };
}

const failure = (code: string) => (message: string) => new EcsServiceError(code, message);

/** Collection size: the model's min/max, or the generic cap where the model sets no max. */
export function sizeCheck(t: MemberType & Bounds, code: string): (size: number, path: string) => void {
  const invalid = failure(code);
  const b = bounds(t);
  const max = b.max ?? MAX_COLLECTION_ITEMS;
  const min = b.min ?? 0;
  return (size, path) => {
    if (size > max) throw invalid(`${memberName(path)} can have at most ${max} items.`);
    if (size < min) throw invalid(`${capitalised(memberName(path))} cannot be empty.`);
  };
}

/**
 * A pattern of the model as a whole-value test. botocore's patterns are meant to match the whole
 * value (the API Reference shows Tag.key as `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`), but newer botocore
 * models drop the anchors, which in JavaScript would let every value through.
 */
export function wholeValuePattern(pattern: string): { re: RegExp; text: string } {
  // Java's leading inline flags, e.g. CloudTrail's `(?s).*`, become JS flags.
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  const body = inline ? pattern.slice(inline[0].length) : pattern;
  const flags = `u${inline ? inline[1]!.replace(/x/g, '') : ''}`;
  const text = `${body.startsWith('^') ? '' : '^'}${body}${body.endsWith('$') ? '' : '$'}`;
  // botocore patterns are Java regexes; with the `u` flag JS reads the same \p{…} classes.
  return { re: new RegExp(`^(?:${body})$`, flags), text };
}

/** Enum, length, range and pattern checks of a scalar, or undefined when the model sets none. */
export function scalarCheck(
  t: MemberType,
  code: string,
  enums: Readonly<Record<string, readonly string[]>>,
): ((value: unknown, path: string) => void) | undefined {
  const invalid = failure(code);
  const checks: Array<(value: unknown, path: string) => void> = [];
  if (t.type === 'string' && t.enum !== undefined) {
    const values = enums[t.enum] ?? [];
    const allowed = new Set(values);
    const text = `[${values.join(',')}]`;
    checks.push((v, p) => {
      if (typeof v === 'string' && !allowed.has(v)) throw invalid(`${memberName(p)} should be one of ${text}`);
    });
  }
  if (t.type === 'integer' || t.type === 'long' || t.type === 'float' || t.type === 'double' || t.type === 'number') {
    const { min, max } = bounds(t);
    if (min !== undefined || max !== undefined) {
      const sentence =
        min !== undefined && max !== undefined ? `must be between ${min} and ${max}`
        : min !== undefined ? `must be greater than or equal to ${min}.`
        : `must be less than or equal to ${max}.`;
      checks.push((v, p) => {
        if (typeof v !== 'number') return;
        if ((min !== undefined && v < min) || (max !== undefined && v > max)) throw invalid(`${memberName(p)} ${sentence}`);
      });
    }
  }
  if (t.type === 'string') {
    const { min, max } = bounds(t);
    if (min !== undefined || max !== undefined) {
      checks.push((v, p) => {
        if (typeof v !== 'string') return;
        if (max !== undefined && v.length > max) throw invalid(`${memberName(p)} longer than ${max}.`);
        if (min !== undefined && v.length < min) {
          throw invalid(v.length === 0 ? `${capitalised(memberName(p))} can not be blank.` : `${memberName(p)} shorter than ${min}.`);
        }
      });
    }
    const owned = t.name === undefined ? undefined : HANDLER_OWNS_TRAIT[t.name];
    if (t.pattern !== undefined && !owned?.includes('pattern')) {
      const { re, text } = wholeValuePattern(t.pattern);
      checks.push((v, p) => {
        if (typeof v === 'string' && !re.test(v)) throw invalid(`${memberName(p)} must match ${text}, but was ${v}`);
      });
    }
  }
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (v, p) => {
    for (const check of checks) check(v, p);
  };
}

/** A union value sets exactly one of its members. [GUESS]: no ECS answer to a bad union was found. */
export function unionCheck(code: string): (setMembers: number, path: string) => void {
  const invalid = failure(code);
  return (setMembers, path) => {
    if (setMembers !== 1) throw invalid(`${memberName(path) || 'The request'} must set exactly one member.`);
  };
}
