import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { OPERATIONS } from '../../emulator/index.js';
import type { IdentitySpec } from '../identity/identity-registry.js';
import { checkAgainstSchema, type SchemaNode, type SchemaProblem } from './schema-check.js';
import { parseClockTime, parseDuration, parseInstant, parseUtcOffset } from './durations.js';
import { BACKGROUND_OPERATIONS } from './background-calls.js';
import schemaJson from './scenario.schema.json' with { type: 'json' };

/** STS operations a scenario step may make (the emulator's STS, server/services/sts/). */
export const STS_STEP_OPERATIONS: ReadonlySet<string> = new Set([
  'AssumeRole',
  'GetCallerIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'GetAccessKeyInfo',
]);

/** The scenario file, as scenario.schema.json describes it (README "Generating fixtures"). */
export type IdentityType = 'IAMUser' | 'AssumedRole' | 'Root' | 'FederatedUser' | 'AWSService';
export type ClientPreset = 'aws-cli' | 'sdk-js' | 'boto3' | 'sdk-go' | 'console' | 'terraform' | 'cloudformation';

export interface WorkingHoursSpec {
  from: string;
  to: string;
  days?: string[];
  utcOffset?: string;
}

export interface FailureSpec {
  rate: number;
  missingCluster?: number;
  badParameter?: number;
  throttling?: number;
}

export interface BackgroundSpec {
  callsPerHour: number;
  offHours?: number;
  mix?: Record<string, number>;
  clusters?: string[];
  failures?: FailureSpec;
}

/** An actor: the identities file's fields (no credentials: nothing is signed) plus how it behaves. */
export interface ActorSpec extends Omit<IdentitySpec, 'accessKeyId' | 'type' | 'secretAccessKey' | 'sessionToken' | 'sourceIp'> {
  type?: IdentityType;
  accessKeyId?: string;
  client?: ClientPreset;
  /** One address, or several picked per call. */
  sourceIp?: string | string[];
  regions?: string[];
  workingHours?: WorkingHoursSpec;
  background?: BackgroundSpec;
  /** How long a session's temporary credentials last before the actor gets new ones, e.g. 1h, 12h. */
  sessionDuration?: string;
}

export interface StepSpec {
  id?: string;
  at?: string;
  after?: string;
  /** Who calls: a scenario actor, or (agent) the ECS agent of a simulated container instance. */
  actor?: string;
  /** `<cluster>/<n>` or a container instance ARN (ec2-agents.ts). */
  agent?: string;
  /** Code inside this task calls with its task role's session (task-callers.ts). */
  task?: string;
  /** The id of an earlier sts step whose temporary credentials sign the call. */
  credentials?: string;
  /** `ecs` (default), `sts`, or another service whose call is recorded as given (other-services.ts). */
  service?: string;
  /** Another service's call: its responseElements. */
  response?: unknown;
  userAgent?: string;
  sourceIp?: string;
  call: string;
  region?: string;
  /** The call is made once in each of these regions, in order, `interval` apart (default 2s). */
  regions?: string[];
  interval?: string;
  params?: Record<string, unknown>;
  expectError?: string;
  flag?: string;
}

/** Simulated EC2 capacity (README "EC2 capacity"): every cluster a step creates gets these instances. */
export interface Ec2Spec {
  instancesPerCluster?: number;
  instanceRole?: string;
}

export interface Scenario {
  name?: string;
  description?: string;
  accountId?: string;
  regions?: string[];
  start?: string;
  end?: string;
  duration?: string;
  tlsDetails?: boolean;
  /** The events AWS adds for ECS's work (README "Service-side events"); default true. */
  serviceEvents?: boolean;
  actors: Record<string, ActorSpec>;
  ec2?: Ec2Spec;
  steps?: StepSpec[];
}

export const SCENARIO_SCHEMA = schemaJson as SchemaNode;

/** A scenario that cannot be run; the message lists every problem with its line. */
export class ScenarioError extends Error {}

/** `${steps.deploy.service.serviceArn}`, `${actors.alice.arn}`, `${random.name}` */
export const REFERENCE_RE = /\$\{([^}]+)\}/g;

export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(`cannot read the scenario ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseScenario(text, path);
}

export function parseScenario(text: string, source = 'scenario'): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(`${source} is not valid YAML:\n${doc.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  coerceAccountIds(value);
  const problems = checkAgainstSchema(SCENARIO_SCHEMA, value);
  if (problems.length === 0) problems.push(...checkMeaning(value as Scenario));
  if (problems.length > 0) {
    const where = (p: SchemaProblem) => {
      const node = p.path.length ? doc.getIn(p.path, true) : doc.contents;
      const offset = isNode(node) && node.range ? node.range[0] : undefined;
      const pos = offset === undefined ? '' : `:${lineCounter.linePos(offset).line}`;
      return `  ${source}${pos}: ${p.path.length ? p.path.join('.') : '(top level)'} ${p.message}`;
    };
    throw new ScenarioError(`the scenario ${source} has ${problems.length} problem(s):\n${problems.map(where).join('\n')}`);
  }
  return value as Scenario;
}

/** YAML reads an unquoted 111122223333 as a number; records need the string (a leading 0 is lost, and then refused). */
function coerceAccountIds(value: unknown): void {
  const fix = (o: unknown) => {
    if (o && typeof o === 'object' && typeof (o as { accountId?: unknown }).accountId === 'number') {
      (o as { accountId: unknown }).accountId = String((o as { accountId: number }).accountId);
    }
  };
  fix(value);
  const actors = (value as { actors?: unknown } | null)?.actors;
  if (actors && typeof actors === 'object') Object.values(actors).forEach(fix);
}

/** What the schema cannot say: times that parse, names that exist, references to earlier steps. */
function checkMeaning(s: Scenario): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const bad = (path: (string | number)[], message: string) => out.push({ path, message });
  if (s.start !== undefined && parseInstant(s.start) === undefined) bad(['start'], 'must be an ISO-8601 instant with a zone, e.g. 2025-03-03T08:00:00Z');
  if (s.end !== undefined && parseInstant(s.end) === undefined) bad(['end'], 'must be an ISO-8601 instant with a zone');
  if (s.end !== undefined && s.duration !== undefined) bad(['duration'], 'give end or duration, not both');
  const ops = new Set(Object.keys(OPERATIONS));
  const actorNames = Object.keys(s.actors);
  if (actorNames.length === 0) bad(['actors'], 'must declare at least one actor');
  for (const [name, a] of Object.entries(s.actors)) {
    const at = ['actors', name];
    if (a.type === undefined && a.accessKeyId === undefined) bad(at, 'needs a type (IAMUser, AssumedRole, Root, FederatedUser, AWSService), or an accessKeyId from --identities');
    if (a.type === 'AWSService' && a.invokedBy === undefined) bad(at, 'an AWSService actor needs invokedBy, the service it stands for (e.g. ecs-tasks.amazonaws.com)');
    a.deny?.forEach((op, i) => {
      if (op !== '*' && !ops.has(op)) bad([...at, 'deny', i], `"${op}" is not an emulated ECS operation`);
    });
    if (a.sessionDuration !== undefined && !parseDuration(a.sessionDuration)) bad([...at, 'sessionDuration'], 'must look like 15m, 1h or 12h');
    const wh = a.workingHours;
    if (wh) {
      if (parseClockTime(wh.from) === undefined) bad([...at, 'workingHours', 'from'], 'must be HH:MM');
      if (parseClockTime(wh.to) === undefined) bad([...at, 'workingHours', 'to'], 'must be HH:MM');
      if (wh.utcOffset !== undefined && parseUtcOffset(wh.utcOffset) === undefined) bad([...at, 'workingHours', 'utcOffset'], 'must be Z or ±HH:MM');
    }
    for (const op of Object.keys(a.background?.mix ?? {})) {
      if (!BACKGROUND_OPERATIONS.has(op)) {
        bad([...at, 'background', 'mix', op], `is not an operation background activity makes (one of ${[...BACKGROUND_OPERATIONS].join(', ')})`);
      }
    }
    if (a.background?.mix && Object.values(a.background.mix).every((w) => w === 0)) bad([...at, 'background', 'mix'], 'needs a weight above 0');
  }
  const seen = new Set<string>();
  (s.steps ?? []).forEach((step, i) => {
    const at = ['steps', i];
    const service = step.service ?? 'ecs';
    if (service === 'ecs' && !ops.has(step.call)) bad([...at, 'call'], `"${step.call}" is not an emulated ECS operation`);
    if (service === 'sts' && !STS_STEP_OPERATIONS.has(step.call)) bad([...at, 'call'], `"${step.call}" is not an STS operation the generator makes (${[...STS_STEP_OPERATIONS].join(', ')})`);
    if (step.response !== undefined && (service === 'ecs' || service === 'sts')) bad([...at, 'response'], `only a call to another service is recorded as given; ${service} calls are made, and their response is the emulator's`);
    const callers = (['actor', 'agent', 'task', 'credentials'] as const).filter((k) => step[k] !== undefined);
    if (callers.length !== 1) {
      bad(at, `needs an actor, or an agent (<cluster>/<n> or a container instance ARN), a task (its ARN) or credentials (an earlier sts step's id)${callers.length ? `, not both: it gives ${callers.join(' and ')}` : ''}`);
    }
    else if (step.actor !== undefined && !Object.hasOwn(s.actors, step.actor)) bad([...at, 'actor'], `"${step.actor}" is not one of the actors (${actorNames.join(', ')})`);
    if (step.agent !== undefined && service !== 'ecs') bad([...at, 'agent'], 'an ECS agent calls ECS only');
    if (step.credentials !== undefined && !seen.has(step.credentials)) bad([...at, 'credentials'], `"${step.credentials}" is no earlier step's id`);
    if (step.at !== undefined && step.after !== undefined) bad(at, 'give at or after, not both');
    if (step.regions !== undefined) {
      if (step.region !== undefined) bad(at, 'give region or regions, not both');
      if (step.agent !== undefined) bad([...at, 'regions'], 'an agent calls in its own region: regions is for actors');
      if (new Set(step.regions).size !== step.regions.length) bad([...at, 'regions'], 'names a region twice');
    }
    if (step.interval !== undefined) {
      if (step.regions === undefined) bad([...at, 'interval'], 'is the time between the calls of a step with regions');
      else if (parseDuration(step.interval) === undefined) bad([...at, 'interval'], 'must look like 2s, 30s or 1m');
    }
    if (step.at !== undefined && parseStepAt(step.at) === undefined) bad([...at, 'at'], 'must be an ISO instant or +<duration> from the start, e.g. +2h30m');
    for (const ref of [...referencesIn(step.params), ...referencesIn(step.agent), ...referencesIn(step.task)]) {
      const [root, name] = ref.split('.');
      if (root === 'steps' && !seen.has(name ?? '')) bad([...at, 'params'], `\${${ref}} refers to no earlier step with id "${name}"`);
      else if (root === 'actors' && !Object.hasOwn(s.actors, name ?? '')) bad([...at, 'params'], `\${${ref}} refers to no actor "${name}"`);
      else if (root === 'random' && ref !== 'random.name') bad([...at, 'params'], `\${${ref}}: the random value is \${random.name}`);
      else if (root !== 'steps' && root !== 'actors' && root !== 'random') bad([...at, 'params'], `\${${ref}}: references start with steps., actors. or random.`);
    }
    if (step.id !== undefined) {
      if (seen.has(step.id)) bad([...at, 'id'], `"${step.id}" is used by an earlier step`);
      seen.add(step.id);
    }
  });
  return out;
}

/** `+2h` (offset from the start) or an ISO instant → { offset } | { instant }. */
export function parseStepAt(text: string): { offsetMs: number } | { instantMs: number } | undefined {
  if (text.startsWith('+')) {
    const ms = parseDuration(text.slice(1));
    return ms === undefined ? undefined : { offsetMs: ms };
  }
  const ms = parseInstant(text);
  return ms === undefined ? undefined : { instantMs: ms };
}

export function referencesIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(REFERENCE_RE)].map((m) => m[1]!.trim());
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(referencesIn);
  return [];
}
