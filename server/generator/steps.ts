import type { Actor } from './actors.js';
import { parseDuration } from './durations.js';
import type { Random } from './random.js';
import { REFERENCE_RE, ScenarioError, parseStepAt, type StepSpec } from './scenario.js';

/** A scenario step placed on the timeline. */
export interface TimedStep {
  index: number;
  /** `steps[3]` or `steps[3] (deploy)`, for messages (`… in eu-west-1` for one call of a step with regions). */
  label: string;
  /** The call to make: for a step with regions, the call in one region (`region` set, no `regions`). */
  spec: StepSpec;
  time: number;
  /** One of the calls of a step with regions: its output is kept under the step's id by region. */
  fannedOut?: boolean;
}

const DEFAULT_GAP = 30_000;
const DEFAULT_REGION_INTERVAL = 2_000;

/**
 * Place steps on the timeline: `at` is absolute (or `+offset` from the start), `after` is relative to
 * the step before; a step with neither comes 30 s after the one before (the first at the start). Steps
 * then run in time order, file order breaking ties — and a step may only use results of steps that
 * ran before it.
 */
export function scheduleSteps(steps: readonly StepSpec[], start: number, end: number): TimedStep[] {
  const timed: TimedStep[] = [];
  let previous: number | undefined;
  steps.forEach((spec, index) => {
    let time: number;
    if (spec.at !== undefined) {
      const at = parseStepAt(spec.at)!;
      time = 'offsetMs' in at ? start + at.offsetMs : at.instantMs;
    } else if (spec.after !== undefined) time = (previous ?? start) + parseDuration(spec.after)!;
    else time = previous === undefined ? start : previous + DEFAULT_GAP;
    const label = spec.id ? `steps[${index}] (${spec.id})` : `steps[${index}]`;
    const calls = spec.regions ? fanOut(spec, label, time) : [{ index, label, spec, time }];
    for (const call of calls) {
      if (call.time < start || call.time >= end) {
        throw new ScenarioError(`${call.label} falls at ${new Date(call.time).toISOString()}, outside the run (${new Date(start).toISOString()} to ${new Date(end).toISOString()})`);
      }
      timed.push({ ...call, index });
    }
    // `after` counts from the step before: the last of its calls.
    previous = calls.at(-1)!.time;
  });
  timed.sort((a, b) => a.time - b.time || a.index - b.index);
  const ran = new Map<string, TimedStep>();
  for (const step of timed) {
    const refs = referencedSteps([step.spec.params, step.spec.task, step.spec.agent]);
    if (step.spec.credentials !== undefined) refs.push(step.spec.credentials);
    for (const ref of refs) {
      if (!ran.has(ref)) {
        throw new ScenarioError(`${step.label} at ${new Date(step.time).toISOString()} uses the result of step "${ref}", which runs later`);
      }
    }
    if (step.spec.id) ran.set(step.spec.id, step);
  }
  return timed;
}

/** A step with regions: one call per region, `interval` apart, each with its region. */
function fanOut(spec: StepSpec, label: string, time: number): Omit<TimedStep, 'index'>[] {
  const { regions, interval, ...one } = spec;
  const gap = interval !== undefined ? parseDuration(interval)! : DEFAULT_REGION_INTERVAL;
  return regions!.map((region, i) => ({ label: `${label} in ${region}`, spec: { ...one, region }, time: time + i * gap, fannedOut: true }));
}

function referencedSteps(params: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(REFERENCE_RE)) {
        const ref = m[1]!.trim();
        if (ref.startsWith('steps.')) out.push(ref.split('.')[1]!);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(params);
  return out;
}

/**
 * Substitute `${steps.<id>.<path>}`, `${actors.<name>.<field>}` and `${random.name}`. A string that is
 * exactly one reference takes the referenced value as it is (a number, a list); otherwise it is text.
 */
export function resolveParams(
  params: Record<string, unknown> | undefined,
  label: string,
  outputs: ReadonlyMap<string, unknown>,
  actors: ReadonlyMap<string, Actor>,
  random?: Random,
): Record<string, unknown> {
  const lookup = (ref: string): unknown => {
    if (ref === 'random.name') {
      if (!random) throw new ScenarioError(`${label}: \${random.name} is not available here`);
      return randomName(random);
    }
    const [root, name, ...rest] = ref.split('.');
    const path = rest.join('.').replace(/\[(\d+)\]/g, '.$1').split('.').filter((p) => p !== '');
    let value: unknown;
    if (root === 'steps') value = outputs.get(name!);
    else {
      const a = actors.get(name!)!;
      value = { arn: a.principal.arn, accountId: a.principal.accountId, principalId: a.principal.principalId, name: a.name };
    }
    for (const key of path) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined) {
      throw new ScenarioError(`${label}: \${${ref}} resolves to nothing: ${root} "${name}" has no ${path.join('.') || 'value'}`);
    }
    return value instanceof Date ? value.toISOString() : value;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\$\{([^}]+)\}$/.exec(v);
      if (whole) return lookup(whole[1]!.trim());
      return v.replace(REFERENCE_RE, (_, ref: string) => {
        const value = lookup(ref.trim());
        return typeof value === 'object' ? JSON.stringify(value) : String(value);
      });
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return (walk(params ?? {}) as Record<string, unknown>);
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A name like the ones crypto-mining intrusions give their clusters and services (Datadog Security
 * Labs: "[random string]", e.g. 12 lowercase letters and digits), drawn from the scenario's seed.
 */
function randomName(random: Random): string {
  let name = NAME_CHARS[random.int(0, 25)]!;
  for (let i = 1; i < 12; i++) name += NAME_CHARS[random.int(0, NAME_CHARS.length - 1)]!;
  return name;
}
