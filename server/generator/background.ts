import type { EcsStore } from '../../emulator/state/ecs-store.js';
import type { Actor } from './actors.js';
import { DEFAULT_MIX, planCall, planFailure, THROTTLED, type FailureKind, type PlannedCall } from './background-calls.js';
import { Random, WeightedTable } from './random.js';
import type { BackgroundSpec } from './scenario.js';

const HOUR = 3_600_000;

export interface BackgroundCall extends PlannedCall {
  region: string;
}

/**
 * The SDKs retry a throttled call: standard mode makes at most three attempts, waiting a random time
 * up to 2^i seconds before retry i (exponential backoff with jitter).
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
const MAX_ATTEMPTS = 3;
/** How often a retry is throttled again: the bucket refills slowly, so often. */
const THROTTLED_AGAIN = 0.35;

interface Retry {
  at: number;
  call: BackgroundCall;
  attempt: number;
}

/**
 * One actor's background activity: a Poisson process whose rate follows the actor's daily rhythm
 * (drawn by thinning: candidate times at the peak rate, each kept with probability rate/peak), with
 * its own random stream so the other actors' streams do not depend on it.
 */
export class BackgroundStream {
  readonly actor: Actor;
  /** Time of the next call (ms), Infinity when the run has none left. */
  next = Infinity;
  /** The next new call (the Poisson process); retries of throttled calls come in between. */
  #nextFresh = Infinity;
  /** Retries due, earliest first. */
  readonly #retries: Retry[] = [];
  readonly #spec: BackgroundSpec;
  readonly #random: Random;
  readonly #end: number;
  readonly #meanGap: number;
  readonly #mix: WeightedTable<string>;
  readonly #failures: WeightedTable<FailureKind> | undefined;
  readonly #failureRate: number;

  constructor(actor: Actor, spec: BackgroundSpec, seed: string | number, start: number, end: number) {
    this.actor = actor;
    this.#spec = spec;
    this.#random = new Random(seed, `background:${actor.name}`);
    this.#end = end;
    this.#meanGap = spec.callsPerHour > 0 ? HOUR / spec.callsPerHour : Infinity;
    this.#mix = new WeightedTable(Object.entries(spec.mix ?? DEFAULT_MIX));
    const f = spec.failures;
    this.#failureRate = f?.rate ?? 0;
    if (f) {
      // Naming some kinds means only those; naming none means all three alike.
      const all = f.missingCluster === undefined && f.badParameter === undefined && f.throttling === undefined ? 1 : 0;
      const weights: [FailureKind, number][] = [
        ['missingCluster', f.missingCluster ?? all],
        ['badParameter', f.badParameter ?? all],
        ['throttling', f.throttling ?? all],
      ];
      this.#failures = new WeightedTable(weights);
      if (this.#failures.size === 0) this.#failureRate = 0;
    }
    this.#advanceFrom(start);
  }

  /** The call at `next`, then move `next` on. */
  take(storeOf: (region: string) => EcsStore): BackgroundCall {
    const r = this.#random;
    const now = this.next;
    const retry = this.#retries[0];
    if (retry && retry.at === now) {
      this.#retries.shift();
      // The same request again: throttled once more, or through to ECS.
      const again = r.chance(THROTTLED_AGAIN);
      if (again && retry.attempt < MAX_ATTEMPTS) this.#retry(retry.call, now, retry.attempt + 1);
      this.#moveNext();
      return again ? { ...retry.call, synthesized: THROTTLED } : { operation: retry.call.operation, params: retry.call.params, region: retry.call.region };
    }
    const region = this.actor.regions.length === 1 ? this.actor.regions[0]! : r.pick(this.actor.regions);
    const scope = { store: storeOf(region), clusters: this.#spec.clusters, random: r, now };
    const operation = this.#mix.pick(r);
    const planned =
      this.#failures && r.chance(this.#failureRate)
        ? planFailure(this.#failures.pick(r), operation, scope)
        : planCall(operation, scope);
    const call = { ...planned, region };
    if (planned.synthesized === THROTTLED) this.#retry(call, now, 2);
    this.#advanceFrom(now);
    return call;
  }

  /** Attempt `attempt` of a throttled call, after the SDK's backoff. */
  #retry(call: BackgroundCall, after: number, attempt: number): void {
    const at = after + Math.max(1, Math.round(this.#random.next() * 2 ** (attempt - 1) * 1000));
    if (at >= this.#end) return;
    const i = this.#retries.findIndex((x) => x.at > at);
    this.#retries.splice(i < 0 ? this.#retries.length : i, 0, { at, call, attempt });
  }

  #moveNext(): void {
    this.next = Math.min(this.#nextFresh, this.#retries[0]?.at ?? Infinity);
  }

  #advanceFrom(t: number): void {
    this.#nextFresh = this.#nextCandidate(t);
    this.#moveNext();
  }

  #nextCandidate(t: number): number {
    if (this.#meanGap === Infinity) return Infinity;
    const r = this.#random;
    let candidate = t;
    for (;;) {
      // Whole milliseconds keep event times exact across platforms.
      candidate += Math.max(1, Math.round(r.exponential(this.#meanGap)));
      if (candidate >= this.#end) return Infinity;
      if (r.chance(this.actor.activityAt(candidate))) return candidate;
    }
  }
}
