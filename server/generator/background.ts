import type { EcsStore } from '../../emulator/state/ecs-store.js';
import type { Actor } from './actors.js';
import { DEFAULT_MIX, planCall, planFailure, type FailureKind, type PlannedCall } from './background-calls.js';
import { Random, WeightedTable } from './random.js';
import type { BackgroundSpec } from './scenario.js';

const HOUR = 3_600_000;

export interface BackgroundCall extends PlannedCall {
  region: string;
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
    const region = this.actor.regions.length === 1 ? this.actor.regions[0]! : r.pick(this.actor.regions);
    const scope = { store: storeOf(region), clusters: this.#spec.clusters, random: r, now };
    const operation = this.#mix.pick(r);
    const planned =
      this.#failures && r.chance(this.#failureRate)
        ? planFailure(this.#failures.pick(r), operation, scope)
        : planCall(operation, scope);
    this.#advanceFrom(now);
    return { ...planned, region };
  }

  #advanceFrom(t: number): void {
    if (this.#meanGap === Infinity) {
      this.next = Infinity;
      return;
    }
    const r = this.#random;
    let candidate = t;
    for (;;) {
      // Whole milliseconds keep event times exact across platforms.
      candidate += Math.max(1, Math.round(r.exponential(this.#meanGap)));
      if (candidate >= this.#end) {
        this.next = Infinity;
        return;
      }
      if (r.chance(this.actor.activityAt(candidate))) break;
    }
    this.next = candidate;
  }
}
