import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { createEcsEmulator, randomIds, systemClock, type Clock, type EcsEmulator, type IdSource } from '../emulator/index.js';
import { TrailWriter, type CallRecord } from '../trail-writer/index.js';
import { buildApp } from './app.js';
import { checkConfig, DEFAULTS, type EmulatorConfig } from './config.js';
import { CallPipeline, type ExtraOperation } from './pipeline.js';
import { IdentityRegistry } from './identity/identity-registry.js';
import { CallerResolver } from './identity/resolve-caller.js';
import { compileValidators } from './protocol/validate.js';
import { ecsModel } from './protocol/service-model.js';
import { requiredMemberError } from './protocol/required-members.js';
import { adminRoutes } from './http/admin-routes.js';

export interface StartOptions extends Partial<EmulatorConfig> {
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
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
  app: FastifyInstance;
  /** Deliver every pending record to the trail folder now. */
  flush(): Promise<void>;
  /** Stop listening, deliver everything pending, close the journal. */
  close(): Promise<void>;
}

/**
 * Start an emulator in this process: for users' own test suites (`port: 0` picks a free port) and
 * for the CLI.
 */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { clock = systemClock, ids = randomIds, logger: givenLogger, onCall, ...rest } = options;
  const config = checkConfig({ ...DEFAULTS, ...rest, timings: { ...DEFAULTS.timings, ...rest.timings } });
  const logger = givenLogger ?? pino({ level: config.logLevel, base: undefined });
  const startedAt = clock.now();
  const registry = config.identitiesFile
    ? IdentityRegistry.fromFile(config.identitiesFile, config.accountId, startedAt)
    : new IdentityRegistry([], config.accountId, startedAt);

  const emulator = createEcsEmulator({ clock, ids, timings: config.timings });
  const trail = await TrailWriter.open({
    root: config.trailDir,
    prefix: config.trailPrefix,
    clock,
    ids,
    windowMs: config.deliveryWindowSeconds * 1000,
    timers: true,
    logger,
  });
  const cloudTrailOperations = new Map<string, ExtraOperation>();
  const pipeline = new CallPipeline({
    emulator,
    recorder: trail,
    callers: new CallerResolver(registry, { strict: config.auth === 'strict', defaultRegion: config.region }),
    validators: new Map([['ecs', compileValidators(ecsModel, requiredMemberError)]]),
    cloudTrailOperations,
    clock,
    ids,
    logger,
    tlsDetails: config.tlsDetails,
    sourceIp: config.sourceIp,
    onCall,
  });
  const app = buildApp({
    pipeline,
    logger,
    bodyLimit: config.bodyLimit,
    registerAdminRoutes: adminRoutes({ emulator, trail, startedAt: Date.now() }),
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await trail.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    config,
    emulator,
    trail,
    app,
    flush: () => trail.flush(),
    close: () => {
      closing ??= (async () => {
        await app.close();
        await trail.close();
      })();
      return closing;
    },
  };
}
