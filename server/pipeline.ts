import type { Logger } from 'pino';
import { EcsServiceError, type EcsEmulator, type IdSource, type Clock } from '../emulator/index.js';
import type { CallRecord, Principal } from '../trail-writer/index.js';
import { accessDeniedMessage, buildCallRecord } from './call-record-builder.js';
import { parseBody, parseTarget, serializeBody, serializeError, JSON_11 } from './protocol/aws-json.js';
import {
  ProtocolError,
  incompleteSignature,
  notServed,
  unknownOperation,
  unsupportedMediaType,
} from './protocol/protocol-errors.js';
import type { OperationValidators } from './protocol/validate.js';
import { ECS, SERVICES_BY_TARGET, type ServiceDescriptor } from './services.js';
import { parseAuthorization } from './identity/authorization-header.js';
import type { CallerResolver } from './identity/resolve-caller.js';
import { verifySignature } from './identity/verify-signature.js';
import { callerIdentityOf } from './identity/caller-identity.js';

/**
 * The life of one API call, in order. Every outcome, success or error, goes through steps 5–7, so
 * every answered call that can be attributed to an account has exactly one trail record, and every
 * error body is AWS-shaped.
 *
 *   1 identify   SigV4 Authorization → access key, region; → caller (CallerResolver)
 *   2 route      X-Amz-Target → service + operation
 *   3 parse      body ('' → {}) and validate it against the operation's model
 *   4 dispatch   the emulator applies the call's changes (undoable until step 6 succeeds)
 *   5 serialize  success: 200 + JSON; error: 4xx/5xx + x-amzn-ErrorType + {__type, message}
 *   6 capture    the CloudTrail record is made durable — only then is the call acknowledged;
 *                if it cannot be, the changes are rolled back and the caller gets ServerException
 *   7 reply      x-amzn-RequestId = the record's requestID
 */
export interface IncomingCall {
  method: string;
  /** path and query as received */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
  peerAddress: string;
}

export interface CallReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Where finished calls go: the trail writer (or nothing, when the emulator runs without a trail). */
export interface CallRecorder {
  append(call: CallRecord): Promise<unknown>;
}

/** A non-ECS service handler on the same port (CloudTrail LookupEvents). */
export type ExtraOperation = (input: Record<string, unknown>, caller: Principal, region: string) => Promise<unknown> | unknown;

export interface PipelineDeps {
  emulator: EcsEmulator;
  recorder: CallRecorder;
  callers: CallerResolver;
  validators: ReadonlyMap<string, Pick<OperationValidators, 'get'>>;
  cloudTrailOperations: ReadonlyMap<string, ExtraOperation>;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  tlsDetails: boolean;
  /** Verify SigV4 signatures against the identities' secret keys. */
  strictAuth?: boolean | undefined;
  sourceIp?: string | undefined;
  /** Listeners of finished, acknowledged calls (dashboard, tests). */
  onCall?: ((call: CallRecord) => void) | undefined;
  /**
   * Runs after a successful call is durable and before it is answered: calls the emulator makes
   * happen as a consequence (the simulated ECS agents of a new cluster register), through callAs.
   */
  afterCall?: ((done: AcknowledgedCall) => Promise<void>) | undefined;
}

/** A successful call whose record is durable. */
export interface AcknowledgedCall {
  operation: string;
  serviceName: string;
  output: unknown;
  principal: Principal;
  region: string;
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

const ACCEPTED_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);

function header(h: IncomingCall['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

interface Outcome {
  output?: unknown;
  error?: { code: string; message: string; status: number };
  rollback?: () => void;
  /** For the operator's log only (EcsServiceError.operatorHint). */
  hint?: string | undefined;
}

export class CallPipeline {
  readonly #d: PipelineDeps;
  constructor(deps: PipelineDeps) {
    this.#d = deps;
  }

  async handle(call: IncomingCall): Promise<CallReply> {
    const d = this.#d;
    const requestId = d.ids.uuid();

    // 1 identify
    const auth = parseAuthorization(header(call.headers, 'authorization'));
    if (auth.kind === 'malformed') return reply(requestId, errorOutcome(incompleteSignature(auth.reason)));
    const caller = d.callers.resolve(auth, call);
    if (caller instanceof ProtocolError) return reply(requestId, errorOutcome(caller));

    // 2 route
    const target = header(call.headers, 'x-amz-target');
    const parsed = parseTarget(target);
    const service = parsed ? SERVICES_BY_TARGET.get(parsed.prefix) : undefined;
    if (!parsed || !service || !Object.hasOwn(service.model.operations, parsed.operation)) {
      // Not an operation of any API we speak: there is no event to record. A record's eventName is an
      // action of the service's API (record-contents page) and "matches up to the public AWS api
      // call" (a CloudTrail engineer, awsdocs/aws-cloudtrail-user-guide#2), so CloudTrail has no
      // event for a target the service does not have.
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
      return reply(requestId, errorOutcome(unknownOperation(target ?? '')));
    }
    const operation = parsed.operation;
    const signed = auth.kind === 'sigv4' ? auth.credential : undefined;
    const region = signed?.region ?? d.callers.defaultRegion;

    let params: Record<string, unknown> | null = null;
    let outcome: Outcome;
    try {
      if (d.strictAuth && signed) {
        // A known key with a bad signature is still attributable: it is answered and recorded.
        const bad = await verifySignature(call, signed, {
          secretAccessKey: caller.secretAccessKey ?? '',
          sessionToken: caller.sessionToken,
        }, service.signingName, d.clock.now());
        if (bad) throw bad;
      }
      // 3 parse + validate
      const type = (header(call.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== '' && !ACCEPTED_TYPES.has(type)) throw unsupportedMediaType(type);
      params = parseBody(call.body);
      d.validators.get(service.name)?.get(operation)?.(params);
      if (caller.deny.has(operation) || caller.deny.has('*')) throw accessDenied(caller.principal, service, operation);
      // 4 dispatch
      outcome = await this.#dispatch(service, operation, params, caller.principal, region, caller.deny.has('TagResource'));
    } catch (err) {
      outcome = this.#failure(err, operation);
    }

    // 5 serialize
    const response = reply(requestId, outcome);

    // 6 capture
    const record: CallRecord = buildCallRecord({
      eventTime: d.clock.now(),
      eventSource: service.eventSource,
      signingName: service.signingName,
      operation,
      region,
      principal: caller.principal,
      sourceIp: caller.sourceIp ?? d.sourceIp ?? call.peerAddress,
      userAgent: caller.userAgent ?? header(call.headers, 'user-agent') ?? '',
      params,
      output: outcome.output,
      error: outcome.error,
      requestId,
      eventId: d.ids.uuid(),
      tlsDetails: d.tlsDetails,
    });
    try {
      await d.recorder.append(record);
    } catch (err) {
      outcome.rollback?.();
      d.logger.error({ err, requestId, operation }, 'could not make the trail record durable; the call was rolled back');
      return reply(requestId, { error: { code: 'ServerException', message: 'Service encountered an unexpected error.', status: 500 } });
    }
    d.onCall?.(record);
    if (outcome.hint) d.logger.warn({ requestId, operation }, `${service.name}.${operation}: ${outcome.hint}`);
    if (!outcome.error && d.afterCall) {
      try {
        await d.afterCall({ operation, serviceName: service.name, output: outcome.output, principal: caller.principal, region });
      } catch (err) {
        // The call itself is done and recorded; what follows it must not change its answer.
        d.logger.error({ err, requestId, operation }, 'a follow-up of the call failed');
      }
    }
    if (d.logger.isLevelEnabled('info')) {
      d.logger.info(
        { requestId, op: `${service.name}.${operation}`, status: response.status, err: outcome.error?.code },
        `${service.name}.${operation} => ${response.status}${outcome.error ? ` (${outcome.error.code})` : ''}`,
      );
    }
    // 7 reply
    return response;
  }

  /**
   * Steps 3, 4 and 6 for a call the emulator makes itself: checked against the model, dispatched,
   * and recorded with the given identity, address and user agent. The changes stay if the record is
   * durable and are rolled back if not (then the error is thrown).
   */
  async callAs(c: InternalCall): Promise<{ output?: unknown; error?: { code: string; message: string } }> {
    const d = this.#d;
    const service = ECS;
    const requestId = d.ids.uuid();
    let outcome: Outcome;
    try {
      d.validators.get(service.name)?.get(c.operation)?.(c.params);
      outcome = await this.#dispatch(service, c.operation, c.params, c.principal, c.region, false);
    } catch (err) {
      outcome = this.#failure(err, c.operation);
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
    return outcome.error ? { error: outcome.error } : { output: outcome.output };
  }

  async #dispatch(
    service: ServiceDescriptor,
    operation: string,
    params: Record<string, unknown>,
    principal: Principal,
    region: string,
    mayNotTag: boolean,
  ): Promise<Outcome> {
    if (service.name === 'cloudtrail') {
      const op = this.#d.cloudTrailOperations.get(operation);
      if (!op) throw notServed('cloudtrail', operation);
      return { output: await op(params, principal, region) };
    }
    if (!this.#d.emulator.supports(operation)) throw notServed('ecs', operation);
    const pending = this.#d.emulator.dispatch(operation, params, {
      accountId: principal.accountId,
      region,
      principalArn: principal.arn,
      caller: callerIdentityOf(principal),
      authorizeTagOnCreate: mayNotTag ? tagDenial(principal, service) : undefined,
    });
    return { output: pending.output, rollback: pending.rollback };
  }

  #failure(err: unknown, operation: string): Outcome {
    if (err instanceof EcsServiceError) {
      return { error: { code: err.code, message: err.message, status: err.fault === 'server' ? 500 : 400 }, hint: err.operatorHint };
    }
    if (err instanceof ProtocolError) return errorOutcome(err);
    this.#d.logger.error({ err, operation }, 'unexpected error in a handler (a bug): answered ServerException');
    return { error: { code: 'ServerException', message: 'Service encountered an unexpected error.', status: 500 } };
  }
}

function errorOutcome(err: ProtocolError): Outcome {
  return { error: { code: err.code, message: err.message, status: err.status } };
}

function reply(requestId: string, outcome: Outcome): CallReply {
  if (outcome.error) {
    return {
      status: outcome.error.status,
      headers: {
        'content-type': JSON_11,
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': outcome.error.code,
      },
      body: serializeError(outcome.error.code, outcome.error.message),
    };
  }
  return {
    status: 200,
    headers: { 'content-type': JSON_11, 'x-amzn-requestid': requestId },
    body: serializeBody(outcome.output ?? {}),
  };
}

/** IAM's denial of ecs:TagResource on the resource a create call would tag (tagging authorization). */
function tagDenial(p: Principal, service: ServiceDescriptor): (resourceArn: string) => never {
  return (resourceArn) => {
    throw new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, `${service.signingName}:TagResource`, resourceArn));
  };
}

/**
 * The caller gets AccessDeniedException with IAM's sentence (LBHackney-IT/Data-Platform#1818 for
 * ecs:RunTask); the trail records it as `AccessDenied` (cloudtrail-research.md §8.4).
 */
function accessDenied(p: Principal, service: ServiceDescriptor, operation: string): ProtocolError {
  return new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, `${service.signingName}:${operation}`));
}
