import type { Clock } from '../../emulator/index.js';
import type { AuthorizationParse } from './authorization-header.js';
import type { IdentityRegistry, ResolvedIdentity } from './identity-registry.js';
import type { SessionStore } from './session-store.js';
import { invalidRegionMessage, isKnownRegion } from './regions.js';
import { ProtocolError, expiredToken, incompleteSignature, missingAuthenticationToken, unrecognizedClient } from '../protocol/protocol-errors.js';

/**
 * A call refused before it reaches its service: the error the caller gets (in awsJson terms; the
 * service's protocol spells it its own way) and why, for the log line. A reason never holds a secret.
 */
export class AuthRefusal {
  constructor(
    readonly error: ProtocolError,
    readonly reason: string,
  ) {}
}

/**
 * Who is calling, from the Authorization header:
 * - a SigV4 scope whose region is not a real AWS Region → refused, in both modes;
 * - a declared access key → its identity;
 * - temporary credentials STS issued → their session; once expired, refused in both modes;
 * - an undeclared key → lenient: a stable identity derived from the key, whatever the key looks like
 *   (`test`, `FOOBARKEY`…); strict: UnrecognizedClientException, as AWS answers an unknown key;
 * - no Authorization header → lenient: the default caller (the identity of the access key
 *   `AKIAECSTRAILDEFAULT0`, see README); strict: MissingAuthenticationTokenException.
 */
export class CallerResolver {
  readonly #registry: IdentityRegistry;
  readonly #sessions: SessionStore;
  readonly #clock: Clock;
  readonly #strict: boolean;
  readonly defaultRegion: string;
  readonly defaultAccessKeyId: string;

  constructor(
    registry: IdentityRegistry,
    sessions: SessionStore,
    opts: { strict: boolean; defaultRegion: string; clock: Clock; defaultAccessKeyId?: string },
  ) {
    this.#registry = registry;
    this.#sessions = sessions;
    this.#clock = opts.clock;
    this.#strict = opts.strict;
    this.defaultRegion = opts.defaultRegion;
    this.defaultAccessKeyId = opts.defaultAccessKeyId ?? 'AKIAECSTRAILDEFAULT0';
  }

  get strict(): boolean {
    return this.#strict;
  }

  resolve(auth: AuthorizationParse): ResolvedIdentity | AuthRefusal {
    if (auth.kind === 'malformed') return new AuthRefusal(incompleteSignature(auth.reason), 'malformed Authorization header');
    if (auth.kind === 'none') {
      if (this.#strict) return new AuthRefusal(missingAuthenticationToken(), 'unsigned request (strict mode needs SigV4)');
      return this.#registry.lookup(this.defaultAccessKeyId) ?? this.#registry.derive(this.defaultAccessKeyId);
    }
    const { accessKeyId, region } = auth.credential;
    if (!isKnownRegion(region)) {
      return new AuthRefusal(new ProtocolError('InvalidSignatureException', invalidRegionMessage(region)), `"${region}" in the SigV4 scope is not an AWS Region`);
    }
    const declared = this.#registry.lookup(accessKeyId);
    if (declared) return declared;
    const session = this.#sessions.get(accessKeyId);
    if (session) {
      const expiresAt = session.identity.expiresAt;
      if (this.#clock.now() >= expiresAt) {
        return new AuthRefusal(expiredToken(), `temporary credentials ${accessKeyId} expired at ${new Date(expiresAt).toISOString()}`);
      }
      return session.identity;
    }
    if (this.#strict) return new AuthRefusal(unrecognizedClient(), `access key ${accessKeyId} is not declared (strict mode)`);
    return this.#registry.derive(accessKeyId);
  }
}
