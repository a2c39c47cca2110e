import { parseArgs } from 'node:util';
import { DEFAULT_TIMINGS, IMMEDIATE_TIMINGS, type LifecycleTimings } from '../emulator/index.js';
import { isKnownRegion } from './identity/regions.js';

/**
 * Configuration: flags, then environment variables, then these defaults, resolved to one typed,
 * checked object at start. Every default lives here.
 */
export interface EmulatorConfig {
  host: string;
  port: number;
  /** The trail folder, laid out like CloudTrail's S3 bucket. */
  trailDir: string;
  /** S3 key prefix inside the trail folder (a trail's S3KeyPrefix); none by default. */
  trailPrefix?: string | undefined;
  /** Account of callers not declared in the identities file, and of unsigned requests. */
  accountId: string;
  /** Region of unsigned requests (signed ones use their credential scope). */
  region: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** auto: human-readable lines on a terminal, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** JSON or YAML file mapping access keys to identities. */
  identitiesFile?: string | undefined;
  /** lenient: any key is accepted (undeclared keys get a derived identity); strict: see README. */
  auth: 'lenient' | 'strict';
  /** How often log files are delivered, in seconds (CloudTrail: about 5 minutes). */
  deliveryWindowSeconds: number;
  /** How often each region's signed digest file is written, in seconds (CloudTrail: hourly). */
  digestIntervalSeconds: number;
  /** Put tlsDetails in records, as real calls over HTTPS carry. */
  tlsDetails: boolean;
  /** Record this source IP instead of the peer address (identities can override it too). */
  sourceIp?: string | undefined;
  timings: LifecycleTimings;
  /**
   * Simulated EC2 container instances every new cluster gets (README "EC2 capacity"): each an
   * m5.large-sized instance whose agent registers as a real one does. 0: none, as on a real new cluster.
   */
  ec2Instances: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /**
   * Host header names accepted besides the built-in rule (server/http/host-rule.ts): `name`,
   * `.suffix` for a domain and its subdomains, or `*` for any (turns the DNS rebinding check off).
   */
  allowedHosts: string[];
  /**
   * The token the routes under /_ecs-trail/ require. Strict auth makes one up at start when none
   * is given; lenient mode requires one only when given.
   */
  adminToken?: string | undefined;
  /**
   * Backpressure: the most MiB of records that may wait for delivery (in memory and in the journal)
   * while log files cannot be written; past it calls get ServerException until deliveries succeed.
   */
  maxUndeliveredMb: number;
  /** How many days LookupEvents keeps events (CloudTrail's event history: 90). */
  eventHistoryDays: number;
  /**
   * Write the events AWS services add to the trail when ECS works for the caller (README "Service-side
   * events"): task and execution role AssumeRole, task ENIs, load balancer targets, ECS's
   * service-linked role. Off: the trail holds only the calls clients made.
   */
  serviceEvents: boolean;
  /**
   * fsync the journal before a call is answered (README "The trail"). Off: the record is in the
   * journal file before the answer, which a kill -9 does not lose but a power loss or OS crash may.
   */
  fsync: boolean;
}

export const DEFAULTS: Readonly<EmulatorConfig> = Object.freeze({
  host: '127.0.0.1',
  port: 4599,
  trailDir: './trail',
  accountId: '123456789012',
  region: 'us-east-1',
  logLevel: 'info',
  logFormat: 'auto',
  auth: 'lenient',
  deliveryWindowSeconds: 300,
  digestIntervalSeconds: 3600,
  tlsDetails: true,
  timings: DEFAULT_TIMINGS,
  ec2Instances: 0,
  bodyLimit: 1024 * 1024,
  allowedHosts: [],
  maxUndeliveredMb: 64,
  eventHistoryDays: 90,
  serviceEvents: true,
  fsync: true,
});

/** flag → environment variable, help and default, for --help and the README's Configuration table. */
export const OPTIONS = {
  host: { env: 'ECS_TRAIL_HOST', type: 'string', help: 'address to listen on', default: DEFAULTS.host },
  port: { env: 'ECS_TRAIL_PORT', type: 'string', help: 'port to listen on (0 = any free port)', default: String(DEFAULTS.port) },
  'trail-dir': { env: 'ECS_TRAIL_DIR', type: 'string', help: 'trail folder (S3-shaped CloudTrail layout)', default: DEFAULTS.trailDir },
  'trail-prefix': { env: 'ECS_TRAIL_PREFIX', type: 'string', help: 'S3 key prefix inside the trail folder', default: 'none' },
  'account-id': { env: 'ECS_TRAIL_ACCOUNT_ID', type: 'string', help: 'default account id', default: DEFAULTS.accountId },
  region: { env: 'ECS_TRAIL_REGION', type: 'string', help: 'region of unsigned requests', default: DEFAULTS.region },
  'log-level': { env: 'ECS_TRAIL_LOG_LEVEL', type: 'string', help: 'fatal|error|warn|info|debug|trace|silent', default: DEFAULTS.logLevel },
  'log-format': { env: 'ECS_TRAIL_LOG_FORMAT', type: 'string', help: 'auto (readable on a terminal, else JSON)|json|pretty', default: DEFAULTS.logFormat },
  identities: { env: 'ECS_TRAIL_IDENTITIES', type: 'string', help: 'identities file (JSON or YAML)', default: 'none' },
  auth: { env: 'ECS_TRAIL_AUTH', type: 'string', help: 'lenient|strict', default: DEFAULTS.auth },
  'admin-token': { env: 'ECS_TRAIL_ADMIN_TOKEN', type: 'string', help: 'token for /_ecs-trail/* (strict auth: made up if unset)', default: 'none' },
  'allowed-hosts': { env: 'ECS_TRAIL_ALLOWED_HOSTS', type: 'string', help: 'more Host names to answer (comma list; .domain; *)', default: 'none' },
  'delivery-window': { env: 'ECS_TRAIL_DELIVERY_WINDOW', type: 'string', help: 'seconds between log file deliveries', default: String(DEFAULTS.deliveryWindowSeconds) },
  'digest-interval': { env: 'ECS_TRAIL_DIGEST_INTERVAL', type: 'string', help: 'seconds between digest files (integrity validation)', default: String(DEFAULTS.digestIntervalSeconds) },
  lifecycle: { env: 'ECS_TRAIL_LIFECYCLE', type: 'string', help: 'default|immediate (task/service state timings)', default: 'default' },
  'source-ip': { env: 'ECS_TRAIL_SOURCE_IP', type: 'string', help: 'sourceIPAddress to record instead of the peer address', default: 'the peer address' },
  'no-tls-details': { env: 'ECS_TRAIL_NO_TLS_DETAILS', type: 'boolean', help: 'leave tlsDetails out of records', default: 'off' },
  'ec2-instances': { env: 'ECS_TRAIL_EC2_INSTANCES', type: 'string', help: 'simulated EC2 container instances every new cluster gets (0-100)', default: String(DEFAULTS.ec2Instances) },
  'max-undelivered-mb': { env: 'ECS_TRAIL_MAX_UNDELIVERED_MB', type: 'string', help: 'MiB of undelivered records before calls are refused', default: String(DEFAULTS.maxUndeliveredMb) },
  'event-history-days': { env: 'ECS_TRAIL_EVENT_HISTORY_DAYS', type: 'string', help: 'days of events LookupEvents keeps', default: String(DEFAULTS.eventHistoryDays) },
  'service-events': { env: 'ECS_TRAIL_SERVICE_EVENTS', type: 'string', help: 'on|off: events AWS adds for ECS (task roles, ENIs, targets)', default: 'on' },
  fsync: { env: 'ECS_TRAIL_FSYNC', type: 'string', help: 'on|off: fsync each record before answering (off: kill -9 safe, not power loss)', default: 'on' },
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {}

/** Resolve flags (argv without the command) and environment into a checked configuration. */
export function resolveConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): EmulatorConfig {
  const options = Object.fromEntries(
    Object.entries(OPTIONS).map(([k, v]) => [k, { type: v.type }]),
  ) as Record<string, { type: 'string' | 'boolean' }>;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const get = (flag: keyof typeof OPTIONS): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string') return v;
    if (v === true) return 'true';
    const e = env[OPTIONS[flag].env];
    return e === undefined || e === '' ? undefined : e;
  };
  return checkConfig({
    host: get('host') ?? DEFAULTS.host,
    port: numberOf('port', get('port')) ?? DEFAULTS.port,
    trailDir: get('trail-dir') ?? DEFAULTS.trailDir,
    trailPrefix: get('trail-prefix'),
    accountId: get('account-id') ?? DEFAULTS.accountId,
    region: get('region') ?? DEFAULTS.region,
    logLevel: (get('log-level') ?? DEFAULTS.logLevel) as EmulatorConfig['logLevel'],
    logFormat: (get('log-format') ?? DEFAULTS.logFormat) as EmulatorConfig['logFormat'],
    identitiesFile: get('identities'),
    auth: (get('auth') ?? DEFAULTS.auth) as EmulatorConfig['auth'],
    deliveryWindowSeconds: numberOf('delivery-window', get('delivery-window')) ?? DEFAULTS.deliveryWindowSeconds,
    digestIntervalSeconds: numberOf('digest-interval', get('digest-interval')) ?? DEFAULTS.digestIntervalSeconds,
    tlsDetails: !['true', '1', 'yes'].includes(get('no-tls-details') ?? ''),
    sourceIp: get('source-ip'),
    timings: lifecycleOf(get('lifecycle')),
    ec2Instances: numberOf('ec2-instances', get('ec2-instances')) ?? DEFAULTS.ec2Instances,
    bodyLimit: DEFAULTS.bodyLimit,
    allowedHosts: listOf(get('allowed-hosts')),
    adminToken: get('admin-token'),
    maxUndeliveredMb: numberOf('max-undelivered-mb', get('max-undelivered-mb')) ?? DEFAULTS.maxUndeliveredMb,
    eventHistoryDays: numberOf('event-history-days', get('event-history-days')) ?? DEFAULTS.eventHistoryDays,
    serviceEvents: onOff('service-events', get('service-events')) ?? DEFAULTS.serviceEvents,
    fsync: onOff('fsync', get('fsync')) ?? DEFAULTS.fsync,
  });
}

/** `on`/`off` (also true/false, yes/no, 1/0), as a flag or environment variable says it. */
export function onOff(flag: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(t)) return true;
  if (['off', 'false', 'no', '0'].includes(t)) return false;
  throw new ConfigError(`--${flag} must be on or off, got "${v}"`);
}

function numberOf(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ConfigError(`--${flag} must be a number, got "${v}"`);
  return n;
}

function listOf(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function lifecycleOf(v: string | undefined): LifecycleTimings {
  if (v === undefined || v === 'default') return { ...DEFAULT_TIMINGS };
  if (v === 'immediate') return { ...IMMEDIATE_TIMINGS };
  throw new ConfigError(`--lifecycle must be "default" or "immediate", got "${v}"`);
}

/** Check a complete configuration (also used by startEmulator for programmatic options). */
export function checkConfig(c: EmulatorConfig): EmulatorConfig {
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) throw new ConfigError(`port must be 0–65535, got ${c.port}`);
  if (!/^\d{12}$/.test(c.accountId)) throw new ConfigError(`account id must be 12 digits, got "${c.accountId}"`);
  if (!isKnownRegion(c.region)) {
    throw new ConfigError(`region "${c.region}" is not an AWS Region (the AWS SDK's partitions list the valid ones, e.g. us-east-1, eu-west-1)`);
  }
  if (!LOG_LEVELS.includes(c.logLevel)) throw new ConfigError(`log level must be one of ${LOG_LEVELS.join(', ')}`);
  if (!['auto', 'json', 'pretty'].includes(c.logFormat)) throw new ConfigError(`log format must be auto, json or pretty, got "${c.logFormat}"`);
  for (const h of c.allowedHosts) {
    if (!/^(\*|\.?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*)$/i.test(h)) {
      throw new ConfigError(`allowed host "${h}" is not a host name, a .domain or *`);
    }
  }
  if (c.adminToken !== undefined && !/^[A-Za-z0-9._~+/=-]{8,256}$/.test(c.adminToken)) {
    throw new ConfigError('the admin token must be 8 to 256 characters of A-Z a-z 0-9 . _ ~ + / = - (it travels in a header and a cookie)');
  }
  if (c.auth !== 'lenient' && c.auth !== 'strict') throw new ConfigError(`auth must be "lenient" or "strict", got "${c.auth}"`);
  if (!(c.deliveryWindowSeconds > 0 && c.deliveryWindowSeconds <= 3600)) {
    throw new ConfigError(`delivery window must be between 0 and 3600 seconds, got ${c.deliveryWindowSeconds}`);
  }
  if (!(Number.isInteger(c.digestIntervalSeconds) && c.digestIntervalSeconds > 0 && c.digestIntervalSeconds <= 86400)) {
    throw new ConfigError(`digest interval must be a whole number of seconds from 1 to 86400, got ${c.digestIntervalSeconds}`);
  }
  if (!(c.maxUndeliveredMb >= 1 && c.maxUndeliveredMb <= 65536)) throw new ConfigError(`max undelivered MiB must be from 1 to 65536, got ${c.maxUndeliveredMb}`);
  if (!(c.eventHistoryDays > 0 && c.eventHistoryDays <= 3650)) throw new ConfigError(`event history days must be more than 0 and at most 3650, got ${c.eventHistoryDays}`);
  if (!(Number.isInteger(c.ec2Instances) && c.ec2Instances >= 0 && c.ec2Instances <= 100)) {
    throw new ConfigError(`--ec2-instances must be a whole number from 0 to 100, got ${c.ec2Instances}`);
  }
  if (typeof c.serviceEvents !== 'boolean') throw new ConfigError(`serviceEvents must be true or false, got ${String(c.serviceEvents)}`);
  if (typeof c.fsync !== 'boolean') throw new ConfigError(`fsync must be true or false, got ${String(c.fsync)}`);
  if (c.auth === 'strict' && !c.identitiesFile) throw new ConfigError('--auth strict needs an --identities file');
  return c;
}
