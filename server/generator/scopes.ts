import { createEcsEmulator, seededIds, type EcsEmulator, type ManualClock } from '../../emulator/index.js';
import type { EcsStore } from '../../emulator/state/ecs-store.js';
import { fastSeededIds, Random, type FastIds } from './random.js';
import type { ShardPlan } from './shard.js';
import { scopeKey } from './shard-units.js';

/**
 * One account and region of a generated run, with everything its records draw on: its own emulator
 * (state and resource ids), request and event ids, file-name suffixes, source addresses and agent
 * instances. Nothing here depends on another scope, so a shard that makes only this scope's calls
 * writes exactly the files an unsharded run writes for it.
 */
export interface RunScope {
  readonly key: string;
  readonly accountId: string;
  readonly region: string;
  readonly emulator: EcsEmulator;
  readonly store: EcsStore;
  readonly recordIds: FastIds;
  readonly fileIds: FastIds;
  readonly sourceIps: Random;
  readonly agentIds: FastIds;
  /** Calls at or after this time are not made here (-Infinity: another shard's scope). */
  readonly callsBefore: number;
  /** Records whose file is delivered after this are the shard's own (earlier ones are only replayed). */
  readonly writesAfter: number;
}

/** The run's scopes, made on first use. */
export class RunScopes {
  readonly #seed: string;
  readonly #clock: ManualClock;
  readonly #plan: ShardPlan | undefined;
  readonly #windowMs: number;
  readonly #byAccount = new Map<string, Map<string, RunScope>>();

  constructor(o: { seed: string; clock: ManualClock; plan: ShardPlan | undefined; windowMs: number }) {
    this.#seed = o.seed;
    this.#clock = o.clock;
    this.#plan = o.plan;
    this.#windowMs = o.windowMs;
  }

  get(accountId: string, region: string): RunScope {
    let byRegion = this.#byAccount.get(accountId);
    if (!byRegion) this.#byAccount.set(accountId, (byRegion = new Map()));
    let scope = byRegion.get(region);
    if (!scope) byRegion.set(region, (scope = this.#make(accountId, region)));
    return scope;
  }

  *all(): Generator<RunScope> {
    for (const byRegion of this.#byAccount.values()) yield* byRegion.values();
  }

  #make(accountId: string, region: string): RunScope {
    const key = scopeKey(accountId, region);
    const seed = this.#seed;
    const emulator = createEcsEmulator({ clock: this.#clock, ids: seededIds(`${seed}/emulator/${key}`) });
    const plan = this.#plan;
    const mine = !plan || plan.scopes.has(key);
    const callsBefore = !mine ? -Infinity : callsBeforeOf(plan, this.#windowMs);
    return {
      key,
      accountId,
      region,
      emulator,
      store: emulator.stores.get(accountId, region),
      recordIds: fastSeededIds(seed, `records:${key}`),
      fileIds: fastSeededIds(seed, `trail:${key}`),
      sourceIps: new Random(seed, `source-ip:${key}`),
      agentIds: fastSeededIds(seed, `ec2-instances:${key}`),
      callsBefore,
      writesAfter: plan?.from ?? -Infinity,
    };
  }
}

/**
 * A record at t is in the file delivered at the window end after t: a shard whose range ends at `to`
 * makes no call (or service event) at or after the window that ends after it.
 */
export function callsBeforeOf(plan: ShardPlan | undefined, windowMs: number): number {
  return plan && Number.isFinite(plan.to) ? Math.floor(plan.to / windowMs) * windowMs : Infinity;
}
