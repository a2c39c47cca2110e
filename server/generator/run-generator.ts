import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createEcsEmulator, EcsServiceError, ManualClock, seededIds } from '../../emulator/index.js';
import { ECS_EVENT_SOURCE, isReadOnlyEvent, recordedErrorCode, recordShowsResponse, TrailWriter } from '../../trail-writer/index.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { accessDeniedMessage, buildCallRecord } from '../call-record-builder.js';
import { IdentityRegistry } from '../identity/identity-registry.js';
import { OperationValidators } from '../protocol/validate.js';
import { ecsModel } from '../protocol/service-model.js';
import { requiredMemberError } from '../protocol/required-members.js';
import { ProtocolError } from '../protocol/protocol-errors.js';
import { resolveActors, type Actor } from './actors.js';
import { BackgroundStream } from './background.js';
import { deniedResource } from './denied-resource.js';
import { openDigests, type DigestSink } from './digests.js';
import { DeliveryPacer } from './delivery-pacer.js';
import { ScenarioError } from './scenario.js';
import { resolveSpan, type GenerateOptions, type GenerateSummary } from './generate-options.js';
import { resolveParams, scheduleSteps, type TimedStep } from './steps.js';
import { fastSeededIds, Random } from './random.js';
import { GeneratorAgents, type AgentActor } from './ec2-agents.js';
import { callerIdentityOf } from '../identity/caller-identity.js';
import type { CallRecord, Principal } from '../../trail-writer/index.js';
import type { TaskLifecycleFact } from '../../emulator/index.js';
import { ServiceSideEvents } from '../service-events/service-side-events.js';
import { OtherServiceCalls, recordedAsGiven } from './other-service-calls.js';
import { credentialsCaller, taskCaller, withOverrides } from './step-callers.js';

export { DEFAULT_START, resolveSpan, type GenerateOptions, type GenerateProgress, type GenerateSummary, type FlaggedEvent } from './generate-options.js';

const WINDOW_MS = 5 * 60 * 1000;
/** The summary's name for the events AWS services add (byActor). */
const SERVICE_EVENTS_ACTOR = '(AWS services)';
/** The digest period (CloudTrail writes one digest an hour per region). */
const DIGEST_MS = 60 * 60 * 1000;
/** Windows whose files may be on their way at once, by default (each holds a window of records in memory). */
const IN_FLIGHT = 3;
/** The TrailWriter's file-size split; past it a window's records go in several files, as on the server. */
const MAX_RECORDS_PER_FILE = 5000;

/**
 * Generate a trail folder from a scenario: the server's emulator, identity registry, input checks and
 * trail writer, driven in-process on a simulated clock. Every choice comes from the seed, so the same
 * scenario and seed give the same bytes.
 */
export async function runGenerator(o: GenerateOptions): Promise<GenerateSummary> {
  const { scenario } = o;
  const seed = String(o.seed);
  const { start, end } = resolveSpan(scenario, o);
  // The command line over the file: --account-id and --region replace the scenario's defaults (an
  // actor or step that names its own keeps it).
  const accountId = o.accountId ?? scenario.accountId ?? '123456789012';
  const regions = o.region !== undefined ? [o.region] : (scenario.regions ?? ['us-east-1']);
  const identities = o.identitiesFile ? IdentityRegistry.fromFile(o.identitiesFile, accountId, start) : undefined;
  const actors = resolveActors(scenario, { defaultAccountId: accountId, regions, startedAt: start, identities, sourceIp: o.sourceIp, seed });
  const steps = scheduleSteps(scenario.steps ?? [], start, end);
  const existed = await requireEmptyFolder(o.outDir);
  try {
    return await generate(o, { seed, start, end, homeRegion: regions[0]!, accountId, actors, steps });
  } catch (err) {
    // All or nothing: a run that fails (or is interrupted) leaves no trail that looks whole.
    await removeOutput(o.outDir, existed);
    throw err;
  }
}

/** The run itself, into an empty folder; on failure the caller removes what it wrote. */
async function generate(
  o: GenerateOptions,
  { seed, start, end, homeRegion, accountId, actors, steps }: { seed: string; start: number; end: number; homeRegion: string; accountId: string; actors: Map<string, Actor>; steps: TimedStep[] },
): Promise<GenerateSummary> {
  const { scenario } = o;
  const clock = new ManualClock(start);
  const emulator = createEcsEmulator({ clock, ids: seededIds(`${seed}/emulator`) });
  // Separate id streams: a file name never depends on how many ids the calls before it used.
  const recordIds = fastSeededIds(seed, 'records');
  const writer = await TrailWriter.open({
    root: o.outDir,
    prefix: o.trailPrefix,
    clock,
    ids: fastSeededIds(seed, 'trail'),
    windowMs: WINDOW_MS,
    maxRecordsPerFile: MAX_RECORDS_PER_FILE,
    timers: false,
    durable: false,
    folderOption: '--out',
  });
  let digests: DigestSink | undefined;
  try {
    // Log file validation was turned on some time before the run (seeded): hourly digest periods are
    // counted from then, so they do not fall on the hour (real ones end at e.g. 15:01:31).
    const validationStartedAt = start - 1000 * new Random(seed, 'validation-start').int(1, 3599);
    digests = await openDigests({ writer, clock, intervalMs: DIGEST_MS, validationStartedAt, seed, homeRegion, prefix: o.trailPrefix });
  } catch (err) {
    await writer.close();
    throw err;
  }
  const validators = new OperationValidators(ecsModel, { requiredMemberError });
  const tlsDetails = o.tlsDetails ?? scenario.tlsDetails ?? true;
  // What AWS adds when ECS works for the callers (README "Service-side events"), on the run's clock,
  // with ids of their own: turning them off leaves every other record as it was.
  const serviceSide = (o.serviceEvents ?? scenario.serviceEvents ?? true) ? new ServiceSideEvents({ ids: fastSeededIds(seed, 'service-events') }) : undefined;
  const otherServices = new OtherServiceCalls({ emulator, clock, ids: fastSeededIds(seed, 'sts'), identitiesFile: o.identitiesFile, accountId });
  const streams = [...actors.values()]
    .filter((a) => a.spec.background && a.spec.background.callsPerHour > 0)
    .map((a) => new BackgroundStream(a, a.spec.background!, seed, start, end));

  const summary: GenerateSummary = {
    name: scenario.name,
    seed,
    start,
    end,
    events: 0,
    logFiles: 0,
    digestFiles: 0,
    byOperation: {},
    byError: {},
    byActor: {},
    flagged: [],
  };
  const outputs = new Map<string, unknown>();
  const pacer = new DeliveryPacer({ clock, writer, digests, windowMs: WINDOW_MS, maxInFlight: o.deliveriesInFlight ?? IN_FLIGHT });
  const maxEvents = o.maxEvents ?? Infinity;
  const ipRandom = new Random(seed, 'source-ip');
  const storeOf = (a: Actor) => (region: string) => emulator.stores.get(a.principal.accountId, region);

  /** A record into the trail, counted in the summary. */
  const append = (record: CallRecord, actorName: string) => {
    // A full batch is delivered on its own, in the order batches fill: names and digests stay the same
    // however fast the disk is.
    writer.appendNow(record);
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
  };

  /** Every service event due by `until` (README "Service-side events"), each on the clock at its moment. */
  const emitServiceEvents = async (until: number) => {
    if (!serviceSide) return;
    for (let next = serviceSide.nextAt(); next !== undefined && next <= until && summary.events < maxEvents; next = serviceSide.nextAt()) {
      if (next > clock.now()) {
        const due = pacer.advanceTo(next);
        if (due) await due;
      }
      for (const r of serviceSide.takeDue(clock.now())) append(r, SERVICE_EVENTS_ACTOR);
    }
  };

  /**
   * One call, exactly as the server's pipeline makes it: check input, IAM, dispatch, record. `service`
   * other than ECS: STS is the server's own; any other is recorded as the step gives it.
   */
  const perform = (
    actor: Actor,
    region: string,
    operation: string,
    params: Record<string, unknown>,
    synthesized?: { code: string; message: string },
    // Whether anything reads the output: a step's (later steps may use it), or one the record shows.
    keepOutput = true,
    service = 'ecs',
    given?: unknown,
  ) => {
    let p: Principal = actor.principalAt(clock.now());
    const requestId = recordIds.uuid();
    const sourceIp = actor.sourceIp(ipRandom);
    let output: unknown;
    let recorded: unknown;
    let error: { code: string; message: string } | undefined;
    let lifecycle: TaskLifecycleFact[] | undefined;
    let eventSource = ECS_EVENT_SOURCE;
    let signingName = 'ecs';
    let recordParams: Record<string, unknown> | null = params;
    if (service === 'ecs') {
      try {
        validators.get(operation)?.(params);
        if (actor.deny.has(operation) || actor.deny.has('*')) {
          const resource = deniedResource(operation, params, { accountId: p.accountId, region }, emulator.stores.get(p.accountId, region));
          throw new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, `ecs:${operation}`, resource));
        }
        if (synthesized) error = synthesized;
        else {
          const done = emulator.dispatch(operation, params, {
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
          ? otherServices.sts({ principal: p, deny: actor.deny, declared: true, sourceIp, userAgent: actor.userAgent(operation) }, region, operation, params, requestId)
          : recordedAsGiven(service, params, given);
      ({ eventSource, signingName, params: recordParams, output: recorded, error } = call);
      output = call.answer;
      if ('principal' in call) p = call.principal as Principal;
    }
    const record = buildCallRecord({
      eventTime: clock.now(),
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
      eventId: recordIds.uuid(),
      tlsDetails,
      vpcEndpoint: actor.vpcEndpoint,
    });
    append(record, actor.name);
    if (!error && service === 'ecs') serviceSide?.note({ serviceName: 'ecs', operation, principal: p, region, lifecycle }, clock.now());
    return { output, error, record };
  };

  const agents = new GeneratorAgents(seed, scenario.ec2);
  /** The new cluster's simulated instances register, each agent then discovers its poll endpoint. */
  const registerAgents = (accountId: string, region: string, output: unknown) => {
    const cluster = (output as { cluster?: { clusterName?: string; clusterArn?: string } } | undefined)?.cluster;
    const record = cluster?.clusterName ? emulator.stores.get(accountId, region).clusters.get(cluster.clusterName) : undefined;
    if (!cluster?.clusterArn || !record || record.createdAt !== clock.now()) return; // an existing cluster, returned as it is
    agents.forgetCluster(accountId, region, record.name);
    for (let i = 0; i < agents.instancesPerCluster; i++) {
      const agent = agents.newInstance(accountId, region, record.name, clock.now());
      registerAgent(agent, region, perform(agent, region, 'RegisterContainerInstance', agent.instance.registration(record.name)).output);
      if (agent.containerInstanceArn) {
        perform(agent, region, 'DiscoverPollEndpoint', { containerInstance: agent.containerInstanceArn, cluster: cluster.clusterArn });
      }
    }
  };
  const registerAgent = (agent: AgentActor, _region: string, output: unknown) => {
    const arn = (output as { containerInstance?: { containerInstanceArn?: string } } | undefined)?.containerInstance?.containerInstanceArn;
    if (arn) agent.containerInstanceArn = arn;
  };

  /** Who calls for each step id (credentials steps sign as the caller of the step they name). */
  const callers = new Map<string, Actor>();
  /** Code inside a task: its task role's session, from the AssumeRole ECS made for it. */
  const taskCallerOf = (taskArn: string, step: TimedStep): { actor: Actor; region: string } => {
    const [, , , taskRegion, taskAccount] = taskArn.split(':');
    const task = taskRegion && taskAccount ? emulator.stores.get(taskAccount, taskRegion).tasks.get(taskArn) : undefined;
    if (!task) throw new ScenarioError(`${step.label}: no task ${taskArn}`);
    const session = serviceSide?.taskSession(taskArn);
    if (!session) {
      throw new ScenarioError(
        serviceSide
          ? `${step.label} (${new Date(step.time).toISOString()}): task ${task.id} has no task role session: its task definition (or RunTask overrides) names no taskRoleArn, or it has not reached PENDING yet`
          : `${step.label}: a task's calls need its task role session, which ECS makes only with service events on (serviceEvents: false in the scenario, or --service-events off)`,
      );
    }
    return { actor: taskCaller(taskArn, session, { fargate: task.containerInstanceArn === undefined, clusterArn: task.clusterArn, region: taskRegion! }), region: taskRegion! };
  };

  const runStep = (step: TimedStep) => {
    let actor: Actor;
    let region: string;
    let params = resolveParams(step.spec.params, step.label, outputs, actors, new Random(seed, `random:${step.label}`));
    let agent: AgentActor | undefined;
    if (step.spec.agent !== undefined) {
      region = step.spec.region ?? homeRegion;
      const ref = resolveParams({ agent: step.spec.agent }, step.label, outputs, actors).agent;
      const found = agents.resolve(String(ref), accountId, region, step.spec.call, step.time, step.label);
      agent = found.actor;
      if (found.isNew) params = { ...agent.instance.registration(agent.clusterName), ...params };
      actor = agent;
    } else if (step.spec.task !== undefined) {
      const taskArn = String(resolveParams({ task: step.spec.task }, step.label, outputs, actors).task);
      ({ actor, region } = taskCallerOf(taskArn, step));
      region = step.spec.region ?? region;
    } else if (step.spec.credentials !== undefined) {
      const id = step.spec.credentials;
      const issuer = callers.get(id)!;
      const session = otherServices.sessionOf(outputs.get(id));
      if (!session) throw new ScenarioError(`${step.label}: step "${id}" obtained no temporary credentials (an sts AssumeRole, GetSessionToken or GetFederationToken that succeeded)`);
      actor = credentialsCaller(id, session.principal, issuer, session.deny);
      region = step.spec.region ?? issuer.regions[0]!;
    } else {
      actor = actors.get(step.spec.actor!)!;
      region = step.spec.region ?? actor.regions[0]!;
    }
    actor = withOverrides(actor, step.spec);
    if (step.spec.id) callers.set(step.spec.id, actor);
    const { output, error, record } = perform(actor, region, step.spec.call, params, undefined, true, step.spec.service ?? 'ecs', step.spec.response);
    if (!error && agent && step.spec.call === 'RegisterContainerInstance') registerAgent(agent, region, output);
    if (!error && step.spec.call === 'CreateCluster' && agents.instancesPerCluster > 0) registerAgents(record.principal.accountId, region, output);
    // The code the caller gets or the one the trail records (AccessDeniedException / AccessDenied).
    const expected = step.spec.expectError;
    if (error && expected !== error.code && expected !== recordedErrorCode(error.code)) {
      throw new ScenarioError(`${step.label} (${step.spec.call} at ${new Date(step.time).toISOString()}) failed: ${error.code}: ${error.message}${expected ? ` (expected ${expected})` : ''}`);
    }
    if (!error && expected) throw new ScenarioError(`${step.label} (${step.spec.call}) succeeded, but the scenario expects ${expected}`);
    if (step.spec.id && step.fannedOut) {
      // A step with regions keeps one output per region: ${steps.<id>.<region>.<path>}.
      const byRegion = (outputs.get(step.spec.id) as Record<string, unknown> | undefined) ?? {};
      byRegion[region] = output;
      outputs.set(step.spec.id, byRegion);
    } else if (step.spec.id) outputs.set(step.spec.id, output);
    if (step.spec.flag) {
      summary.flagged.push({
        step: step.spec.id ?? step.label,
        flag: step.spec.flag,
        eventName: step.spec.call,
        eventId: record.eventId,
        eventTime: isoSeconds(record.eventTime),
        region,
        actor: actor.name,
        errorCode: error ? recordedErrorCode(error.code) : undefined,
      });
    }
  };

  try {
    let s = 0;
    let lastProgress = -1;
    while (summary.events < maxEvents) {
      let next: BackgroundStream | undefined;
      for (const b of streams) if (b.next !== Infinity && (!next || b.next < next.next)) next = b;
      const step = steps[s];
      // Steps first on a tie: a scenario's explicit call happens before the noise of that millisecond.
      const stepFirst = step !== undefined && (!next || step.time <= next.next);
      if (!stepFirst && !next) break;
      // What AWS does meanwhile comes first: the events due by the next call.
      await emitServiceEvents(stepFirst ? step.time : next!.next);
      if (summary.events >= maxEvents) break;
      if (stepFirst) {
        const due = pacer.advanceTo(step.time);
        if (due) await due;
        runStep(step);
        s++;
      } else {
        const due = pacer.advanceTo(next!.next);
        if (due) await due;
        const call = next!.take(storeOf(next!.actor));
        perform(next!.actor, call.region, call.operation, call.params, call.synthesized, recordShowsResponse(call.operation, isReadOnlyEvent(ECS_EVENT_SOURCE, call.operation)));
      }
      // Let the deliveries' file operations go on: each step of a file's writing comes back to this
      // thread, which otherwise would not look until the window ends.
      if ((summary.events & 127) === 0) {
        await yieldToIo();
        if (o.signal?.aborted) throw new GenerationInterrupted();
      }
      if (o.onProgress && (summary.events & 1023) === 0) {
        const pct = Math.floor(((clock.now() - start) / (end - start)) * 1000);
        if (pct !== lastProgress) {
          lastProgress = pct;
          o.onProgress({ events: summary.events, now: clock.now(), start, end });
        }
      }
    }
    // What AWS does after the last call, until the run ends (a task's ENI deleted, say).
    if (summary.events < maxEvents) await emitServiceEvents(end - 1);
    // Every file is delivered and every digest period that ended is written before the final digest
    // (a run cut short by maxEvents ends with its last event).
    await pacer.finish(summary.events >= maxEvents ? clock.now() : end);
  } finally {
    await writer.close();
    await digests?.close();
  }
  summary.logFiles = writer.stats.filesDelivered;
  summary.digestFiles = digests?.written ?? 0;
  o.onProgress?.({ events: summary.events, now: end, start, end });
  return summary;
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether the folder exists; it must hold nothing. */
async function requireEmptyFolder(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new Error(`cannot read the output folder ${dir}: ${err.code ?? err.message}`);
  });
  if (entries && entries.length > 0) {
    throw new ScenarioError(`the output folder ${dir} is not empty: generate into a new or empty folder, so the result holds only this run`);
  }
  return entries !== undefined;
}

/** Remove what a run wrote: the folder was empty or absent when it started. */
async function removeOutput(dir: string, existed: boolean): Promise<void> {
  if (!existed) return rm(dir, { recursive: true, force: true });
  for (const entry of await readdir(dir).catch(() => [] as string[])) await rm(join(dir, entry), { recursive: true, force: true });
}

/** Thrown when the caller's AbortSignal fires; the partial output is removed first. */
export class GenerationInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'GenerationInterrupted';
  }
}
