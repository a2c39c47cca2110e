import { constants, verify, type KeyObject } from 'node:crypto';

/**
 * An OIDC ID token (a JWT: base64url header.payload.signature) as AssumeRoleWithWebIdentity reads it:
 * the issuer, subject and audiences it names and its validity window.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
 */
export interface WebIdentityToken {
  issuer: string;
  subject: string;
  audiences: string[];
  /** seconds since the epoch */
  expiresAt?: number | undefined;
  notBefore?: number | undefined;
  algorithm: string;
  signingInput: string;
  signature: Buffer;
}

/** The token's claims, or undefined when it is not a JWT naming an issuer, a subject and an audience. */
export function decodeWebIdentityToken(token: string): WebIdentityToken | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = json(parts[0]!);
  const payload = json(parts[1]!);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  const { iss, sub, aud, exp, nbf } = payload;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  if (typeof iss !== 'string' || iss === '' || typeof sub !== 'string' || sub === '' || audiences.length === 0) return undefined;
  return {
    issuer: iss,
    subject: sub,
    audiences,
    expiresAt: typeof exp === 'number' ? exp : undefined,
    notBefore: typeof nbf === 'number' ? nbf : undefined,
    algorithm: header.alg,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: Buffer.from(parts[2]!, 'base64url'),
  };
}

const HASHES: Record<string, string> = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** Whether the token is signed by the provider's key (RS*, PS* and ES* algorithms; `none` never). */
export function signedBy(token: WebIdentityToken, key: KeyObject): boolean {
  const m = /^(RS|PS|ES)(256|384|512)$/.exec(token.algorithm);
  if (!m) return false;
  const hash = HASHES[m[2]!]!;
  const data = Buffer.from(token.signingInput);
  try {
    if (m[1] === 'RS') return verify(hash, data, key, token.signature);
    if (m[1] === 'PS') return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, token.signature);
    return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, token.signature);
  } catch {
    return false;
  }
}

function json(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
