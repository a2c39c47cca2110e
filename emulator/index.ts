import { randomIds, systemClock, type Clock, type IdSource } from './clock.js';
import type { CallerIdentity, OperationContext } from './context.js';
import { OPERATIONS } from './operation-table.js';
import { AccountRegionStores, EcsStore } from './state/ecs-store.js';
import { Transaction } from './state/transaction.js';
import { DEFAULT_TIMINGS, type LifecycleTimings } from './lifecycle/timings.js';
import { EcsServiceError } from './errors.js';
import { forgetDeletedClusters } from './model/cluster.js';
import { lifecycleFactsOf, type TaskLifecycleFact } from './lifecycle/task-lifecycle-facts.js';

export { EcsServiceError } from './errors.js';
export type { CallerIdentity } from './context.js';
export { OPERATIONS } from './operation-table.js';
export { holdsReused, isReusedOutput } from './model/reused-output.js';
export { ManualClock, seededIds, systemClock, randomIds, type Clock, type IdSource } from './clock.js';
export { DEFAULT_TIMINGS, IMMEDIATE_TIMINGS, type LifecycleTimings } from './lifecycle/timings.js';
export type { TaskLifecycleFact, TaskNetworkInterface, LoadBalancerTarget } from './lifecycle/task-lifecycle-facts.js';

export interface EcsEmulatorOptions {
  clock?: Clock;
  ids?: IdSource;
  timings?: Partial<LifecycleTimings>;
}

export interface CallScope {
  accountId: string;
  region: string;
  /** ARN of the caller, for fields such as a task definition's `registeredBy`. */
  principalArn?: string | undefined;
  /** The caller's identity (account settings are kept per user, role and root). */
  caller?: CallerIdentity | undefined;
  /** See OperationContext.authorizeTagOnCreate. */
  authorizeTagOnCreate?: ((resourceArn: string) => void) | undefined;
  /** The output will not be read: see OperationContext.discardOutput. */
  discardOutput?: boolean | undefined;
}

/** The result of a call whose changes are applied but not yet acknowledged. */
export interface PendingCall<O = unknown> {
  output: O;
  /** Undo every change the call made (its record could not be made durable). */
  rollback(): void;
  /**
   * What ECS will do, and when, for the tasks the call placed or whose stop it changed; absent when it
   * touched no task. For the caller to act on once the call is acknowledged (never if rolled back).
   */
  lifecycle?: TaskLifecycleFact[] | undefined;
}

export interface EcsEmulator {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly timings: LifecycleTimings;
  readonly stores: AccountRegionStores<EcsStore>;
  supports(operation: string): boolean;
  /**
   * Run one ECS operation. Its changes are applied at once (so the next call sees them) and can be
   * rolled back until the caller acknowledges it. Throws EcsServiceError for ECS errors, after undoing
   * whatever the handler had changed.
   */
  dispatch<O = unknown>(operation: string, input: unknown, scope: CallScope): PendingCall<O>;
  /** Run an operation and keep its changes: for in-process use without a trail. */
  call<O = unknown>(operation: string, input: unknown, scope: CallScope): O;
  reset(): void;
}

export function createEcsEmulator(options: EcsEmulatorOptions = {}): EcsEmulator {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const timings: LifecycleTimings = { ...DEFAULT_TIMINGS, ...options.timings };
  const stores = new AccountRegionStores(() => new EcsStore());

  const dispatch = <O>(operation: string, input: unknown, scope: CallScope): PendingCall<O> => {
    const handler = OPERATIONS[operation];
    if (!handler) throw new EcsServiceError('UnknownOperationException', `Unknown operation ${operation}`);
    const tx = new Transaction();
    const ctx: OperationContext = {
      accountId: scope.accountId,
      region: scope.region,
      principalArn: scope.principalArn,
      caller: scope.caller,
      authorizeTagOnCreate: scope.authorizeTagOnCreate,
      discardOutput: scope.discardOutput,
      now: clock.now(),
      ids,
      store: stores.get(scope.accountId, scope.region),
      tx,
      timings,
    };
    forgetDeletedClusters(ctx);
    try {
      const output = handler(input ?? {}, ctx) as O;
      const changed = tx.changedTasks;
      const lifecycle = changed && lifecycleFactsOf(ctx.store, scope, timings, changed);
      return { output, rollback: () => tx.rollback(), lifecycle };
    } catch (err) {
      tx.rollback();
      throw err;
    }
  };

  return {
    clock,
    ids,
    timings,
    stores,
    supports: (operation) => Object.hasOwn(OPERATIONS, operation),
    dispatch,
    call: <O>(operation: string, input: unknown, scope: CallScope) => dispatch<O>(operation, input, scope).output,
    reset: () => stores.reset(),
  };
}
