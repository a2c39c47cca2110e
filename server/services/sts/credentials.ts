import type { IdSource } from '../../../emulator/index.js';
import type { Principal } from '../../../trail-writer/index.js';
import { isoSeconds } from '../../../trail-writer/record/java-date.js';
import { awsId } from '../../identity/aws-ids.js';
import type { ResolvedIdentity } from '../../identity/identity-registry.js';
import type { IssuedSession, SessionKind } from '../../identity/session-store.js';
import type { CallContext, Outcome } from '../service-descriptor.js';
import type { ServiceDeps } from '../service-deps.js';

export interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export interface IssueRequest {
  kind: SessionKind;
  /** The account the credentials act in (the role's, or the caller's own). */
  accountId: string;
  durationSeconds: number;
  /** The principal calls signed with the credentials are attributed to. */
  principal(accessKeyId: string, creationDate: string): Principal;
  /** The caller, whose recorded source address and agent (identities file) the session keeps. */
  caller?: ResolvedIdentity | undefined;
}

const NO_DENY: ReadonlySet<string> = new Set();

/**
 * New temporary credentials: an `ASIA…` key that encodes the account as AWS's own do (aws-ids.ts), a
 * 40-character secret, a session token, and an expiration `durationSeconds` from now (whole seconds,
 * as STS returns it). The session is kept until the call's record is durable; `rollback` forgets it.
 */
export function issueCredentials(deps: ServiceDeps, ctx: CallContext, req: IssueRequest): { credentials: Credentials; rollback: () => void } {
  const { accessKeyId, secretAccessKey, sessionToken } = temporaryKeys(deps.ids, req.accountId);
  const now = Math.floor(ctx.now / 1000) * 1000;
  const expiresAt = now + req.durationSeconds * 1000;
  const principal = req.principal(accessKeyId, isoSeconds(now));
  const session: IssuedSession = {
    kind: req.kind,
    identity: {
      principal,
      secretAccessKey,
      sessionToken,
      expiresAt,
      sourceIp: req.caller?.sourceIp,
      userAgent: req.caller?.userAgent,
      deny: req.caller?.deny ?? NO_DENY,
      declared: true,
    },
  };
  deps.sessions.add(session, ctx.now);
  return {
    credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: new Date(expiresAt) },
    rollback: () => deps.sessions.delete(accessKeyId),
  };
}

/**
 * A new set of temporary keys: an `ASIA…` key that encodes the account, a 40-character secret, and a
 * session token. Real tokens are opaque base64 that starts with `IQoJb3JpZ2luX2Vj` in records of 2023–2025.
 */
export function temporaryKeys(ids: IdSource, accountId: string): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  return {
    accessKeyId: awsId('ASIA', accountId, ids.hex(24), 20),
    secretAccessKey: ids.alphanumeric(40),
    sessionToken: `IQoJb3JpZ2luX2Vj${ids.alphanumeric(340)}`,
  };
}

/** Whether the caller signed with temporary credentials (a role, federated or MFA/console session). */
export function isSessionCaller(caller: ResolvedIdentity): boolean {
  const p = caller.principal;
  return caller.expiresAt !== undefined || p.session !== undefined || (p.type !== 'IAMUser' && p.type !== 'Root');
}

/** A packed-size percentage for session policies and tags: [GUESS] an estimate, AWS's packing is undocumented. */
export function packedPolicySize(policy: string | undefined, policyArns: unknown[] | undefined, tags: unknown[] | undefined): number | undefined {
  if (policy === undefined && !policyArns?.length && !tags?.length) return undefined;
  const bytes = Buffer.byteLength(policy ?? '') + JSON.stringify(policyArns ?? []).length + JSON.stringify(tags ?? []).length;
  return Math.max(1, Math.ceil((bytes * 100) / 1600));
}

export type StsHandler = (input: Record<string, unknown>, ctx: CallContext, deps: ServiceDeps) => Outcome;
