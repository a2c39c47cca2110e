import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Principal } from '../../trail-writer/call-record.js';
import { roleIdOf, type RoleName } from './principals.js';

/**
 * The roles and web identity (OIDC) providers of the identities file (sections `roles` and
 * `webIdentityProviders`; README "Identities"): who may assume a role, how long its sessions may last,
 * and which token issuers STS trusts. Roles nobody declared can still be assumed in lenient mode, by
 * callers of their own account.
 */
export interface RoleSpec {
  arn: string;
  /** The role's unique id (`AROA…`); default: derived from the ARN. */
  roleId?: string;
  /** Longest session, in seconds (IAM: 3600 to 43200, default 3600). */
  maxSessionDuration?: number;
  /** Who may call AssumeRole: principal ARNs (users, roles, assumed-role sessions), account ids, or "*". */
  trustedPrincipals?: string[];
  /** Which web identity tokens AssumeRoleWithWebIdentity accepts for it. */
  trustedWebIdentities?: WebIdentityTrust[];
}

export interface WebIdentityTrust {
  /** The token's `iss`, e.g. https://token.actions.githubusercontent.com */
  issuer: string;
  /** The token's `aud` must include it. */
  audience?: string;
  /** The token's `sub`, `*` matching any run of characters, e.g. repo:my-org/my-repo:* */
  subject?: string;
}

export interface WebIdentityProviderSpec {
  issuer: string;
  /** Client ids (`aud` values) the provider accepts. */
  audiences?: string[];
  /** PEM public key the tokens are signed with: strict mode verifies every token's signature with it. */
  publicKey?: string;
}

export interface DeclaredRole {
  arn: string;
  accountId: string;
  role: RoleName;
  roleId: string;
  maxSessionSeconds: number;
  trustedPrincipals?: readonly string[] | undefined;
  trustedWebIdentities?: readonly WebIdentityTrust[] | undefined;
}

export interface DeclaredProvider {
  /** The issuer as IAM names the provider: no scheme, no trailing slash. */
  host: string;
  audiences?: ReadonlySet<string> | undefined;
  publicKey?: KeyObject | undefined;
}

const ROLE_ARN_RE = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64}))$/;
const ROLE_FIELDS: ReadonlySet<string> = new Set(['arn', 'roleId', 'maxSessionDuration', 'trustedPrincipals', 'trustedWebIdentities']);
const PROVIDER_FIELDS: ReadonlySet<string> = new Set(['issuer', 'audiences', 'publicKey']);

/** `https://token.actions.githubusercontent.com/` → `token.actions.githubusercontent.com`, as IAM names a provider. */
export function issuerHost(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

/** A role ARN's parts, or undefined if it is not one. */
export function parseRoleArn(arn: string): { accountId: string; role: RoleName } | undefined {
  const m = ROLE_ARN_RE.exec(arn);
  return m ? { accountId: m[1]!, role: { path: m[2]!, name: m[3]! } } : undefined;
}

export class RoleRegistry {
  readonly #roles = new Map<string, DeclaredRole>();
  readonly #providers = new Map<string, DeclaredProvider>();

  constructor(roles: readonly RoleSpec[] = [], providers: readonly WebIdentityProviderSpec[] = []) {
    roles.forEach((spec, i) => {
      const role = declareRole(spec, `identities file, roles entry ${i + 1}`);
      if (this.#roles.has(role.arn)) throw new Error(`identities file: role ${role.arn} is declared twice`);
      this.#roles.set(role.arn, role);
    });
    providers.forEach((spec, i) => {
      const p = declareProvider(spec, `identities file, webIdentityProviders entry ${i + 1}`);
      this.#providers.set(p.host, p);
    });
  }

  static fromDocument(doc: unknown): RoleRegistry {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return new RoleRegistry();
    const { roles = [], webIdentityProviders = [] } = doc as { roles?: unknown; webIdentityProviders?: unknown };
    if (!Array.isArray(roles)) throw new Error('identities file: "roles" must be a list');
    if (!Array.isArray(webIdentityProviders)) throw new Error('identities file: "webIdentityProviders" must be a list');
    return new RoleRegistry(roles as RoleSpec[], webIdentityProviders as WebIdentityProviderSpec[]);
  }

  role(arn: string): DeclaredRole | undefined {
    return this.#roles.get(arn);
  }

  provider(issuer: string): DeclaredProvider | undefined {
    return this.#providers.get(issuerHost(issuer));
  }
}

/**
 * Whether a role's trust admits a caller of AssumeRole: a declared list names principals (their ARN,
 * or for a role session its role's ARN), accounts (any principal of it) or `*`; without a list, as with
 * a role nobody declared, any principal of the role's own account.
 */
export function trusts(role: { accountId: string; trustedPrincipals?: readonly string[] | undefined }, caller: Principal): boolean {
  const list = role.trustedPrincipals;
  if (!list) return caller.accountId === role.accountId;
  const issuerArn = caller.session?.issuer?.arn;
  return list.some((t) => t === '*' || t === caller.accountId || t === caller.arn || (issuerArn !== undefined && t === issuerArn));
}

/** Whether a declared web identity trust admits a token's issuer, audience and subject. */
export function trustsWebIdentity(t: WebIdentityTrust, issuer: string, audiences: readonly string[], subject: string): boolean {
  if (issuerHost(t.issuer) !== issuerHost(issuer)) return false;
  if (t.audience !== undefined && !audiences.includes(t.audience)) return false;
  if (t.subject !== undefined && !glob(t.subject).test(subject)) return false;
  return true;
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function declareRole(spec: RoleSpec, where: string): DeclaredRole {
  if (!spec || typeof spec !== 'object') throw new Error(`${where}: not an object`);
  const unknown = Object.keys(spec).filter((k) => !ROLE_FIELDS.has(k));
  if (unknown.length > 0) throw new Error(`${where}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const parsed = typeof spec.arn === 'string' ? parseRoleArn(spec.arn) : undefined;
  if (!parsed) throw new Error(`${where}: arn must be a role ARN, e.g. arn:aws:iam::111122223333:role/deployer`);
  const max = spec.maxSessionDuration ?? 3600;
  if (!Number.isInteger(max) || max < 3600 || max > 43200) {
    // IAM's own bounds for a role's maximum session duration (CreateRole, MaxSessionDuration).
    throw new Error(`${where}: maxSessionDuration must be a whole number of seconds from 3600 to 43200`);
  }
  if (spec.trustedPrincipals !== undefined && (!Array.isArray(spec.trustedPrincipals) || spec.trustedPrincipals.some((p) => typeof p !== 'string'))) {
    throw new Error(`${where}: trustedPrincipals must be a list of principal ARNs, account ids or "*"`);
  }
  const webIds = spec.trustedWebIdentities;
  if (webIds !== undefined && (!Array.isArray(webIds) || webIds.some((w) => !w || typeof w.issuer !== 'string'))) {
    throw new Error(`${where}: trustedWebIdentities must be a list of { issuer, audience?, subject? }`);
  }
  return {
    arn: spec.arn,
    ...parsed,
    roleId: spec.roleId ?? roleIdOf(parsed.accountId, parsed.role.path),
    maxSessionSeconds: max,
    trustedPrincipals: spec.trustedPrincipals,
    trustedWebIdentities: webIds,
  };
}

function declareProvider(spec: WebIdentityProviderSpec, where: string): DeclaredProvider {
  if (!spec || typeof spec !== 'object' || typeof spec.issuer !== 'string' || !/^https:\/\/[^\s/]/.test(spec.issuer)) {
    throw new Error(`${where}: issuer must be the provider's https:// URL, e.g. https://token.actions.githubusercontent.com`);
  }
  const unknown = Object.keys(spec).filter((k) => !PROVIDER_FIELDS.has(k));
  if (unknown.length > 0) throw new Error(`${where}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (spec.audiences !== undefined && (!Array.isArray(spec.audiences) || spec.audiences.some((a) => typeof a !== 'string'))) {
    throw new Error(`${where}: audiences must be a list of client ids, e.g. [sts.amazonaws.com]`);
  }
  let publicKey: KeyObject | undefined;
  if (spec.publicKey !== undefined) {
    try {
      publicKey = createPublicKey(String(spec.publicKey));
    } catch (err) {
      throw new Error(`${where}: publicKey is not a PEM public key: ${(err as Error).message}`);
    }
  }
  return { host: issuerHost(spec.issuer), audiences: spec.audiences ? new Set(spec.audiences) : undefined, publicKey };
}
