import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { createEcsEmulator, randomIds, systemClock, type Clock, type EcsEmulator, type IdSource } from '../emulator/index.js';
import { DigestWriter, EventHistory, TrailWriter, type CallRecord } from '../trail-writer/index.js';
import { buildApp } from './app.js';
import { checkConfig, DEFAULTS, type EmulatorConfig } from './config.js';
import { CallPipeline } from './pipeline.js';
import { IdentityRegistry, readIdentitiesDocument } from './identity/identity-registry.js';
import { RoleRegistry } from './identity/role-registry.js';
import { SessionStore } from './identity/session-store.js';
import { CallerResolver } from './identity/resolve-caller.js';
import { buildServiceTable } from './services/index.js';
import { adminRoutes } from './http/admin-routes.js';
import { SimulatedAgents } from './ec2-capacity/simulated-agents.js';
import { dashboardRoutes } from './http/dashboard-routes.js';
import { createLogger, type LogOutput } from './logging/create-logger.js';
import { hostRule, isLoopback } from './http/host-rule.js';
import { AdminAccess } from './http/admin-access.js';
import { ServiceSideEvents } from './service-events/service-side-events.js';
import { LiveServiceEvents } from './service-events/live-service-events.js';
import { taskSessionIdentity } from './service-events/task-sessions.js';

export interface StartOptions extends Partial<EmulatorConfig> {
  clock?: Clock;
  ids?: IdSource;
  /** A logger of your own; otherwise one is made from `logLevel` and `logFormat`, writing to `logOutput`. */
  logger?: Logger;
  /** Where the emulator's own logger writes (default: stdout). */
  logOutput?: LogOutput;
  /** Called for every acknowledged call (after its record is durable). */
  onCall?: (call: CallRecord) => void;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:4599` */
  url: string;
  port: number;
  config: EmulatorConfig;
  emulator: EcsEmulator;
  trail: TrailWriter;
  /** Signed hourly digest files (log file integrity validation); `deliverDue`/`flush` write them now. */
  digests: DigestWriter;
  /** Event history (LookupEvents); indexes the folder's earlier log files in the background. */
  history: EventHistory;
  app: FastifyInstance;
  logger: Logger;
  /**
   * The token the routes under /_ecs-trail/ require (header X-Ecs-Trail-Token), if any: the
   * configured one, or the one strict mode made up.
   */
  adminToken: string | undefined;
  /**
   * The events AWS adds to the trail for ECS's work, when `serviceEvents` is on: `settle()` writes
   * those due by the injected clock's now (a ManualClock does not move by itself).
   */
  serviceEvents: LiveServiceEvents | undefined;
  /** Deliver every pending record (and every service event due by now) to the trail folder now. */
  flush(): Promise<void>;
  /** Stop listening, deliver everything pending, close the journal. */
  close(): Promise<void>;
}

/**
 * Start an emulator in this process: for users' own test suites (`port: 0` picks a free port) and
 * for the CLI.
 */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { clock = systemClock, ids = randomIds, logger: givenLogger, logOutput, onCall, ...rest } = options;
  const config = checkConfig({ ...DEFAULTS, ...rest, timings: { ...DEFAULTS.timings, ...rest.timings } });
  const logger = givenLogger ?? (await createLogger(config, logOutput));
  // A secret, so from the system's randomness rather than the (possibly seeded) id source.
  const adminToken = config.adminToken ?? (config.auth === 'strict' ? randomBytes(18).toString('base64url') : undefined);
  const startedAt = clock.now();
  const identitiesDoc = config.identitiesFile ? readIdentitiesDocument(config.identitiesFile) : undefined;
  const registry = config.identitiesFile
    ? IdentityRegistry.fromDocument(identitiesDoc, config.identitiesFile, config.accountId, startedAt)
    : new IdentityRegistry([], config.accountId, startedAt);
  const roles = RoleRegistry.fromDocument(identitiesDoc);
  if (config.auth === 'strict') registry.requireSecrets();
  const sessions = new SessionStore();

  const emulator = createEcsEmulator({ clock, ids, timings: config.timings });
  const trail = await TrailWriter.open({
    root: config.trailDir,
    prefix: config.trailPrefix,
    clock,
    ids,
    windowMs: config.deliveryWindowSeconds * 1000,
    maxUndeliveredBytes: config.maxUndeliveredMb * 1024 * 1024,
    fsync: config.fsync,
    timers: true,
    logger,
    folderOption: '--trail-dir',
  });
  if (!config.fsync) {
    logger.info('fsync is off: a call is answered once its record is in the journal file, not yet on the disk (a kill -9 loses nothing; a power loss or OS crash may lose the last seconds)');
  }
  // Opened after the trail: log files its journal recovery delivered are found on disk.
  const digests = await DigestWriter.open({
    root: config.trailDir,
    prefix: config.trailPrefix,
    stateDir: trail.stateDir,
    source: trail,
    clock,
    intervalMs: config.digestIntervalSeconds * 1000,
    homeRegion: config.region,
    timers: true,
    logger,
  }).catch(async (err: unknown) => {
    await trail.close();
    throw err;
  });
  // Indexes the trail folder in the background: the server listens at once, whatever the trail's size.
  const history = EventHistory.open(trail, {
    root: config.trailDir,
    prefix: config.trailPrefix,
    logger,
    clock,
    retentionMs: config.eventHistoryDays * 24 * 3600 * 1000,
  });
  const strict = config.auth === 'strict';
  const dashboard = dashboardRoutes({ emulator, trail, logger });
  let agents: SimulatedAgents | undefined;
  // The events AWS adds to the trail for ECS's work (README "Service-side events"); each task role
  // session is also a session a client can sign with (GET /_ecs-trail/task-credentials/<task>).
  const planner = config.serviceEvents
    ? new ServiceSideEvents({ ids, onTaskSession: (_arn, s) => sessions.add(taskSessionIdentity(s), clock.now()) })
    : undefined;
  const serviceEvents = planner
    ? new LiveServiceEvents({
        events: planner,
        clock,
        recorder: trail,
        logger,
        onRecord: (call) => onCall?.(call),
      })
    : undefined;
  const pipeline: CallPipeline = new CallPipeline({
    services: buildServiceTable({ emulator, history, identities: registry, roles, sessions, clock, ids, strict }),
    recorder: trail,
    callers: new CallerResolver(registry, sessions, { strict, defaultRegion: config.region, clock }),
    clock,
    ids,
    logger,
    tlsDetails: config.tlsDetails,
    strictAuth: config.auth === 'strict',
    sourceIp: config.sourceIp,
    onCall,
    serviceEvents,
    afterCall: config.ec2Instances > 0 ? (done) => agents!.afterCall(done) : undefined,
  });
  if (config.ec2Instances > 0) {
    agents = new SimulatedAgents({ count: config.ec2Instances, emulator, callAs: (c) => pipeline.callAs(c) });
  }
  const app = buildApp({
    pipeline,
    newRequestId: () => ids.uuid(),
    logger,
    bodyLimit: config.bodyLimit,
    registerAdminRoutes: (a) => {
      adminRoutes({ emulator, trail, startedAt: Date.now(), logger, serviceEvents, taskSessions: planner })(a);
      dashboard.register(a);
    },
    hostRule: hostRule(config.host, config.allowedHosts),
    adminAccess: new AdminAccess(adminToken),
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await trail.close();
    await digests.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  if (!isLoopback(config.host)) warnExposed(logger, config.host, port, config.auth, adminToken !== undefined);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    config,
    emulator,
    trail,
    digests,
    history,
    app,
    logger,
    adminToken,
    serviceEvents,
    flush: async () => {
      await serviceEvents?.settle();
      await trail.flush();
    },
    close: () => {
      closing ??= (async () => {
        await app.close();
        // What was due by now is written; what would happen later ends with the emulator's state.
        await serviceEvents?.close();
        await trail.close();
        // After the trail: its last files go into the final digest.
        await digests.close();
      })();
      return closing;
    },
  };
}

/** Listening beyond loopback: say what anyone who can reach the port can do. */
function warnExposed(logger: Logger, host: string, port: number, auth: string, tokenRequired: boolean): void {
  const exposed = [
    auth === 'strict' ? 'the emulated AWS APIs (strict SigV4)' : 'the emulated AWS APIs with any credentials (lenient auth)',
    tokenRequired ? 'the dashboard and admin routes (behind the admin token)' : 'the dashboard, the whole trail through it, and the admin routes /_ecs-trail/reset and /flush (no admin token)',
  ];
  logger.warn(
    { host, port, auth },
    `listening on ${host}:${port}, beyond this machine's loopback: every host that can reach this port can use ${exposed.join(', and ')}. Use --host 127.0.0.1 unless this runs in a container or a private network.`,
  );
}
