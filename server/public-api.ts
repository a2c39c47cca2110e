/**
 * The package's public API: what `import … from 'ecs-trail'` gives. Everything else in dist/ is
 * internal and may change between versions (the package's `exports` map allows no deep imports).
 */

// An emulator on a port, for a test suite (and the CLI).
export { startEmulator, type StartOptions, type RunningEmulator } from './start.js';
export { DEFAULTS, ConfigError, type EmulatorConfig } from './config.js';
export { VERSION } from './version.js';

// ECS in process, with no HTTP and no trail.
export {
  createEcsEmulator,
  EcsServiceError,
  type EcsEmulator,
  type EcsEmulatorOptions,
  type CallScope,
  type PendingCall,
} from '../emulator/index.js';

// Deterministic runs: a hand-moved clock and seeded ids.
export { ManualClock, seededIds, systemClock, randomIds, type Clock, type IdSource } from '../emulator/index.js';
export { DEFAULT_TIMINGS, IMMEDIATE_TIMINGS, type LifecycleTimings } from '../emulator/index.js';

// Reading and checking a trail folder.
export {
  readTrail,
  readTrailFiles,
  verifyTrail,
  type ReadTrailOptions,
  type TrailLogFile,
  type TrailRecord,
  type VerifyOptions,
  type VerifyReport,
  type CallRecord,
} from '../trail-writer/index.js';
