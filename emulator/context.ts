import type { IdSource } from './clock.js';
import type { Scope } from './model/arn.js';
import type { EcsStore } from './state/ecs-store.js';
import type { Transaction } from './state/transaction.js';
import type { LifecycleTimings } from './lifecycle/timings.js';

/**
 * Who is calling, in the terms account settings use: ECS keeps a setting per IAM user, per role (for
 * every session of it) and for the root user, which is also the account default. Federated users
 * "assume the account setting of the root user".
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html
 */
export interface CallerIdentity {
  readonly type: 'IAMUser' | 'AssumedRole' | 'Root' | 'FederatedUser';
  /** The IAM ARN settings are kept under: the user, the role that issued the session, or the root. */
  readonly iamArn: string;
}

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
  /** The caller's identity, when the server knows it (account settings). */
  readonly caller?: CallerIdentity | undefined;
  /**
   * Throws the caller's IAM denial when it may not tag (it is denied ecs:TagResource): with the
   * `tagResourceAuthorization` account setting on, tags given to a create call need that permission.
   * Absent when the caller may tag.
   */
  readonly authorizeTagOnCreate?: ((resourceArn: string) => void) | undefined;
  /**
   * The caller will not read the output (the fixture generator, for a read whose trail record shows no
   * response): Describe operations check, fail and keep their services up as always, but leave out
   * the elements they would render.
   */
  readonly discardOutput?: boolean | undefined;
}

/** A handler takes the parsed request and returns the response, or throws an EcsServiceError. */
export type OperationHandler<I = any, O = any> = (input: I, ctx: OperationContext) => O;
