import { EcsServiceError, type ManualClock, type TaskLifecycleFact } from '../../emulator/index.js';
import { boundaryAfter } from '../../trail-writer/delivery/aligned-timer.js';
import { ECS_EVENT_SOURCE, recordedErrorCode, type CallRecord, type Principal } from '../../trail-writer/index.js';
import type { BulkTrailWriter } from '../../trail-writer/bulk/bulk-trail-writer.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { accessDeniedMessage, buildCallRecord } from '../call-record-builder.js';
import { callerIdentityOf } from '../identity/caller-identity.js';
import { ProtocolError } from '../protocol/protocol-errors.js';
import type { OperationValidators } from '../protocol/validate.js';
import type { Actor } from './actors.js';
import { deniedResource } from './denied-resource.js';
import type { GeneratorAgents, AgentActor } from './ec2-agents.js';
import type { GenerateSummary } from './generate-options.js';
import { ScenarioError } from './scenario.js';
import type { RunScope, RunScopes } from './scopes.js';
import { resolveParams, type TimedStep } from './steps.js';
import { Random, fastSeededIds } from './random.js';
import type { AccountServiceEvents } from './account-service-events.js';
import { OtherServiceCalls, recordedAsGiven } from './other-service-calls.js';
import { credentialsCaller, taskCaller, withOverrides } from './step-callers.js';

/** The summary's name for the events AWS services add (byActor). */
const SERVICE_EVENTS_ACTOR = '(AWS services)';

export interface CallResult {
  output: unknown;
  error: { code: string; message: string } | undefined;
  record: CallRecord;
}

export interface GeneratorCallsOptions {
  clock: ManualClock;
  writer: BulkTrailWriter;
  scopes: RunScopes;
  actors: ReadonlyMap<string, Actor>;
  agents: GeneratorAgents;
  validators: OperationValidators;
  tlsDetails: boolean;
  summary: GenerateSummary;
  windowMs: number;
  seed: string;
  /** The events AWS adds for ECS's work; undefined when they are off. */
  serviceEvents: AccountServiceEvents | undefined;
  /** Roles of the identities file (its `roles` section), for STS steps. */
  identitiesFile?: string | undefined;
  /** A sharded run: each step's call must be made where it was planned (stepScopesOf). */
  sharded: boolean;
  /** No call or service event is made at or after this (a shard's time range ends). */
  callsBefore: number;
}

/**
 * The calls of a generated run, each exactly as the server's pipeline makes it — check the input,
 * IAM, dispatch to the scope's emulator, record — and what the run's summary counts of them.
 */
export class GeneratorCalls {
  readonly #o: GeneratorCallsOptions;
  /** Step outputs by id, for later steps' references (a step with regions: by region). */
  readonly #outputs = new Map<string, unknown>();
  /** Who called for each step id, and where (credentials steps sign as the caller of the step they name). */
  readonly #callers = new Map<string, { actor: Actor; scope: RunScope }>();
  /** STS by scope: its sessions are the credentials of the scope's steps. */
  readonly #sts = new Map<string, OtherServiceCalls>();

  constructor(o: GeneratorCallsOptions) {
    this.#o = o;
  }

  /**
   * One call. `keepOutput`: whether anything reads the output (a step's: later steps may use it; or
   * one the record shows). `service` other than ECS: STS is the server's own; any other is recorded as
   * the step gives it (`given`).
   */
  perform(
    actor: Actor,
    scope: RunScope,
    operation: string,
    params: Record<string, unknown>,
    synthesized?: { code: string; message: string },
    keepOutput = true,
    service = 'ecs',
    given?: unknown,
  ): CallResult {
    const { clock } = this.#o;
    const now = clock.now();
    let p: Principal = actor.principalAt(now);
    const region = scope.region;
    const requestId = scope.recordIds.uuid();
    const sourceIp = actor.sourceIp(scope.sourceIps);
    let output: unknown;
    let recorded: unknown;
    let error: { code: string; message: string } | undefined;
    let lifecycle: TaskLifecycleFact[] | undefined;
    let eventSource = ECS_EVENT_SOURCE;
    let signingName = 'ecs';
    let recordParams: Record<string, unknown> | null = params;
    if (service === 'ecs') {
      try {
        this.#o.validators.get(operation)?.(params);
        if (actor.deny.has(operation) || actor.deny.has('*')) {
          const resource = deniedResource(operation, params, { accountId: p.accountId, region }, scope.store);
          throw new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, `ecs:${operation}`, resource));
        }
        if (synthesized) error = synthesized;
        else {
          const done = scope.emulator.dispatch(operation, params, {
            accountId: p.accountId,
            region,
            principalArn: p.arn,
            caller: callerIdentityOf(p),
            authorizeTagOnCreate: actor.deny.has('TagResource')
              ? (arn: string) => {
                  throw new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, 'ecs:TagResource', arn));
                }
              : undefined,
            discardOutput: !keepOutput,
          });
          output = recorded = done.output;
          lifecycle = done.lifecycle;
        }
      } catch (err) {
        if (err instanceof EcsServiceError || err instanceof ProtocolError) error = { code: err.code, message: err.message };
        else throw err;
      }
    } else {
      const call =
        service === 'sts'
          ? this.#stsOf(scope).sts({ principal: p, deny: actor.deny, declared: true, sourceIp, userAgent: actor.userAgent(operation) }, region, operation, params, requestId)
          : recordedAsGiven(service, params, given);
      ({ eventSource, signingName, params: recordParams, output: recorded, error } = call);
      output = call.answer;
      if ('principal' in call) p = call.principal as Principal;
    }
    const record = buildCallRecord({
      eventTime: now,
      eventSource,
      signingName,
      operation,
      region,
      principal: p,
      sourceIp,
      userAgent: actor.userAgent(operation),
      params: recordParams,
      output: recorded,
      error,
      requestId,
      eventId: scope.recordIds.uuid(),
      tlsDetails: this.#o.tlsDetails,
      vpcEndpoint: actor.vpcEndpoint,
    });
    this.#append(record, actor.name, scope);
    if (!error && service === 'ecs') this.#o.serviceEvents?.note({ serviceName: 'ecs', operation, principal: p, region, lifecycle }, now);
    return { output, error, record };
  }

  /** Whether a service event is due by `until` (a cheap check before each call). */
  serviceEventsDue(until: number): boolean {
    const next = this.#o.serviceEvents?.nextAt();
    return next !== undefined && next <= until && next < this.#o.callsBefore;
  }

  /**
   * Every service event due by `until` (README "Service-side events"), each on the clock at its
   * moment (`advanceTo` moves it, delivering what is due), before the shard's range ends.
   */
  async emitServiceEvents(until: number, advanceTo: (t: number) => Promise<void> | undefined, maxEvents = Infinity): Promise<void> {
    const events = this.#o.serviceEvents;
    if (!events) return;
    const { clock, summary, scopes } = this.#o;
    const last = Math.min(until, this.#o.callsBefore - 1);
    for (let next = events.nextAt(); next !== undefined && next <= last && summary.events < maxEvents; next = events.nextAt()) {
      if (next > clock.now()) {
        const due = advanceTo(next);
        if (due) await due;
      }
      for (const r of events.takeDue(clock.now())) this.#append(r, SERVICE_EVENTS_ACTOR, scopes.get(r.principal.accountId, r.awsRegion));
    }
  }

  /** A record into the trail, counted where its file is written: the shards' summaries add up to the whole run's. */
  #append(record: CallRecord, actorName: string, scope: RunScope): void {
    const { summary } = this.#o;
    this.#o.writer.append(record);
    if (boundaryAfter(record.eventTime, this.#o.windowMs) <= scope.writesAfter) return;
    summary.events++;
    summary.byOperation[record.eventName] = (summary.byOperation[record.eventName] ?? 0) + 1;
    summary.byActor[actorName] = (summary.byActor[actorName] ?? 0) + 1;
    // Counted as the trail records them, so the summary and the records agree.
    if (record.error) {
      const code = recordedErrorCode(record.error.code);
      summary.byError[code] = (summary.byError[code] ?? 0) + 1;
    }
    summary.firstEventTime ??= record.eventTime;
    summary.lastEventTime = record.eventTime;
  }

  #stsOf(scope: RunScope): OtherServiceCalls {
    let sts = this.#sts.get(scope.key);
    if (!sts) {
      sts = new OtherServiceCalls({
        emulator: scope.emulator,
        clock: this.#o.clock,
        ids: fastSeededIds(this.#o.seed, `sts:${scope.key}`),
        identitiesFile: this.#o.identitiesFile,
        accountId: scope.accountId,
      });
      this.#sts.set(scope.key, sts);
    }
    return sts;
  }

  /** A scenario step, in `scope` (see stepScopesOf); an error it does not expect stops the run. */
  runStep(step: TimedStep, scope: RunScope): void {
    const { agents, actors, scopes, clock } = this.#o;
    let actor: Actor;
    let region = scope.region;
    let params = resolveParams(step.spec.params, step.label, this.#outputs, actors, new Random(this.#o.seed, `random:${step.label}`));
    let agent: AgentActor | undefined;
    if (step.spec.agent !== undefined) {
      const ref = resolveParams({ agent: step.spec.agent }, step.label, this.#outputs, actors).agent;
      const found = agents.resolve(String(ref), scope.accountId, scope.region, step.spec.call, step.time, step.label);
      agent = found.actor;
      if (found.isNew) params = { ...agent.instance.registration(agent.clusterName), ...params };
      actor = agent;
    } else if (step.spec.task !== undefined) {
      const taskArn = String(resolveParams({ task: step.spec.task }, step.label, this.#outputs, actors).task);
      ({ actor, region } = this.#taskCaller(taskArn, step));
      region = step.spec.region ?? region;
    } else if (step.spec.credentials !== undefined) {
      const id = step.spec.credentials;
      const issuer = this.#callers.get(id)!;
      const session = this.#stsOf(issuer.scope).sessionOf(this.#outputs.get(id));
      if (!session) throw new ScenarioError(`${step.label}: step "${id}" obtained no temporary credentials (an sts AssumeRole, GetSessionToken or GetFederationToken that succeeded)`);
      actor = credentialsCaller(id, session.principal, issuer.actor, session.deny);
      region = step.spec.region ?? issuer.actor.regions[0]!;
    } else {
      actor = actors.get(step.spec.actor!)!;
    }
    actor = withOverrides(actor, step.spec);
    // An agent found by ARN belongs to its own account; a task's code and credentials to theirs.
    const callScope = actor.principal.accountId === scope.accountId && region === scope.region ? scope : scopes.get(actor.principal.accountId, region);
    if (callScope.callsBefore === -Infinity || (this.#o.sharded && callScope !== scope)) {
      throw new ScenarioError(`${step.label}: its call is made in account ${callScope.accountId}, ${callScope.region}, which could not be known before the run (planned: ${scope.accountId}, ${scope.region}): run it without --shard`);
    }
    if (step.spec.id) this.#callers.set(step.spec.id, { actor, scope: callScope });
    const { output, error, record } = this.perform(actor, callScope, step.spec.call, params, undefined, true, step.spec.service ?? 'ecs', step.spec.response);
    if (!error && agent && step.spec.call === 'RegisterContainerInstance') registerAgent(agent, output);
    if (!error && step.spec.call === 'CreateCluster' && agents.instancesPerCluster > 0) this.#registerAgents(callScope, output);
    // The code the caller gets or the one the trail records (AccessDeniedException / AccessDenied).
    const expected = step.spec.expectError;
    if (error && expected !== error.code && expected !== recordedErrorCode(error.code)) {
      throw new ScenarioError(`${step.label} (${step.spec.call} at ${new Date(step.time).toISOString()}) failed: ${error.code}: ${error.message}${expected ? ` (expected ${expected})` : ''}`);
    }
    if (!error && expected) throw new ScenarioError(`${step.label} (${step.spec.call}) succeeded, but the scenario expects ${expected}`);
    if (step.spec.id && step.fannedOut) {
      // A step with regions keeps one output per region: ${steps.<id>.<region>.<path>}.
      const byRegion = (this.#outputs.get(step.spec.id) as Record<string, unknown> | undefined) ?? {};
      byRegion[callScope.region] = output;
      this.#outputs.set(step.spec.id, byRegion);
    } else if (step.spec.id) this.#outputs.set(step.spec.id, output);
    if (step.spec.flag && boundaryAfter(clock.now(), this.#o.windowMs) > callScope.writesAfter) {
      this.#o.summary.flagged.push({
        step: step.spec.id ?? step.label,
        flag: step.spec.flag,
        eventName: step.spec.call,
        eventId: record.eventId,
        eventTime: isoSeconds(record.eventTime),
        region: callScope.region,
        actor: actor.name,
        errorCode: error ? recordedErrorCode(error.code) : undefined,
      });
    }
  }

  /** Code inside a task: its task role's session, from the AssumeRole ECS made for it. */
  #taskCaller(taskArn: string, step: TimedStep): { actor: Actor; region: string } {
    const [, , , taskRegion, taskAccount] = taskArn.split(':');
    const found = taskRegion && taskAccount && /^\d{12}$/.test(taskAccount);
    const task = found ? this.#o.scopes.get(taskAccount, taskRegion).store.tasks.get(taskArn) : undefined;
    if (!task) throw new ScenarioError(`${step.label}: no task ${taskArn}`);
    const events = this.#o.serviceEvents;
    const session = events?.taskSession(taskArn);
    if (!session) {
      throw new ScenarioError(
        events
          ? `${step.label} (${new Date(step.time).toISOString()}): task ${task.id} has no task role session: its task definition (or RunTask overrides) names no taskRoleArn, or it has not reached PENDING yet`
          : `${step.label}: a task's calls need its task role session, which ECS makes only with service events on (serviceEvents: false in the scenario, or --service-events off)`,
      );
    }
    return { actor: taskCaller(taskArn, session, { fargate: task.containerInstanceArn === undefined, clusterArn: task.clusterArn, region: taskRegion! }), region: taskRegion! };
  }

  /** The new cluster's simulated instances register, each agent then discovers its poll endpoint. */
  #registerAgents(scope: RunScope, output: unknown): void {
    const { agents, clock } = this.#o;
    const cluster = (output as { cluster?: { clusterName?: string; clusterArn?: string } } | undefined)?.cluster;
    const record = cluster?.clusterName ? scope.store.clusters.get(cluster.clusterName) : undefined;
    if (!cluster?.clusterArn || !record || record.createdAt !== clock.now()) return; // an existing cluster, returned as it is
    agents.forgetCluster(scope.accountId, scope.region, record.name);
    for (let i = 0; i < agents.instancesPerCluster; i++) {
      const agent = agents.newInstance(scope.accountId, scope.region, record.name, clock.now());
      registerAgent(agent, this.perform(agent, scope, 'RegisterContainerInstance', agent.instance.registration(record.name)).output);
      if (agent.containerInstanceArn) {
        this.perform(agent, scope, 'DiscoverPollEndpoint', { containerInstance: agent.containerInstanceArn, cluster: cluster.clusterArn });
      }
    }
  }
}

function registerAgent(agent: AgentActor, output: unknown): void {
  const arn = (output as { containerInstance?: { containerInstanceArn?: string } } | undefined)?.containerInstance?.containerInstanceArn;
  if (arn) agent.containerInstanceArn = arn;
}
