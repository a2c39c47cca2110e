import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Clock, IdSource, TaskLifecycleFact } from '../emulator/index.js';
import type { CallRecord, Principal } from '../trail-writer/index.js';
import { accessDeniedMessage, buildCallRecord } from './call-record-builder.js';
import { ProtocolError, serverError } from './protocol/protocol-errors.js';
import type { CallReply, IncomingCall, WireError, WireProtocol } from './protocol/wire-protocol.js';
import { parseAuthorization } from './identity/authorization-header.js';
import type { ResolvedIdentity } from './identity/identity-registry.js';
import { isKnownRegion } from './identity/regions.js';
import { AuthRefusal, type CallerResolver } from './identity/resolve-caller.js';
import { verifySignature } from './identity/verify-signature.js';
import type { Outcome, ServiceDescriptor, ServiceError, ServiceTable } from './services/index.js';

export type { CallReply, IncomingCall } from './protocol/wire-protocol.js';

/**
 * The life of one API call, in order, whatever the service and its protocol (each service brings its
 * own: server/services/). Every outcome that can be attributed to an account, success or error, goes
 * through steps 6–8, so it has exactly one trail record; every error is in the service's wire format.
 *
 *   1 route      the protocol that claims the request names the service and operation
 *   2 identify   SigV4 Authorization → access key, region → caller (CallerResolver); unsigned
 *                operations (a web identity token is their credential) skip this
 *   3 verify     strict mode: the signature, session token and payload hash
 *   4 parse      the protocol reads the input; the service validates it against its model
 *   5 dispatch   the service applies the call's changes (undoable until step 7 succeeds)
 *   6 serialize  success or error, in the protocol's format
 *   7 capture    the CloudTrail record is made durable — only then is the call acknowledged;
 *                if it cannot be, the changes are rolled back and the caller gets the internal error
 *   8 reply      x-amzn-RequestId = the record's requestID; one log line per call
 *
 * A call refused at steps 1–2 names no account to deliver a record to: it is answered and logged only.
 */

/** Where finished calls go: the trail writer (or nothing, when the emulator runs without a trail). */
export interface CallRecorder {
  append(call: CallRecord): Promise<unknown>;
}

export interface PipelineDeps {
  services: ServiceTable;
  recorder: CallRecorder;
  callers: CallerResolver;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  tlsDetails: boolean;
  /** Verify SigV4 signatures against the identities' secret keys. */
  strictAuth?: boolean | undefined;
  sourceIp?: string | undefined;
  /** Listeners of finished, acknowledged calls (startEmulator's onCall, tests; the dashboard listens to the trail writer). */
  onCall?: ((call: CallRecord) => void) | undefined;
  /**
   * Runs after a successful call is durable and before it is answered: calls the emulator makes
   * happen as a consequence (the simulated ECS agents of a new cluster register), through callAs.
   */
  afterCall?: ((done: AcknowledgedCall) => Promise<void>) | undefined;
  /**
   * The events AWS adds to the trail for ECS's work (server/service-events/): as each call arrives,
   * those the clock has passed are written before its record; after a successful call is durable,
   * what follows from it is planned (synchronously: nothing is awaited on the call's path).
   */
  serviceEvents?: { beforeCall(): void; afterCall(done: AcknowledgedCall): void } | undefined;
}

/** A successful call whose record is durable. */
export interface AcknowledgedCall {
  operation: string;
  serviceName: string;
  output: unknown;
  principal: Principal;
  region: string;
  /** ECS: what will happen to the tasks it placed or stopped. */
  lifecycle?: readonly TaskLifecycleFact[] | undefined;
}

/** A call made inside the emulator on someone's behalf (no HTTP), recorded like any other. */
export interface InternalCall {
  principal: Principal;
  region: string;
  operation: string;
  params: Record<string, unknown>;
  sourceIp: string;
  userAgent: string;
  vpcEndpoint?: { id: string; accountId: string } | undefined;
}

const NO_DENY: ReadonlySet<string> = new Set();

function header(h: IncomingCall['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export class CallPipeline {
  readonly #d: PipelineDeps;
  constructor(deps: PipelineDeps) {
    this.#d = deps;
  }

  async handle(call: IncomingCall): Promise<CallReply> {
    const d = this.#d;
    const started = performance.now();
    d.serviceEvents?.beforeCall();
    const requestId = d.ids.uuid();

    // 1 route
    const { protocol, route, service } = d.services.find(call);
    const operation = route.operation;
    if (!service || operation === undefined || !service.hasOperation(operation)) {
      // Not an operation of any API we speak: there is no event to record. A record's eventName is an
      // action of the service's API (record-contents page) and "matches up to the public AWS api
      // call" (a CloudTrail engineer, awsdocs/aws-cloudtrail-user-guide#2), so CloudTrail has no
      // event for a target the service does not have.
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
      const error = protocol.unknownOperation(route, service?.wire);
      return this.#refused(requestId, started, protocol, service, operation, error, 'unknown operation');
    }

    // 2 identify
    const auth = parseAuthorization(header(call.headers, 'authorization'));
    const signed = auth.kind === 'sigv4' ? auth.credential : undefined;
    let region = signed?.region ?? d.callers.defaultRegion;
    let caller: ResolvedIdentity | undefined;
    if (!service.isUnsigned(operation)) {
      const resolved = d.callers.resolve(auth);
      if (resolved instanceof AuthRefusal) {
        return this.#refused(requestId, started, protocol, service, operation, protocol.wireError(resolved.error), resolved.reason);
      }
      caller = resolved;
    } else if (!isKnownRegion(region)) {
      region = d.callers.defaultRegion;
    }

    let params: Record<string, unknown> | null = null;
    let outcome: Outcome;
    let reason: string | undefined;
    try {
      // 3 verify
      if (d.strictAuth && caller && signed) {
        const refusal = await verifySignature(call, signed, { secretAccessKey: caller.secretAccessKey ?? '', sessionToken: caller.sessionToken }, service.signingName, d.clock.now());
        // A known key with a bad signature is still attributable: it is answered and recorded.
        if (refusal) {
          reason = refusal.reason;
          throw refusal.error;
        }
      }
      // 4 parse + validate
      params = protocol.readInput(call, route, service.wire, operation);
      service.validate(operation, params);
      if (caller && (caller.deny.has(operation) || caller.deny.has('*'))) throw accessDenied(caller.principal, service, operation);
      // 5 dispatch
      outcome = await service.invoke(operation, params, { requestId, caller, accessKeyId: signed?.accessKeyId, region, now: d.clock.now() });
    } catch (err) {
      const error = this.#failure(err, protocol, service, operation);
      outcome = { error, principal: error.principal };
    }

    // 6 serialize
    let reply = outcome.error
      ? protocol.failure(requestId, service.wire, outcome.error)
      : protocol.success(requestId, service.wire, operation, outcome.output);

    // 7 capture
    const principal = outcome.principal ?? caller?.principal;
    if (principal) {
      const record: CallRecord = buildCallRecord({
        eventTime: d.clock.now(),
        eventSource: service.eventSource,
        signingName: service.signingName,
        operation,
        region,
        principal,
        sourceIp: caller?.sourceIp ?? d.sourceIp ?? call.peerAddress,
        userAgent: caller?.userAgent ?? header(call.headers, 'user-agent') ?? '',
        params: params && protocol.recordMembers(params),
        output: outcome.error ? undefined : protocol.recordMembers(outcome.output),
        error: outcome.error && { code: outcome.error.code, message: outcome.error.recordedMessage ?? outcome.error.message },
        requestId,
        eventId: d.ids.uuid(),
        tlsDetails: d.tlsDetails,
      });
      try {
        await d.recorder.append(record);
      } catch (err) {
        outcome.rollback?.();
        d.logger.error({ err, requestId, operation }, 'could not make the trail record durable; the call was rolled back');
        const internal = protocol.wireError(serverError());
        reply = protocol.failure(requestId, service.wire, internal);
        this.#log(requestId, started, service.name, operation, reply.status, internal.code, principal, 'trail record not durable');
        return reply;
      }
      d.onCall?.(record);
      if (outcome.error?.hint) d.logger.warn({ requestId, operation }, `${service.name}.${operation}: ${outcome.error.hint}`);
      if (!outcome.error && (d.afterCall || d.serviceEvents)) {
        const done: AcknowledgedCall = { operation, serviceName: service.name, output: outcome.output, principal, region, lifecycle: outcome.lifecycle };
        try {
          d.serviceEvents?.afterCall(done);
          if (d.afterCall) await d.afterCall(done);
        } catch (err) {
          // The call itself is done and recorded; what follows it must not change its answer.
          d.logger.error({ err, requestId, operation }, 'a follow-up of the call failed');
        }
      }
    } else {
      reason ??= 'no principal to attribute the call to';
    }
    // 8 reply
    this.#log(requestId, started, service.name, operation, reply.status, outcome.error?.code, principal, reason);
    return reply;
  }

  /**
   * Steps 4, 5 and 7 for an ECS call the emulator makes itself: checked against the model, dispatched,
   * and recorded with the given identity, address and user agent. The changes stay if the record is
   * durable and are rolled back if not (then the error is thrown).
   */
  async callAs(c: InternalCall): Promise<{ output?: unknown; error?: { code: string; message: string } }> {
    const d = this.#d;
    const service = d.services.get('ecs')!;
    const requestId = d.ids.uuid();
    const caller: ResolvedIdentity = { principal: c.principal, deny: NO_DENY, declared: true };
    let outcome: Outcome;
    try {
      service.validate(c.operation, c.params);
      outcome = await service.invoke(c.operation, c.params, { requestId, caller, accessKeyId: c.principal.accessKeyId, region: c.region, now: d.clock.now() });
    } catch (err) {
      outcome = { error: this.#failure(err, service.protocol, service, c.operation) };
    }
    const record = buildCallRecord({
      eventTime: d.clock.now(),
      eventSource: service.eventSource,
      signingName: service.signingName,
      operation: c.operation,
      region: c.region,
      principal: c.principal,
      sourceIp: c.sourceIp,
      userAgent: c.userAgent,
      params: c.params,
      output: outcome.output,
      error: outcome.error,
      requestId,
      eventId: d.ids.uuid(),
      tlsDetails: d.tlsDetails,
      vpcEndpoint: c.vpcEndpoint,
    });
    try {
      await d.recorder.append(record);
    } catch (err) {
      outcome.rollback?.();
      throw err;
    }
    d.onCall?.(record);
    return outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message } } : { output: outcome.output };
  }

  #refused(
    requestId: string,
    started: number,
    protocol: WireProtocol,
    service: ServiceDescriptor | undefined,
    operation: string | undefined,
    error: WireError,
    reason: string,
  ): CallReply {
    this.#log(requestId, started, service?.name, operation, error.status, error.code, undefined, reason);
    return protocol.failure(requestId, service?.wire, error);
  }

  #failure(err: unknown, protocol: WireProtocol, service: ServiceDescriptor, operation: string): ServiceError {
    const own = service.errorOf(err);
    if (own) return own;
    if (err instanceof ProtocolError) return protocol.wireError(err);
    this.#d.logger.error({ err, service: service.name, operation }, 'unexpected error in a handler (a bug): answered as an internal error');
    return protocol.wireError(serverError());
  }

  /**
   * One line per call at `info`, with the fields `{ requestId, service, op, status, err, identity, ms }`
   * (identity: the caller's principal ARN) and, for a refused call, `reason` (never a secret).
   */
  #log(
    requestId: string,
    started: number,
    service: string | undefined,
    op: string | undefined,
    status: number,
    err: string | undefined,
    principal: Principal | undefined,
    reason: string | undefined,
  ): void {
    const logger = this.#d.logger;
    if (!logger.isLevelEnabled('info')) return;
    const ms = Math.round((performance.now() - started) * 100) / 100;
    const identity = principal ? principal.arn || principal.principalId : undefined;
    const what = `${service ?? '?'}.${op ?? '?'} => ${status}${err ? ` (${err})` : ''}`;
    logger.info({ requestId, service, op, status, err, identity, ms, reason }, reason ? `${what}: ${reason}` : what);
  }
}

/**
 * The caller gets AccessDeniedException with IAM's sentence (LBHackney-IT/Data-Platform#1818 for
 * ecs:RunTask); the trail records it as `AccessDenied` (cloudtrail-research.md §8.4).
 */
function accessDenied(p: Principal, service: ServiceDescriptor, operation: string): ProtocolError {
  return new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, `${service.signingName}:${operation}`));
}
