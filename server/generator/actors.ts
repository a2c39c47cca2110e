import { createHash } from 'node:crypto';
import { IdentityRegistry, type IdentitySpec, type ResolvedIdentity } from '../identity/identity-registry.js';
import { awsId } from '../identity/aws-ids.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { flatText } from '../../trail-writer/record/flat-text.js';
import type { Principal } from '../../trail-writer/index.js';
import { parseClockTime, parseDuration, parseUtcOffset } from './durations.js';
import { ScenarioError, type ActorSpec, type ClientPreset, type Scenario } from './scenario.js';
import { Random } from './random.js';

/** One scenario actor, resolved through the server's IdentityRegistry so its records are the server's. */
export interface Actor {
  name: string;
  /** Who the actor is: the first session's principal (its ARN and ids stay the same in every session). */
  principal: Principal;
  /** The principal of a call at `ms`: temporary credentials are renewed as they expire. */
  principalAt(ms: number): Principal;
  regions: readonly string[];
  deny: ReadonlySet<string>;
  spec: ActorSpec;
  /** The sourceIPAddress of one call. */
  sourceIp(random: Random): string;
  /** The userAgent of one call to `operation`. */
  userAgent(operation: string): string;
  /** 1 inside working hours (with a lunch dip), `offHours` outside; 1 always without working hours. */
  activityAt(ms: number): number;
  /** Calls through an interface VPC endpoint (the ECS agent of a simulated instance). */
  vpcEndpoint?: { id: string; accountId: string } | undefined;
}

/*
 * User agents as each client sends them to ECS. The shapes follow the SDKs' user-agent specification
 * (`ua/2.1`, `os/`, `lang/`, `md/`, `api/`, `m/` feature ids) as seen in real records, e.g.
 * wazuh/wazuh#36209's `aws-cli/2.32.10 md/awscrt#0.29.1 ua/2.1 os/linux#… md/command#iam.create-user`;
 * the versions are representative, not current.
 */
const OS = 'os/linux#6.8.0-1029-aws';
const GO_UA = `aws-sdk-go-v2/1.36.5 ua/2.1 os/linux lang/go#1.24.4 md/GOOS#linux md/GOARCH#amd64 api/ecs#1.58.1 m/E,g`;
const AGENTS: Record<ClientPreset, (op: string) => string> = {
  'aws-cli': (op) =>
    `aws-cli/2.27.50 md/awscrt#0.26.1 ua/2.1 ${OS} md/arch#x86_64 lang/python#3.13.4 md/pyimpl#CPython m/E cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#ecs.${kebab(op)}`,
  'sdk-js': () => `aws-sdk-js/3.840.0 ua/2.1 ${OS} lang/js md/nodejs#20.19.2 api/ecs#3.840.0 m/E,N`,
  boto3: () =>
    `Boto3/1.39.4 md/Botocore#1.39.4 ua/2.1 ${OS} md/arch#x86_64 lang/python#3.12.11 md/pyimpl#CPython m/Z,b cfg/retry-mode#legacy Botocore/1.39.4`,
  'sdk-go': () => GO_UA,
  terraform: () =>
    `APN/1.0 HashiCorp/1.0 Terraform/1.12.2 (+https://www.terraform.io) terraform-provider-aws/6.2.0 (+https://registry.terraform.io/providers/hashicorp/aws) ${GO_UA}`,
  console: () =>
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  // Never shown: an invokedBy caller's records carry the service's name instead (build-record.ts).
  cloudformation: () => 'cloudformation.amazonaws.com',
};

/**
 * Each preset's agent, made once per operation: an agent made per call is a new string that every
 * lookup keyed by it (the record's texts, the tlsDetails class) hashes again, and a 1,000,000-event
 * run makes a million of them. Kept flat (flatText) for the records that join it.
 */
const CLIENTS = Object.fromEntries(
  Object.entries(AGENTS).map(([preset, agent]) => {
    const made = new Map<string, string>();
    return [
      preset,
      (op: string) => {
        let ua = made.get(op);
        if (ua === undefined) {
          ua = flatText(agent(op));
          // Operations are a fixed set: the bound only keeps a caller inventing names from growing it.
          if (made.size < 1000) made.set(op, ua);
        }
        return ua;
      },
    ];
  }),
) as Record<ClientPreset, (op: string) => string>;

const kebab = (op: string) => op.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const IDENTITY_FIELDS = [
  'type', 'accessKeyId', 'accountId', 'userName', 'roleName', 'sessionName', 'federatedName', 'issuerUserName',
  'principalId', 'mfaAuthenticated', 'sessionCreationDate', 'console', 'invokedBy',
] as const;

export interface ActorOptions {
  defaultAccountId: string;
  regions: readonly string[];
  /** The scenario start: when sessions began, unless an actor says otherwise. */
  startedAt: number;
  /** Identities of `--identities`, for actors that name only an accessKeyId. */
  identities?: IdentityRegistry | undefined;
  /** `--source-ip`: the address of actors that give none. */
  sourceIp?: string | undefined;
  /** The run's seed: when each new session's credentials were made. */
  seed: string;
}

export function resolveActors(scenario: Scenario, o: ActorOptions): Map<string, Actor> {
  const actors = new Map<string, Actor>();
  for (const [name, spec] of Object.entries(scenario.actors)) {
    let identity: ResolvedIdentity;
    try {
      identity = resolveIdentity(name, spec, o);
    } catch (err) {
      throw new ScenarioError(`actor "${name}": ${(err as Error).message.replace(/^identities file, entry \d+: /, '')}`);
    }
    actors.set(name, makeActor(name, spec, identity, o));
  }
  return actors;
}

function resolveIdentity(name: string, spec: ActorSpec, o: ActorOptions): ResolvedIdentity {
  if (spec.type === undefined) {
    const found = spec.accessKeyId ? o.identities?.lookup(spec.accessKeyId) : undefined;
    if (!found) throw new Error(`no type, and --identities declares no access key ${spec.accessKeyId}`);
    return found;
  }
  const accountId = spec.accountId ?? o.defaultAccountId;
  const console = spec.console ?? spec.client === 'console';
  const viaService = spec.client === 'cloudformation' || spec.invokedBy !== undefined;
  // A service acting for the actor uses credentials it made from the actor's (forward access sessions).
  const temporary = spec.type === 'AssumedRole' || spec.type === 'FederatedUser' || console || (viaService && spec.type !== 'Root');
  const idSpec: Record<string, unknown> = {
    accessKeyId: spec.accessKeyId ?? awsId(temporary ? 'ASIA' : 'AKIA', accountId, `actor:${name}`),
  };
  for (const f of IDENTITY_FIELDS) if (spec[f] !== undefined && f !== 'accessKeyId') idSpec[f] = spec[f];
  if (console) idSpec.console = true;
  if (spec.client === 'cloudformation' && spec.invokedBy === undefined) idSpec.invokedBy = 'cloudformation.amazonaws.com';
  const registry = new IdentityRegistry([idSpec as unknown as IdentitySpec], o.defaultAccountId, o.startedAt);
  return registry.lookup(idSpec.accessKeyId as string)!;
}

function makeActor(name: string, spec: ActorSpec, identity: ResolvedIdentity, o: ActorOptions): Actor {
  const ips = spec.sourceIp === undefined ? [] : Array.isArray(spec.sourceIp) ? spec.sourceIp : [spec.sourceIp];
  if (ips.length === 0) ips.push(identity.sourceIp ?? o.sourceIp ?? documentationAddress(name));
  const fixedAgent = spec.userAgent ?? identity.userAgent;
  const client = CLIENTS[spec.client ?? 'aws-cli'];
  const deny = new Set([...identity.deny, ...(spec.deny ?? [])]);
  const sessions = sessionRenewal(name, spec, identity, o.seed);
  return {
    name,
    principal: identity.principal,
    principalAt: sessions ? (ms) => sessions.at(ms) : () => identity.principal,
    regions: spec.regions ?? o.regions,
    deny,
    spec,
    sourceIp: ips.length === 1 ? () => ips[0]! : (r) => r.pick(ips),
    userAgent: fixedAgent !== undefined ? () => fixedAgent : client,
    activityAt: rhythm(spec),
  };
}

/**
 * How long temporary credentials last when the scenario does not say: AssumeRole's default duration
 * is one hour and GetFederationToken's twelve; a console session lasts up to twelve hours.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
const HOUR = 3_600_000;
function defaultSessionMs(p: Principal): number {
  if (p.session?.fromConsole) return 12 * HOUR;
  return p.type === 'FederatedUser' ? 12 * HOUR : HOUR;
}

/**
 * A temporary-credential actor's sessions: each begins a little before the first call after the one
 * before expired (the AssumeRole, sign-in or token request just before), with its own ASIA key and
 * creationDate, so no session in a week-long trail is older than its credentials could be. An actor
 * with a fixed sessionCreationDate, or one from --identities, keeps its one session.
 */
function sessionRenewal(name: string, spec: ActorSpec, identity: ResolvedIdentity, seed: string): SessionRenewal | undefined {
  const base = identity.principal;
  if (!base.session || spec.type === undefined || spec.sessionCreationDate !== undefined) return undefined;
  const duration = spec.sessionDuration !== undefined ? parseDuration(spec.sessionDuration)! : defaultSessionMs(base);
  return new SessionRenewal(name, base, duration, new Random(seed, `sessions:${name}`));
}

class SessionRenewal {
  readonly #name: string;
  readonly #base: Principal;
  readonly #durationMs: number;
  readonly #random: Random;
  #current: Principal | undefined;
  #expiresAt = -Infinity;
  #made = 0;

  constructor(name: string, base: Principal, durationMs: number, random: Random) {
    this.#name = name;
    this.#base = base;
    this.#durationMs = durationMs;
    this.#random = random;
  }

  at(ms: number): Principal {
    if (this.#current && ms < this.#expiresAt) return this.#current;
    const base = this.#base;
    const created = Math.floor((ms - this.#random.int(2, 90) * 1000) / 1000) * 1000;
    const accessKeyId = this.#made === 0 ? base.accessKeyId : awsId('ASIA', base.accountId, `actor:${this.#name}:session:${this.#made}`);
    this.#made++;
    this.#current = { ...base, accessKeyId, session: { ...base.session!, creationDate: isoSeconds(created) } };
    this.#expiresAt = created + this.#durationMs;
    return this.#current;
  }
}

/** A stable address per actor in the documentation ranges (RFC 5737), so no real host is implicated. */
function documentationAddress(name: string): string {
  const h = createHash('sha256').update(name).digest();
  const net = ['192.0.2', '198.51.100', '203.0.113'][h[0]! % 3]!;
  return `${net}.${1 + (h[1]! % 254)}`;
}

function rhythm(spec: ActorSpec): (ms: number) => number {
  const wh = spec.workingHours;
  if (!wh) return () => 1;
  const offHours = spec.background?.offHours ?? 0.03;
  const from = parseClockTime(wh.from)!;
  const to = parseClockTime(wh.to)!;
  const offset = parseUtcOffset(wh.utcOffset ?? 'Z')!;
  const days = new Set((wh.days ?? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).map((d) => DAYS.indexOf(d)));
  return (ms) => {
    const local = ms + offset * 60_000;
    const minute = Math.floor(local / 60_000) % 1440;
    const day = new Date(local).getUTCDay();
    const inside = from <= to ? minute >= from && minute < to : minute >= from || minute < to;
    // A night shift that started yesterday belongs to yesterday's working day.
    const workday = days.has(from > to && minute < to ? (day + 6) % 7 : day);
    if (!inside || !workday) return offHours;
    return minute >= 12 * 60 && minute < 13 * 60 ? 0.6 : 1;
  };
}
