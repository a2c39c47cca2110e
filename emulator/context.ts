import type { IdSource } from './clock.js';
import type { Scope } from './model/arn.js';
import type { EcsStore } from './state/ecs-store.js';
import type { Transaction } from './state/transaction.js';
import type { LifecycleTimings } from './lifecycle/timings.js';

/** What a handler may use: the caller's scope, the time of the call, ids, the store and its transaction. */
export interface OperationContext extends Scope {
  /** The time of the call, ms since the epoch, from the injected clock. */
  readonly now: number;
  readonly ids: IdSource;
  readonly store: EcsStore;
  readonly tx: Transaction;
  readonly timings: LifecycleTimings;
  /** ARN of the caller, when the server knows it (e.g. a task definition's `registeredBy`). */
  readonly principalArn?: string | undefined;
  /**
   * The caller will not read the output (the fixture generator, for a read whose trail record shows no
   * response): Describe operations check, fail and keep their services up as always, but leave out
   * the elements they would render.
   */
  readonly discardOutput?: boolean | undefined;
}

/** A handler takes the parsed request and returns the response, or throws an EcsServiceError. */
export type OperationHandler<I = any, O = any> = (input: I, ctx: OperationContext) => O;
