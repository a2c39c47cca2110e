import type { EcsEmulator, IdSource, ManualClock } from '../../emulator/index.js';
import type { EventHistory, Principal } from '../../trail-writer/index.js';
import { IdentityRegistry, readIdentitiesDocument, type ResolvedIdentity } from '../identity/identity-registry.js';
import { RoleRegistry } from '../identity/role-registry.js';
import { SessionStore } from '../identity/session-store.js';
import { awsQuery } from '../protocol/aws-query.js';
import { stsService } from '../services/sts/index.js';
import type { ServiceDescriptor } from '../services/service-descriptor.js';

/** A step's call to a service other than ECS, made (STS) or taken as given (any other service). */
export interface OtherServiceCall {
  eventSource: string;
  signingName: string;
  /** What the record shows of the request and the answer (lower camel case for STS, as CloudTrail writes it). */
  params: Record<string, unknown> | null;
  output?: unknown;
  error?: { code: string; message: string } | undefined;
  /** The raw answer, for later steps' references (`${steps.a.Credentials.AccessKeyId}`). */
  answer?: unknown;
}

/**
 * STS for scenario steps: the server's own STS (server/services/sts/), so an AssumeRole made by a
 * scenario is answered, checked and recorded as a client's would be, and the credentials it returns
 * sign later steps (`credentials: <step id>`). Roles of the identities file (`roles` section) apply.
 * Any other service is not emulated: its call is recorded as the scenario gives it.
 */
export class OtherServiceCalls {
  readonly sessions = new SessionStore();
  readonly #sts: ServiceDescriptor;
  readonly #clock: ManualClock;

  constructor(o: { emulator: EcsEmulator; clock: ManualClock; ids: IdSource; identitiesFile?: string | undefined; accountId: string }) {
    this.#clock = o.clock;
    const doc = o.identitiesFile ? readIdentitiesDocument(o.identitiesFile) : undefined;
    this.#sts = stsService({
      emulator: o.emulator,
      // STS never reads event history; the generator has none.
      history: undefined as unknown as EventHistory,
      identities: new IdentityRegistry([], o.accountId, o.clock.now()),
      roles: RoleRegistry.fromDocument(doc),
      sessions: this.sessions,
      clock: o.clock,
      ids: o.ids,
      strict: false,
    });
  }

  /** One STS call by `caller`; its errors are STS's (a role that does not trust the caller, …). */
  sts(caller: ResolvedIdentity, region: string, operation: string, params: Record<string, unknown>, requestId: string): OtherServiceCall & { principal: Principal } {
    const sts = this.#sts;
    const base = { eventSource: sts.eventSource, signingName: sts.signingName, params: hasMembers(params) ? awsQuery.recordMembers(params) : null };
    try {
      sts.validate(operation, params);
      const outcome = sts.invoke(operation, params, { requestId, caller, accessKeyId: caller.principal.accessKeyId, region, now: this.#clock.now() });
      // STS's handlers answer at once; the generator's calls are synchronous.
      if (outcome instanceof Promise) throw new Error(`STS ${operation} answered asynchronously`);
      if (outcome.error) return { ...base, error: { code: outcome.error.code, message: outcome.error.message }, principal: outcome.principal ?? caller.principal };
      return { ...base, output: awsQuery.recordMembers(outcome.output), answer: outcome.output, principal: outcome.principal ?? caller.principal };
    } catch (err) {
      const e = sts.errorOf(err);
      if (!e) throw err;
      return { ...base, error: { code: e.code, message: e.recordedMessage ?? e.message }, principal: e.principal ?? caller.principal };
    }
  }

  /** The identity temporary credentials of an earlier step resolve to, if they were issued. */
  sessionOf(answer: unknown): ResolvedIdentity | undefined {
    const key = (answer as { Credentials?: { AccessKeyId?: unknown } } | undefined)?.Credentials?.AccessKeyId;
    return typeof key === 'string' ? this.sessions.get(key)?.identity : undefined;
  }
}

/**
 * A call to a service the emulator does not serve, recorded as given: `<service>.amazonaws.com`, the
 * params as requestParameters and the given response as responseElements (readOnly by the verb).
 */
export function recordedAsGiven(service: string, params: Record<string, unknown>, response: unknown): OtherServiceCall {
  return { eventSource: `${service}.amazonaws.com`, signingName: service, params: hasMembers(params) ? params : null, output: response ?? undefined, answer: response };
}

function hasMembers(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
