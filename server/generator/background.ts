import type { EcsStore } from '../../emulator/state/ecs-store.js';
import type { Actor } from './actors.js';
import { DEFAULT_MIX, planCall, planFailure, THROTTLED, type FailureKind, type PlannedCall } from './background-calls.js';
import { Random, WeightedTable } from './random.js';
import type { BackgroundSpec } from './scenario.js';

const HOUR = 3_600_000;

/** A background call that is due: what and where, drawn without looking at any state. */
export interface DueCall {
  region: string;
  /** A new call (planned against the scope's state by plan()), or a retry of a throttled one. */
  fresh?: Attempted;
  retry?: Attempted;
  /** The retry is throttled again. */
  throttled?: boolean;
}

/** A call as first made; a throttled one is made again (the same request) by the SDK. */
interface Attempted {
  region: string;
  operation: string;
  failure: FailureKind | undefined;
  /** The request, once planned (only where the scope's calls are made). */
  call?: PlannedCall;
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
  call: Attempted;
  attempt: number;
}

/**
 * One actor's background activity: a Poisson process whose rate follows the actor's daily rhythm
 * (drawn by thinning: candidate times at the peak rate, each kept with probability rate/peak).
 * When, where, which operation, whether it fails and how its retries go come from the actor's own
 * random stream and nothing else — so every shard of a run knows every call of every actor (their
 * sessions renew at the same calls) — and the request itself from a stream per region, drawn against
 * that region's state, only where the region's calls are made.
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
  readonly #timing: Random;
  readonly #planning = new Map<string, Random>();
  readonly #seed: string | number;
  readonly #end: number;
  readonly #meanGap: number;
  readonly #mix: WeightedTable<string>;
  readonly #failures: WeightedTable<FailureKind> | undefined;
  readonly #failureRate: number;

  constructor(actor: Actor, spec: BackgroundSpec, seed: string | number, start: number, end: number) {
    this.actor = actor;
    this.#spec = spec;
    this.#seed = seed;
    this.#timing = new Random(seed, `background:${actor.name}`);
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
  take(): DueCall {
    const r = this.#timing;
    const now = this.next;
    const retry = this.#retries[0];
    if (retry && retry.at === now) {
      this.#retries.shift();
      // The same request again: throttled once more, or through to ECS.
      const again = r.chance(THROTTLED_AGAIN);
      if (again && retry.attempt < MAX_ATTEMPTS) this.#retry(retry.call, now, retry.attempt + 1);
      this.#moveNext();
      return { region: retry.call.region, retry: retry.call, throttled: again };
    }
    const regions = this.actor.regions;
    const region = regions.length === 1 ? regions[0]! : r.pick(regions);
    const operation = this.#mix.pick(r);
    const failure = this.#failures && r.chance(this.#failureRate) ? this.#failures.pick(r) : undefined;
    const fresh: Attempted = { region, operation, failure };
    if (failure === 'throttling') this.#retry(fresh, now, 2);
    this.#advanceFrom(now);
    return { region, fresh };
  }

  /** The request of a due call, against its region's state at `now`. */
  plan(due: DueCall, store: EcsStore, now: number): PlannedCall {
    if (due.retry) {
      const c = due.retry.call!;
      return due.throttled ? { operation: c.operation, params: c.params, synthesized: THROTTLED } : { operation: c.operation, params: c.params };
    }
    const f = due.fresh!;
    const scope = { store, clusters: this.#spec.clusters, random: this.#planningRandom(f.region), now };
    const planned = f.failure ? planFailure(f.failure, f.operation, scope) : planCall(f.operation, scope);
    f.call = planned;
    return planned;
  }

  #planningRandom(region: string): Random {
    let r = this.#planning.get(region);
    if (!r) this.#planning.set(region, (r = new Random(this.#seed, `background:${this.actor.name}@${region}`)));
    return r;
  }

  /** Attempt `attempt` of a throttled call, after the SDK's backoff. */
  #retry(call: Attempted, after: number, attempt: number): void {
    const at = after + Math.max(1, Math.round(this.#timing.next() * 2 ** (attempt - 1) * 1000));
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
    const r = this.#timing;
    let candidate = t;
    for (;;) {
      // Whole milliseconds keep event times exact across platforms.
      candidate += Math.max(1, Math.round(r.exponential(this.#meanGap)));
      if (candidate >= this.#end) return Infinity;
      if (r.chance(this.actor.activityAt(candidate))) return candidate;
    }
  }
}
