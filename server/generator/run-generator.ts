import { readdir } from 'node:fs/promises';
import { createEcsEmulator, EcsServiceError, ManualClock, seededIds } from '../../emulator/index.js';
import { ECS_EVENT_SOURCE, recordShowsResponse, TrailWriter } from '../../trail-writer/index.js';
import { accessDeniedMessage, buildCallRecord, isReadOnly } from '../call-record-builder.js';
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
    digests = await openDigests({ writer, clock, intervalMs: DIGEST_MS, seed, homeRegion: regions[0]!, prefix: o.trailPrefix });
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
  let window = Math.floor(start / WINDOW_MS);
  let period = Math.floor(start / DIGEST_MS);
  /**
   * Deliveries under way: each window's files (compressed on the thread pool), and each hour's digests
   * once that hour's files are written. They run while the calls go on; what they write depends only on
   * the order they were started in, never on how far the calls had got when they landed.
   */
  const inFlight: Promise<void>[] = [];
  const maxInFlight = Math.max(1, o.deliveriesInFlight ?? IN_FLIGHT);
  let digestsWritten: Promise<void> = Promise.resolve();
  const maxEvents = o.maxEvents ?? Infinity;
  const ipRandom = new Random(seed, 'source-ip');
  const storeOf = (a: Actor) => (region: string) => emulator.stores.get(a.principal.accountId, region);

  /** Deliveries due at a window's end; undefined (nothing to wait for) on most calls, inside a window. */
  const advanceTo = (t: number): Promise<void> | undefined => {
    clock.set(t);
    const w = Math.floor(t / WINDOW_MS);
    if (w === window) return undefined;
    window = w;
    return deliverWindow(t);
  };
  const deliverWindow = async (t: number) => {
    // At most maxInFlight windows are being delivered (and held in memory) while the calls go on.
    while (inFlight.length >= maxInFlight) await inFlight.shift();
    const files = writer.deliverDue();
    let done = files;
    const p = Math.floor(t / DIGEST_MS);
    if (p !== period) {
      period = p;
      // A digest lists the files delivered up to its end: it is written once they are.
      const sink = digests;
      done = digestsWritten = Promise.all([files, digestsWritten]).then(() => sink?.deliverDue(t));
    }
    done.catch(() => undefined); // awaited later; no unhandled rejection meanwhile
    inFlight.push(done);
  };

  /** One call, exactly as the server's pipeline makes it: check input, IAM, dispatch, record. */
  const perform = (
    actor: Actor,
    region: string,
    operation: string,
    params: Record<string, unknown>,
    synthesized?: { code: string; message: string },
    // Whether anything reads the output: a step's (later steps may use it), or one the record shows.
    keepOutput = true,
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
      else output = emulator.dispatch(operation, params, { accountId: p.accountId, region, principalArn: p.arn, discardOutput: !keepOutput }).output;
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
    // A full batch is delivered on its own, in the order batches fill: names and digests stay the same
    // however fast the disk is.
    writer.appendNow(record);
    summary.events++;
    summary.byOperation[operation] = (summary.byOperation[operation] ?? 0) + 1;
    summary.byActor[actor.name] = (summary.byActor[actor.name] ?? 0) + 1;
    if (error) summary.byError[error.code] = (summary.byError[error.code] ?? 0) + 1;
    summary.firstEventTime ??= record.eventTime;
    summary.lastEventTime = record.eventTime;
    return { output, error, record };
  };

  const runStep = (step: TimedStep) => {
    const actor = actors.get(step.spec.actor)!;
    const region = step.spec.region ?? actor.regions[0]!;
    const params = resolveParams(step.spec.params, step.label, outputs, actors);
    const { output, error, record } = perform(actor, region, step.spec.call, params);
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
        runStep(step);
        s++;
      } else if (next) {
        const due = advanceTo(next.next);
        if (due) await due;
        const call = next.take(storeOf(next.actor));
        perform(next.actor, call.region, call.operation, call.params, call.synthesized, recordShowsResponse(call.operation, isReadOnly('ecs', call.operation)));
      } else break;
      // Let the deliveries' file operations go on: each step of a file's writing comes back to this
      // thread, which otherwise would not look until the window ends.
      if ((summary.events & 127) === 0) await yieldToIo();
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
    while (inFlight.length > 0) await inFlight.shift();
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

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

async function requireEmptyFolder(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw new Error(`cannot read the output folder ${dir}: ${err.code ?? err.message}`);
  });
  if (entries.length > 0) {
    throw new ScenarioError(`the output folder ${dir} is not empty: generate into a new or empty folder, so the result holds only this run`);
  }
}
