import type { TaskLifecycleFact } from '../../emulator/index.js';
import type { Principal } from '../../trail-writer/index.js';
import type { ResolvedIdentity } from '../identity/identity-registry.js';
import type { ServiceWireSpec, WireError, WireProtocol } from '../protocol/wire-protocol.js';

/**
 * An AWS service answering on our port, as the pipeline sees it: the protocol it speaks, its
 * operations and their checks, its handlers, and its CloudTrail facts. ECS, CloudTrail and STS are
 * three of these (server/services/<name>/); server/services/index.ts lists them.
 */
export interface ServiceDescriptor {
  /** Short name, e.g. `ecs`: the log's `service` field. */
  readonly name: string;
  readonly protocol: WireProtocol;
  readonly wire: ServiceWireSpec;
  /** The service name in the SigV4 credential scope, e.g. `sts`. */
  readonly signingName: string;
  /**
   * The records' `eventSource`, e.g. `sts.amazonaws.com`. CloudTrail's facts about the source's events
   * (which are read-only, what the record shows of them) live with it in trail-writer/record/event-sources/.
   */
  readonly eventSource: string;
  /** Operations the API defines (its model); anything else is an unknown operation. */
  hasOperation(operation: string): boolean;
  /** Operations clients call without signing (STS AssumeRoleWithWebIdentity). */
  isUnsigned(operation: string): boolean;
  /** Checks the input against the model; throws the service's error (or a ProtocolError). */
  validate(operation: string, input: Record<string, unknown>): void;
  invoke(operation: string, input: Record<string, unknown>, ctx: CallContext): Outcome | Promise<Outcome>;
  /** An error a handler threw, as the service answers it; undefined when it is none of the service's (a bug). */
  errorOf(err: unknown): ServiceError | undefined;
}

export interface CallContext {
  requestId: string;
  /** Who signed the call; undefined for an unsigned operation. */
  caller: ResolvedIdentity | undefined;
  /** The key the call was signed with, as sent. */
  accessKeyId: string | undefined;
  region: string;
  /** ms since the epoch, from the injected clock */
  now: number;
}

export interface ServiceError extends WireError {
  /** What the record's errorMessage says when CloudTrail words it differently from the answer. */
  recordedMessage?: string | undefined;
  /** Who the refused call is attributed to when the caller is known only from the input. */
  principal?: Principal | undefined;
  /** For the operator's log only (EcsServiceError.operatorHint): logged at warn. */
  hint?: string | undefined;
}

export interface Outcome {
  output?: unknown;
  error?: ServiceError | undefined;
  /** Undo the call's changes when its record cannot be made durable. */
  rollback?: (() => void) | undefined;
  /** Who the record names when the caller is known only from the input (a web identity token). */
  principal?: Principal | undefined;
  /** ECS: what will happen to the tasks the call placed or stopped (for the events AWS adds to the trail). */
  lifecycle?: readonly TaskLifecycleFact[] | undefined;
}

/** Runtime pieces services are built from (server/start.ts fills it). */
export type { ServiceDeps } from './service-deps.js';
