import type { Actor } from './actors.js';
import { referencesIn, type Ec2Spec } from './scenario.js';
import type { TimedStep } from './steps.js';

/**
 * The scopes (account and region) of a run that must be generated together: a scope's calls depend
 * only on its own earlier calls (each has its own emulator state and random streams, scopes.ts), so a
 * run splits into scopes — except where a step uses the result of a step in another scope, or names an
 * agent registered in another: those scopes are one unit.
 */
export interface ScopeUnit {
  /** `account/region` keys, sorted. */
  scopes: string[];
  /** Expected number of events, to balance shards. */
  weight: number;
}

export interface UnitInputs {
  actors: ReadonlyMap<string, Actor>;
  steps: readonly TimedStep[];
  /** The run's default account and the steps' default region. */
  accountId: string;
  homeRegion: string;
  ec2?: Ec2Spec | undefined;
  start: number;
  end: number;
}

const HOUR = 3_600_000;
/** At most this many samples of an actor's daily rhythm to estimate its calls. */
const RHYTHM_SAMPLES = 20_000;

export const scopeKey = (accountId: string, region: string): string => `${accountId}/${region}`;

/** The run's units, ordered by their first scope. */
export function scopeUnits(o: UnitInputs): ScopeUnit[] {
  const parent = new Map<string, string>();
  const weight = new Map<string, number>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const add = (k: string, w = 0) => {
    if (!parent.has(k)) parent.set(k, k);
    weight.set(k, (weight.get(k) ?? 0) + w);
  };
  const join = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
  };

  for (const actor of o.actors.values()) {
    const bg = actor.spec.background;
    if (!bg || !(bg.callsPerHour > 0)) continue;
    const calls = (bg.callsPerHour * activeHours(actor, o.start, o.end)) / actor.regions.length;
    for (const region of actor.regions) add(scopeKey(actor.principal.accountId, region), calls);
  }
  const stepScope = new Map<string, string>();
  for (const step of o.steps) {
    const s = step.spec;
    const { accountId, region } = stepScopeOf(step, o);
    const key = scopeKey(accountId, region);
    // A new cluster's instances register (and discover their endpoint) at once.
    add(key, 1 + (s.call === 'CreateCluster' ? 2 * (o.ec2?.instancesPerCluster ?? 0) : 0));
    const arn = s.agent === undefined ? undefined : AGENT_ARN.exec(s.agent);
    if (arn) {
      // A literal ARN names an instance registered in its own region.
      add(scopeKey(arn[2]!, arn[1]!));
      join(key, scopeKey(arn[2]!, arn[1]!));
    }
    for (const ref of [...referencesIn(s.params), ...referencesIn(s.agent)]) {
      const [root, id] = ref.split('.');
      const other = root === 'steps' ? stepScope.get(id ?? '') : undefined;
      if (other) join(key, other);
    }
    if (s.id !== undefined) stepScope.set(s.id, key);
  }

  const units = new Map<string, ScopeUnit>();
  for (const k of [...parent.keys()].sort()) {
    const root = find(k);
    let unit = units.get(root);
    if (!unit) units.set(root, (unit = { scopes: [], weight: 0 }));
    unit.scopes.push(k);
    unit.weight += weight.get(k) ?? 0;
  }
  return [...units.values()].sort((a, b) => (a.scopes[0]! < b.scopes[0]! ? -1 : 1));
}

const AGENT_ARN = /^arn:aws[\w-]*:ecs:([a-z0-9-]+):(\d{12}):container-instance\//;

/**
 * Where a step's call is made, known before it runs: its actor's account (an agent's: the run's, or
 * the one its literal ARN names) and its region (default: the actor's first, or the run's first).
 */
export function stepScopeOf(step: TimedStep, o: Pick<UnitInputs, 'actors' | 'accountId' | 'homeRegion'>): { accountId: string; region: string } {
  const s = step.spec;
  if (s.agent !== undefined) return { accountId: AGENT_ARN.exec(s.agent)?.[2] ?? o.accountId, region: s.region ?? o.homeRegion };
  const actor = o.actors.get(s.actor!)!;
  return { accountId: actor.principal.accountId, region: s.region ?? actor.regions[0]! };
}

/** Hours of the run weighted by the actor's activity (working hours, lunch, off hours). */
function activeHours(actor: Actor, start: number, end: number): number {
  const step = Math.max(5 * 60_000, Math.ceil((end - start) / RHYTHM_SAMPLES));
  let sum = 0;
  let n = 0;
  for (let t = start + step / 2; t < end; t += step, n++) sum += actor.activityAt(t);
  return n === 0 ? 0 : ((sum / n) * (end - start)) / HOUR;
}
