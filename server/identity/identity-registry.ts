import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Principal } from '../../trail-writer/call-record.js';
import { awsId } from './aws-ids.js';
import { assumedRolePrincipal, awsServicePrincipal, federatedUserPrincipal } from './principals.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';

/**
 * Who each access key belongs to, from the identities file (JSON or YAML). One emulator can serve
 * several accounts: each identity carries its own account id. See README "Identities".
 */
export interface IdentitySpec {
  accessKeyId: string;
  secretAccessKey?: string;
  /** Temporary credentials (ASIA… keys): the X-Amz-Security-Token strict mode expects. */
  sessionToken?: string;
  /** `AWSService`: an AWS service acting with its own credentials; needs `invokedBy`. */
  type: 'IAMUser' | 'AssumedRole' | 'Root' | 'FederatedUser' | 'AWSService';
  accountId?: string;
  /** IAMUser: user name. */
  userName?: string;
  /** AssumedRole: role name (with path, e.g. `service-role/deploy`) and session name. */
  roleName?: string;
  sessionName?: string;
  /** FederatedUser: the name given to GetFederationToken, and the IAM user that called it. */
  federatedName?: string;
  issuerUserName?: string;
  principalId?: string;
  mfaAuthenticated?: boolean;
  /** ISO time the session was created; default: when the emulator started. */
  sessionCreationDate?: string;
  /** A console session: the record says `sessionCredentialFromConsole: "true"`. */
  console?: boolean;
  /** What the records show instead of the real peer address and User-Agent. */
  sourceIp?: string;
  userAgent?: string;
  /** An AWS service acting for this identity, e.g. `cloudformation.amazonaws.com`. */
  invokedBy?: string;
  /** Operations this identity is denied (answered with AccessDeniedException). */
  deny?: string[];
}

export interface ResolvedIdentity {
  principal: Principal;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
  sourceIp?: string | undefined;
  userAgent?: string | undefined;
  deny: ReadonlySet<string>;
  declared: boolean;
  /** Temporary credentials STS issued: when they stop working (ms since the epoch). */
  expiresAt?: number | undefined;
}

const ACCOUNT_RE = /^\d{12}$/;
/**
 * Any key a client can put in a SigV4 credential scope: LocalStack's `test`, moto's `FOOBARKEY` and
 * `testing`, lower case, short or long. A scope is `<key>/<date>/<region>/<service>/aws4_request`, so a
 * key has no `/`, `,` or space.
 */
const KEY_RE = /^[^\s/,]{1,128}$/;
/** The top-level lists an identities file may hold. */
const SECTIONS: ReadonlySet<string> = new Set(['identities', 'roles', 'webIdentityProviders']);
const NAME_RE = /^[\w+=,.@/-]{1,128}$/;

export class IdentityRegistry {
  readonly #byKey = new Map<string, ResolvedIdentity>();
  readonly #derived = new Map<string, ResolvedIdentity>();
  readonly defaultAccountId: string;
  readonly #sessionStart: string;

  constructor(specs: readonly IdentitySpec[], defaultAccountId: string, startedAt: number) {
    this.defaultAccountId = defaultAccountId;
    this.#sessionStart = isoSeconds(startedAt);
    specs.forEach((spec, i) => {
      const id = this.#fromSpec(spec, i);
      if (this.#byKey.has(spec.accessKeyId)) {
        throw new Error(`identities file: access key ${spec.accessKeyId} is declared twice`);
      }
      this.#byKey.set(spec.accessKeyId, id);
    });
  }

  static fromFile(path: string, defaultAccountId: string, startedAt: number): IdentityRegistry {
    return IdentityRegistry.fromDocument(readIdentitiesDocument(path), path, defaultAccountId, startedAt);
  }

  static fromDocument(doc: unknown, path: string, defaultAccountId: string, startedAt: number): IdentityRegistry {
    const list = Array.isArray(doc) ? doc : (doc as { identities?: unknown })?.identities ?? [];
    if (!Array.isArray(list)) throw new Error(`the identities file ${path} must hold a list under "identities"`);
    return new IdentityRegistry(list as IdentitySpec[], defaultAccountId, startedAt);
  }

  /** Strict mode verifies every signature: each declared identity needs its secret key. */
  requireSecrets(): void {
    for (const [key, id] of this.#byKey) {
      if (!id.secretAccessKey) {
        throw new Error(`--auth strict: identity ${key} in the identities file has no secretAccessKey`);
      }
    }
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** The declared identity of a key, if any. */
  lookup(accessKeyId: string): ResolvedIdentity | undefined {
    return this.#byKey.get(accessKeyId);
  }

  /**
   * The identity of a key nobody declared: a stable IAM user (long-term keys) or assumed-role session
   * (`ASIA…` keys), named after the key's last six characters, so the same key always gives the same
   * userIdentity, and the record's `accessKeyId` is the key as sent. The account is the default one,
   * except for a key of twelve digits, which names its account (LocalStack's convention).
   */
  derive(accessKeyId: string): ResolvedIdentity {
    let id = this.#derived.get(accessKeyId);
    if (id) return id;
    const suffix = accessKeyId.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, '0');
    const accountId = ACCOUNT_RE.test(accessKeyId) ? accessKeyId : undefined;
    const spec: IdentitySpec = accessKeyId.startsWith('ASIA')
      ? { accessKeyId, accountId, type: 'AssumedRole', roleName: 'ecs-trail-default-role', sessionName: `session-${suffix}` }
      : { accessKeyId, accountId, type: 'IAMUser', userName: `ecs-trail-user-${suffix}` };
    id = { ...this.#fromSpec(spec, -1), declared: false };
    if (this.#derived.size < 10_000) this.#derived.set(accessKeyId, id);
    return id;
  }

  #fromSpec(spec: IdentitySpec, index: number): ResolvedIdentity {
    const where = index >= 0 ? `identities file, entry ${index + 1}` : 'derived identity';
    if (!spec || typeof spec !== 'object') throw new Error(`${where}: not an object`);
    if (typeof spec.accessKeyId !== 'string' || !KEY_RE.test(spec.accessKeyId)) {
      throw new Error(`${where}: accessKeyId must be 1–128 characters with no space, "/" or ","`);
    }
    // YAML reads an unquoted 111122223333 as a number: accept it, but the record needs a string, and a
    // number cannot keep a leading zero.
    const rawAccount: unknown = spec.accountId ?? this.defaultAccountId;
    const accountId = typeof rawAccount === 'number' ? String(rawAccount) : rawAccount;
    if (typeof accountId !== 'string' || !ACCOUNT_RE.test(accountId)) {
      throw new Error(`${where}: accountId must be 12 digits (quote it in YAML if it starts with 0)`);
    }
    checkOptional(spec, where);
    const key = spec.accessKeyId;
    const created = spec.sessionCreationDate ?? this.#sessionStart;
    let principal: Principal;
    switch (spec.type) {
      case 'IAMUser': {
        const userName = checkName(spec.userName, 'userName', where);
        principal = {
          type: 'IAMUser',
          accountId,
          accessKeyId: key,
          principalId: spec.principalId ?? awsId('AIDA', accountId, userName, 21),
          arn: `arn:aws:iam::${accountId}:user/${userName}`,
          userName,
          session: spec.console
            ? { creationDate: created, mfaAuthenticated: spec.mfaAuthenticated ?? false, fromConsole: true }
            : spec.invokedBy !== undefined
              ? // A service acting for the user does so with credentials it made from the user's.
                { creationDate: created, mfaAuthenticated: spec.mfaAuthenticated ?? false, forwarded: true }
              : undefined,
        };
        break;
      }
      case 'AssumedRole': {
        const rolePath = checkName(spec.roleName, 'roleName', where);
        principal = assumedRolePrincipal({
          accountId,
          accessKeyId: key,
          role: { path: rolePath, name: rolePath.split('/').at(-1)! },
          roleId: spec.principalId?.split(':')[0],
          sessionName: checkName(spec.sessionName, 'sessionName', where),
          creationDate: created,
          mfaAuthenticated: spec.mfaAuthenticated ?? false,
          fromConsole: spec.console,
        });
        break;
      }
      case 'Root':
        principal = {
          type: 'Root',
          accountId,
          accessKeyId: key,
          principalId: accountId,
          arn: `arn:aws:iam::${accountId}:root`,
          session: spec.console ? { creationDate: created, mfaAuthenticated: spec.mfaAuthenticated ?? false, fromConsole: true } : undefined,
        };
        break;
      case 'FederatedUser':
        principal = federatedUserPrincipal({
          accountId,
          accessKeyId: key,
          name: checkName(spec.federatedName, 'federatedName', where),
          issuerUserName: checkName(spec.issuerUserName, 'issuerUserName', where),
          creationDate: created,
          mfaAuthenticated: spec.mfaAuthenticated ?? false,
        });
        break;
      case 'AWSService':
        // Records show only `{"type":"AWSService","invokedBy":…}` (ECS assuming a task's role, 2018 flaws2).
        principal = awsServicePrincipal(accountId, checkName(spec.invokedBy, 'invokedBy', where));
        break;
      default:
        throw new Error(`${where}: type must be one of IAMUser, AssumedRole, Root, FederatedUser, AWSService`);
    }
    if (spec.invokedBy !== undefined) principal.invokedBy = checkName(spec.invokedBy, 'invokedBy', where);
    return {
      principal,
      secretAccessKey: spec.secretAccessKey,
      sessionToken: spec.sessionToken,
      sourceIp: spec.sourceIp,
      userAgent: spec.userAgent,
      deny: new Set(spec.deny ?? []),
      declared: index >= 0,
    };
  }
}

/** Fields whose wrong type would otherwise be taken silently (a string `deny` would deny its letters). */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'accessKeyId', 'secretAccessKey', 'sessionToken', 'type', 'accountId', 'userName', 'roleName', 'sessionName', 'federatedName',
  'issuerUserName', 'principalId', 'mfaAuthenticated', 'sessionCreationDate', 'console', 'sourceIp', 'userAgent',
  'invokedBy', 'deny',
]);

function checkOptional(spec: IdentitySpec, where: string): void {
  const unknown = Object.keys(spec).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length > 0) throw new Error(`${where}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (spec.deny !== undefined && (!Array.isArray(spec.deny) || spec.deny.some((d) => typeof d !== 'string'))) {
    throw new Error(`${where}: deny must be a list of operation names, e.g. [CreateCluster, RunTask]`);
  }
  for (const f of ['mfaAuthenticated', 'console'] as const) {
    if (spec[f] !== undefined && typeof spec[f] !== 'boolean') throw new Error(`${where}: ${f} must be true or false`);
  }
  for (const f of ['secretAccessKey', 'sessionToken', 'sourceIp', 'userAgent', 'principalId'] as const) {
    if (spec[f] !== undefined && typeof spec[f] !== 'string') throw new Error(`${where}: ${f} must be a string`);
  }
  if (spec.sessionCreationDate !== undefined && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(String(spec.sessionCreationDate))) {
    throw new Error(`${where}: sessionCreationDate must look like 2025-10-27T00:00:52Z`);
  }
}

function checkName(value: string | undefined, field: string, where: string): string {
  if (typeof value !== 'string' || !NAME_RE.test(value)) {
    throw new Error(`${where}: ${field} is required (letters, digits and +=,.@_-/ , at most 128)`);
  }
  return value;
}

/** The identities file (JSON or YAML) as a document; its sections are read by the registries. */
export function readIdentitiesDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the identities file ${path}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = path.endsWith('.json') ? JSON.parse(text) : (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
  } catch (err) {
    throw new Error(`the identities file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const unknown = Object.keys(doc).filter((k) => !SECTIONS.has(k));
    if (unknown.length > 0) {
      throw new Error(`the identities file ${path} has an unknown section ${unknown.map((k) => `"${k}"`).join(', ')} (expected ${[...SECTIONS].join(', ')})`);
    }
  } else if (!Array.isArray(doc)) {
    throw new Error(`the identities file ${path} must hold a list under "identities"`);
  }
  return doc;
}
