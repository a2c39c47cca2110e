import { readdir } from 'node:fs/promises';
import { createEcsEmulator, EcsServiceError, ManualClock, seededIds } from '../../emulator/index.js';
import { ECS_EVENT_SOURCE, TrailWriter } from '../../trail-writer/index.js';
import { accessDeniedMessage, buildCallRecord } from '../call-record-builder.js';
import { IdentityRegistry } from '../identity/identity-registry.js';
import { compileValidators } from '../protocol/validate.js';
import { ecsModel } from '../protocol/service-model.js';
import { requiredMemberError } from '../protocol/required-members.js';
import { ProtocolError } from '../protocol/protocol-errors.js';
import { resolveActors, type Actor } from './actors.js';
import { BackgroundStream } from './background.js';
import { deniedResource } from './denied-resource.js';
import { openDigests, type DigestSink } from './digests.js';
import { ScenarioError } from './scenario.js';
import { resolveSpan, type GenerateOptions, type GenerateSummary } from './generate-options.js';
import { resolveParams, scheduleSteps, type TimedStep } from './steps.js';
import { fastSeededIds, Random } from './random.js';

export { DEFAULT_START, resolveSpan, type GenerateOptions, type GenerateProgress, type GenerateSummary, type FlaggedEvent } from './generate-options.js';

const WINDOW_MS = 5 * 60 * 1000;
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
  const accountId = scenario.accountId ?? o.accountId ?? '123456789012';
  const regions = scenario.regions ?? [o.region ?? 'us-east-1'];
  const identities = o.identitiesFile ? IdentityRegistry.fromFile(o.identitiesFile, accountId, start) : undefined;
  const actors = resolveActors(scenario, { defaultAccountId: accountId, regions, startedAt: start, identities, sourceIp: o.sourceIp });
  const steps = scheduleSteps(scenario.steps ?? [], start, end);
  await requireEmptyFolder(o.outDir);

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
  });
  let digests: DigestSink | undefined;
  try {
    digests = await openDigests({ writer, clock, seed, homeRegion: regions[0]!, prefix: o.trailPrefix });
  } catch (err) {
    await writer.close();
    throw err;
  }
  const validators = compileValidators(ecsModel, requiredMemberError);
  const tlsDetails = o.tlsDetails ?? scenario.tlsDetails ?? true;
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
  const perBatch = new Map<string, number>();
  let window = Math.floor(start / WINDOW_MS);
  const maxEvents = o.maxEvents ?? Infinity;
  const ipRandom = new Random(seed, 'source-ip');
  const storeOf = (a: Actor) => (region: string) => emulator.stores.get(a.principal.accountId, region);

  /** Deliveries due at a window's end; undefined (nothing to wait for) on most calls, inside a window. */
  const advanceTo = (t: number): Promise<void> | undefined => {
    clock.set(t);
    const w = Math.floor(t / WINDOW_MS);
    if (w === window) return undefined;
    window = w;
    perBatch.clear();
    return deliverWindow(t);
  };
  const deliverWindow = async (t: number) => {
    await writer.deliverDue();
    await digests?.deliverDue(t);
  };

  /** One call, exactly as the server's pipeline makes it: check input, IAM, dispatch, record. */
  const perform = async (
    actor: Actor,
    region: string,
    operation: string,
    params: Record<string, unknown>,
    synthesized?: { code: string; message: string },
  ) => {
    const p = actor.principal;
    const requestId = recordIds.uuid();
    let output: unknown;
    let error: { code: string; message: string } | undefined;
    try {
      validators.get(operation)?.(params);
      if (actor.deny.has(operation) || actor.deny.has('*')) {
        const resource = deniedResource(operation, params, { accountId: p.accountId, region }, emulator.stores.get(p.accountId, region));
        throw new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, `ecs:${operation}`, resource));
      }
      if (synthesized) error = synthesized;
      else output = emulator.dispatch(operation, params, { accountId: p.accountId, region, principalArn: p.arn }).output;
    } catch (err) {
      if (err instanceof EcsServiceError || err instanceof ProtocolError) error = { code: err.code, message: err.message };
      else throw err;
    }
    const record = buildCallRecord({
      eventTime: clock.now(),
      eventSource: ECS_EVENT_SOURCE,
      signingName: 'ecs',
      serviceName: 'ecs',
      operation,
      region,
      principal: p,
      sourceIp: actor.sourceIp(ipRandom),
      userAgent: actor.userAgent(operation),
      params,
      output,
      error,
      requestId,
      eventId: recordIds.uuid(),
      tlsDetails,
    });
    await writer.append(record);
    const batchKey = `${p.accountId}/${region}`;
    const inBatch = (perBatch.get(batchKey) ?? 0) + 1;
    perBatch.set(batchKey, inBatch);
    // The writer has just started delivering a full batch on its own: wait for it, so what happens
    // next (file names, digests) does not depend on how fast the disk is.
    if (inBatch % MAX_RECORDS_PER_FILE === 0) await writer.deliverDue();
    summary.events++;
    summary.byOperation[operation] = (summary.byOperation[operation] ?? 0) + 1;
    summary.byActor[actor.name] = (summary.byActor[actor.name] ?? 0) + 1;
    if (error) summary.byError[error.code] = (summary.byError[error.code] ?? 0) + 1;
    summary.firstEventTime ??= record.eventTime;
    summary.lastEventTime = record.eventTime;
    return { output, error, record };
  };

  const runStep = async (step: TimedStep) => {
    const actor = actors.get(step.spec.actor)!;
    const region = step.spec.region ?? actor.regions[0]!;
    const params = resolveParams(step.spec.params, step.label, outputs, actors);
    const { output, error, record } = await perform(actor, region, step.spec.call, params);
    const expected = step.spec.expectError;
    if (error && expected !== error.code) {
      throw new ScenarioError(`${step.label} (${step.spec.call} at ${new Date(step.time).toISOString()}) failed: ${error.code}: ${error.message}${expected ? ` (expected ${expected})` : ''}`);
    }
    if (!error && expected) throw new ScenarioError(`${step.label} (${step.spec.call}) succeeded, but the scenario expects ${expected}`);
    if (step.spec.id) outputs.set(step.spec.id, output);
    if (step.spec.flag) {
      summary.flagged.push({
        step: step.spec.id ?? step.label,
        flag: step.spec.flag,
        eventName: step.spec.call,
        eventId: record.eventId,
        eventTime: new Date(Math.floor(record.eventTime / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        region,
        actor: actor.name,
        errorCode: error ? (error.code === 'AccessDeniedException' ? 'AccessDenied' : error.code) : undefined,
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
      if (step && (!next || step.time <= next.next)) {
        const due = advanceTo(step.time);
        if (due) await due;
        await runStep(step);
        s++;
      } else if (next) {
        const due = advanceTo(next.next);
        if (due) await due;
        const call = next.take(storeOf(next.actor));
        await perform(next.actor, call.region, call.operation, call.params, call.synthesized);
      } else break;
      if (o.onProgress && (summary.events & 1023) === 0) {
        const pct = Math.floor(((clock.now() - start) / (end - start)) * 1000);
        if (pct !== lastProgress) {
          lastProgress = pct;
          o.onProgress({ events: summary.events, now: clock.now(), start, end });
        }
      }
    }
    // Close at the end of the last window, so every file is delivered by the time the digests end
    // (a run cut short by maxEvents ends with its last event).
    const last = summary.events >= maxEvents ? clock.now() : end;
    clock.set(Math.max(clock.now(), Math.ceil(last / WINDOW_MS) * WINDOW_MS));
    await writer.deliverDue();
    await digests?.deliverDue(clock.now());
  } finally {
    await writer.close();
    await digests?.close();
  }
  summary.logFiles = writer.stats.filesDelivered;
  summary.digestFiles = digests?.written ?? 0;
  o.onProgress?.({ events: summary.events, now: end, start, end });
  return summary;
}

async function requireEmptyFolder(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw new Error(`cannot read the output folder ${dir}: ${err.code ?? err.message}`);
  });
  if (entries.length > 0) {
    throw new ScenarioError(`the output folder ${dir} is not empty: generate into a new or empty folder, so the result holds only this run`);
  }
}
