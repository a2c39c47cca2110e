import type { AuthorizationParse } from './authorization-header.js';
import type { IdentityRegistry, ResolvedIdentity } from './identity-registry.js';
import { ProtocolError, unrecognizedClient } from '../protocol/protocol-errors.js';

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Who is calling, from the Authorization header:
 * - a declared access key → its identity;
 * - an undeclared key → lenient: a stable identity derived from the key; strict:
 *   UnrecognizedClientException, as AWS answers an unknown key;
 * - no Authorization header → lenient: the default caller (the derived identity of the access key
 *   `AKIAIOSFODNN7EXAMPLE`… see README); strict: MissingAuthenticationTokenException.
 */
export class CallerResolver {
  readonly #registry: IdentityRegistry;
  readonly #strict: boolean;
  readonly defaultRegion: string;
  readonly defaultAccessKeyId: string;

  constructor(registry: IdentityRegistry, opts: { strict: boolean; defaultRegion: string; defaultAccessKeyId?: string }) {
    this.#registry = registry;
    this.#strict = opts.strict;
    this.defaultRegion = opts.defaultRegion;
    this.defaultAccessKeyId = opts.defaultAccessKeyId ?? 'AKIAECSTRAILDEFAULT0';
  }

  resolve(auth: AuthorizationParse, _call: unknown): ResolvedIdentity | ProtocolError {
    if (auth.kind === 'none') {
      if (this.#strict) {
        return new ProtocolError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
      }
      return this.#registry.lookup(this.defaultAccessKeyId) ?? this.#registry.derive(this.defaultAccessKeyId);
    }
    if (auth.kind !== 'sigv4') return unrecognizedClient();
    const { accessKeyId, region } = auth.credential;
    if (!REGION_RE.test(region)) {
      return new ProtocolError('InvalidSignatureException', `Credential should be scoped to a valid region.`);
    }
    const declared = this.#registry.lookup(accessKeyId);
    if (declared) return declared;
    if (this.#strict) return unrecognizedClient();
    if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) return unrecognizedClient();
    return this.#registry.derive(accessKeyId);
  }
}
