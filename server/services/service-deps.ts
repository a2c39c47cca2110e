import type { Clock, EcsEmulator, IdSource } from '../../emulator/index.js';
import type { EventHistory } from '../../trail-writer/index.js';
import type { IdentityRegistry } from '../identity/identity-registry.js';
import type { RoleRegistry } from '../identity/role-registry.js';
import type { SessionStore } from '../identity/session-store.js';

/** What the services of one emulator instance are built from. */
export interface ServiceDeps {
  emulator: EcsEmulator;
  history: EventHistory;
  identities: IdentityRegistry;
  roles: RoleRegistry;
  sessions: SessionStore;
  clock: Clock;
  ids: IdSource;
  /** `--auth strict`: signatures, sessions, roles and web identity tokens are checked strictly. */
  strict: boolean;
}
