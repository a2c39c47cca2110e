import { EcsServiceError, type ManualClock } from '../../emulator/index.js';
import { boundaryAfter } from '../../trail-writer/delivery/aligned-timer.js';
import { ECS_EVENT_SOURCE, recordedErrorCode, type CallRecord } from '../../trail-writer/index.js';
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
}

/**
 * The calls of a generated run, each exactly as the server's pipeline makes it — check the input,
 * IAM, dispatch to the scope's emulator, record — and what the run's summary counts of them.
 */
export class GeneratorCalls {
  readonly #o: GeneratorCallsOptions;
  /** Step outputs by id, for later steps' references. */
  readonly #outputs = new Map<string, unknown>();

  constructor(o: GeneratorCallsOptions) {
    this.#o = o;
  }

  /**
   * One call. `keepOutput`: whether anything reads the output (a step's: later steps may use it; or
   * one the record shows).
   */
  perform(
    actor: Actor,
    scope: RunScope,
    operation: string,
    params: Record<string, unknown>,
    synthesized?: { code: string; message: string },
    keepOutput = true,
  ): CallResult {
    const { clock, summary } = this.#o;
    const now = clock.now();
    const p = actor.principalAt(now);
    const region = scope.region;
    const requestId = scope.recordIds.uuid();
    let output: unknown;
    let error: { code: string; message: string } | undefined;
    try {
      this.#o.validators.get(operation)?.(params);
      if (actor.deny.has(operation) || actor.deny.has('*')) {
        const resource = deniedResource(operation, params, { accountId: p.accountId, region }, scope.store);
        throw new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, `ecs:${operation}`, resource));
      }
      if (synthesized) error = synthesized;
      else output = scope.emulator.dispatch(operation, params, {
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
      }).output;
    } catch (err) {
      if (err instanceof EcsServiceError || err instanceof ProtocolError) error = { code: err.code, message: err.message };
      else throw err;
    }
    const record = buildCallRecord({
      eventTime: now,
      eventSource: ECS_EVENT_SOURCE,
      signingName: 'ecs',
      operation,
      region,
      principal: p,
      sourceIp: actor.sourceIp(scope.sourceIps),
      userAgent: actor.userAgent(operation),
      params,
      output,
      error,
      requestId,
      eventId: scope.recordIds.uuid(),
      tlsDetails: this.#o.tlsDetails,
      vpcEndpoint: actor.vpcEndpoint,
    });
    this.#o.writer.append(record);
    // Counted where its file is written: the shards' summaries add up to the whole run's.
    if (boundaryAfter(now, this.#o.windowMs) > scope.writesAfter) {
      summary.events++;
      summary.byOperation[operation] = (summary.byOperation[operation] ?? 0) + 1;
      summary.byActor[actor.name] = (summary.byActor[actor.name] ?? 0) + 1;
      // Counted as the trail records them, so the summary and the records agree.
      if (error) {
        const code = recordedErrorCode(error.code);
        summary.byError[code] = (summary.byError[code] ?? 0) + 1;
      }
      summary.firstEventTime ??= now;
      summary.lastEventTime = now;
    }
    return { output, error, record };
  }

  /** A scenario step, in `scope` (see stepScope); an error it does not expect stops the run. */
  runStep(step: TimedStep, scope: RunScope): void {
    const { agents, actors, scopes, clock } = this.#o;
    let actor: Actor;
    let params = resolveParams(step.spec.params, step.label, this.#outputs, actors);
    let agent: AgentActor | undefined;
    if (step.spec.agent !== undefined) {
      const ref = resolveParams({ agent: step.spec.agent }, step.label, this.#outputs, actors).agent;
      const found = agents.resolve(String(ref), scope.accountId, scope.region, step.spec.call, step.time, step.label);
      agent = found.actor;
      if (found.isNew) params = { ...agent.instance.registration(agent.clusterName), ...params };
      actor = agent;
    } else {
      actor = actors.get(step.spec.actor!)!;
    }
    // An agent found by ARN belongs to its own account.
    const callScope = actor.principal.accountId === scope.accountId ? scope : scopes.get(actor.principal.accountId, scope.region);
    if (callScope.callsBefore === -Infinity) {
      throw new ScenarioError(`${step.label}: its agent is in account ${actor.principal.accountId}, which this shard does not generate: run it without --shard`);
    }
    const { output, error, record } = this.perform(actor, callScope, step.spec.call, params);
    if (!error && agent && step.spec.call === 'RegisterContainerInstance') registerAgent(agent, output);
    if (!error && step.spec.call === 'CreateCluster' && agents.instancesPerCluster > 0) this.#registerAgents(callScope, output);
    // The code the caller gets or the one the trail records (AccessDeniedException / AccessDenied).
    const expected = step.spec.expectError;
    if (error && expected !== error.code && expected !== recordedErrorCode(error.code)) {
      throw new ScenarioError(`${step.label} (${step.spec.call} at ${new Date(step.time).toISOString()}) failed: ${error.code}: ${error.message}${expected ? ` (expected ${expected})` : ''}`);
    }
    if (!error && expected) throw new ScenarioError(`${step.label} (${step.spec.call}) succeeded, but the scenario expects ${expected}`);
    if (step.spec.id) this.#outputs.set(step.spec.id, output);
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
