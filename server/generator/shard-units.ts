import type { Actor } from './actors.js';
import { referencesIn, type Ec2Spec } from './scenario.js';
import type { TimedStep } from './steps.js';
import { iamRegionOf } from '../service-events/service-identities.js';

/**
 * The scopes (account and region) of a run that must be generated together: a scope's calls depend
 * only on its own earlier calls (each has its own emulator state and random streams, scopes.ts), so a
 * run splits into scopes — except where a step uses the result of a step in another scope (its params,
 * task or credentials), or names an agent registered in another: those scopes are one unit; and with
 * service-side events, all of an account's scopes are one unit.
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
  /** Whether the run makes service-side events (they link an account's regions). */
  serviceEvents: boolean;
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
  // Every place a step id's calls were made (a step with regions: one per region).
  const stepScope = new Map<string, string[]>();
  const places = stepScopesOf(o.steps, o);
  for (const [i, step] of o.steps.entries()) {
    const s = step.spec;
    const key = scopeKey(places[i]!.accountId, places[i]!.region);
    // A new cluster's instances register (and discover their endpoint) at once.
    add(key, 1 + (s.call === 'CreateCluster' ? 2 * (o.ec2?.instancesPerCluster ?? 0) : 0));
    const arn = s.agent === undefined ? undefined : AGENT_ARN.exec(s.agent);
    if (arn) {
      // A literal ARN names an instance registered in its own region.
      add(scopeKey(arn[2]!, arn[1]!));
      join(key, scopeKey(arn[2]!, arn[1]!));
    }
    // A step that uses another's result (its params, agent or task), or signs with the credentials
    // it obtained (their session lives where they were issued), is made with it.
    const used = [...referencesIn(s.params), ...referencesIn(s.agent), ...referencesIn(s.task)].filter((r) => r.startsWith('steps.')).map((r) => r.split('.')[1] ?? '');
    if (s.credentials !== undefined) used.push(s.credentials);
    for (const id of used) for (const other of stepScope.get(id) ?? []) join(key, other);
    if (s.id !== undefined) stepScope.set(s.id, [...(stepScope.get(s.id) ?? []), key]);
  }
  if (o.serviceEvents) {
    // Service-side events draw on one id stream per account, and ECS creates its service-linked role
    // once per account (its record in IAM's region): an account's scopes are made together.
    const firstOfAccount = new Map<string, string>();
    for (const k of [...parent.keys()]) {
      const [account, region] = k.split('/') as [string, string];
      const iam = scopeKey(account, iamRegionOf(region));
      add(iam);
      join(k, iam);
      const first = firstOfAccount.get(account);
      if (first === undefined) firstOfAccount.set(account, k);
      else join(k, first);
    }
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

/** Where a step's call is made, and where its caller's calls go by default (a credentials step's). */
export interface StepPlace {
  accountId: string;
  region: string;
  callerRegion: string;
}

const TASK_ARN = /^arn:aws[\w-]*:ecs:([a-z0-9-]+):(\d{12}):task\//;
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\//;

/**
 * Where each step's call is made, known before it runs (steps in time order): an actor's account and
 * region (default: its first); an agent's (the run's account, or the one its literal ARN names); a
 * task's (the step whose result names it, or its literal ARN); credentials' (the account of the role
 * their step assumed when its ARN is literal, else the issuer's; region: the issuer's caller's first).
 * A sharded run checks each call against this (generator-calls.ts).
 */
export function stepScopesOf(steps: readonly TimedStep[], o: Pick<UnitInputs, 'actors' | 'accountId' | 'homeRegion'>): StepPlace[] {
  const byId = new Map<string, { place: StepPlace; step: TimedStep }[]>();
  const out: StepPlace[] = [];
  for (const step of steps) {
    const s = step.spec;
    let place: StepPlace;
    if (s.agent !== undefined) {
      const region = s.region ?? o.homeRegion;
      place = { accountId: AGENT_ARN.exec(s.agent)?.[2] ?? o.accountId, region, callerRegion: region };
    } else if (s.task !== undefined) {
      const ref = referencesIn(s.task).find((r) => r.startsWith('steps.'));
      let task: { accountId: string; region: string } | undefined;
      if (ref) {
        const [, id, maybeRegion] = ref.split('.');
        const made = byId.get(id ?? '') ?? [];
        task = (made.find((m) => m.place.region === maybeRegion) ?? made[0])?.place;
      } else {
        const arn = TASK_ARN.exec(s.task);
        if (arn) task = { accountId: arn[2]!, region: arn[1]! };
      }
      task ??= { accountId: o.accountId, region: o.homeRegion };
      place = { accountId: task.accountId, region: s.region ?? task.region, callerRegion: task.region };
    } else if (s.credentials !== undefined) {
      const issued = byId.get(s.credentials)?.at(-1);
      const issuer = issued?.place ?? { accountId: o.accountId, region: o.homeRegion, callerRegion: o.homeRegion };
      const roleArn = issued?.step.spec.call === 'AssumeRole' ? issued.step.spec.params?.RoleArn : undefined;
      const assumed = typeof roleArn === 'string' ? ROLE_ARN.exec(roleArn)?.[1] : undefined;
      place = { accountId: assumed ?? issuer.accountId, region: s.region ?? issuer.callerRegion, callerRegion: issuer.callerRegion };
    } else {
      const actor = o.actors.get(s.actor!)!;
      place = { accountId: actor.principal.accountId, region: s.region ?? actor.regions[0]!, callerRegion: actor.regions[0]! };
    }
    out.push(place);
    if (s.id !== undefined) byId.set(s.id, [...(byId.get(s.id) ?? []), { place, step }]);
  }
  return out;
}

/** Hours of the run weighted by the actor's activity (working hours, lunch, off hours). */
function activeHours(actor: Actor, start: number, end: number): number {
  const step = Math.max(5 * 60_000, Math.ceil((end - start) / RHYTHM_SAMPLES));
  let sum = 0;
  let n = 0;
  for (let t = start + step / 2; t < end; t += step, n++) sum += actor.activityAt(t);
  return n === 0 ? 0 : ((sum / n) * (end - start)) / HOUR;
}
