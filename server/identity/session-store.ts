import type { ResolvedIdentity } from './identity-registry.js';

/** How the credentials were obtained: GetSessionToken and GetFederationToken refuse session callers. */
export type SessionKind = 'role' | 'web-identity' | 'session-token' | 'federation';

export interface IssuedSession {
  kind: SessionKind;
  /** The caller as every call signed with these credentials resolves to. */
  identity: ResolvedIdentity & { secretAccessKey: string; sessionToken: string; expiresAt: number };
}

/**
 * The temporary credentials STS has issued, by access key, held by one emulator instance. They live in
 * memory only: a restart forgets them (clients then get the answer for a key nobody declared), as the
 * credentials of a restarted emulator would be worthless anyway. The store is bounded: when full, it
 * first drops credentials that have expired, then the oldest issued.
 */
export class SessionStore {
  readonly #byKey = new Map<string, IssuedSession>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  get(accessKeyId: string): IssuedSession | undefined {
    return this.#byKey.get(accessKeyId);
  }

  add(session: IssuedSession, now: number): void {
    if (this.#byKey.size >= this.#capacity) this.#evict(now);
    this.#byKey.set(session.identity.principal.accessKeyId, session);
  }

  delete(accessKeyId: string): void {
    this.#byKey.delete(accessKeyId);
  }

  get size(): number {
    return this.#byKey.size;
  }

  #evict(now: number): void {
    for (const [key, s] of this.#byKey) if (s.identity.expiresAt <= now) this.#byKey.delete(key);
    // Insertion order is issue order: the first key is the oldest.
    while (this.#byKey.size >= this.#capacity) this.#byKey.delete(this.#byKey.keys().next().value!);
  }
}
