import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ManualClock } from '../../emulator/index.js';
import { ECS_EVENT_SOURCE, isReadOnlyEvent, recordShowsResponse } from '../../trail-writer/index.js';
import { BulkTrailWriter } from '../../trail-writer/bulk/bulk-trail-writer.js';
import { boundaryAfter } from '../../trail-writer/delivery/aligned-timer.js';
import { IdentityRegistry } from '../identity/identity-registry.js';
import { OperationValidators } from '../protocol/validate.js';
import { ecsModel } from '../protocol/service-model.js';
import { requiredMemberError } from '../protocol/required-members.js';
import { resolveActors, type Actor } from './actors.js';
import { BackgroundStream } from './background.js';
import { openDigests, type DigestSink } from './digests.js';
import { DeliveryPacer } from './delivery-pacer.js';
import { ScenarioError } from './scenario.js';
import { resolveSpan, type GenerateOptions, type GenerateSummary } from './generate-options.js';
import { scheduleSteps, type TimedStep } from './steps.js';
import { Random } from './random.js';
import { GeneratorAgents } from './ec2-agents.js';
import { GeneratorCalls } from './generator-calls.js';
import { RunScopes, callsBeforeOf } from './scopes.js';
import { planShard, type ShardPlan } from './shard.js';
import { scopeUnits, stepScopesOf } from './shard-units.js';
import { AccountServiceEvents } from './account-service-events.js';

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
  // The command line over the file: --account-id and --region replace the scenario's defaults (an
  // actor or step that names its own keeps it).
  const accountId = o.accountId ?? scenario.accountId ?? '123456789012';
  const regions = o.region !== undefined ? [o.region] : (scenario.regions ?? ['us-east-1']);
  const identities = o.identitiesFile ? IdentityRegistry.fromFile(o.identitiesFile, accountId, start) : undefined;
  const actors = resolveActors(scenario, { defaultAccountId: accountId, regions, startedAt: start, identities, sourceIp: o.sourceIp, seed });
  const steps = scheduleSteps(scenario.steps ?? [], start, end);
  const homeRegion = regions[0]!;
  // Log file validation was turned on some time before the run (seeded): hourly digest periods are
  // counted from then, so they do not fall on the hour (real ones end at e.g. 15:01:31).
  const validationStartedAt = start - 1000 * new Random(seed, 'validation-start').int(1, 3599);
  // What AWS adds when ECS works for the callers (README "Service-side events").
  const serviceEvents = o.serviceEvents ?? scenario.serviceEvents ?? true;
  let plan: ShardPlan | undefined;
  if (o.shard && o.shard.count > 1) {
    if (o.maxEvents !== undefined) throw new ScenarioError('--max-events cannot be combined with --shard: a shard does not know how many events the others make (give --end or --duration)');
    const units = scopeUnits({ actors, steps, accountId, homeRegion, ec2: scenario.ec2, serviceEvents, start, end });
    const periodEndAfter = (t: number) => boundaryAfter(t, DIGEST_MS, ((validationStartedAt % DIGEST_MS) + DIGEST_MS) % DIGEST_MS);
    plan = planShard(o.shard, units, { start, end, periodEndAfter });
  }
  const existed = await requireEmptyFolder(o.outDir);
  try {
    return await generate(o, { seed, start, end, homeRegion, accountId, actors, steps, validationStartedAt, plan, serviceEvents });
  } catch (err) {
    // All or nothing: a run that fails (or is interrupted) leaves no trail that looks whole.
    await removeOutput(o.outDir, existed);
    throw err;
  }
}

interface RunSetup {
  seed: string;
  start: number;
  end: number;
  homeRegion: string;
  accountId: string;
  actors: Map<string, Actor>;
  steps: TimedStep[];
  validationStartedAt: number;
  plan: ShardPlan | undefined;
  serviceEvents: boolean;
}

/** The run itself, into an empty folder; on failure the caller removes what it wrote. */
async function generate(o: GenerateOptions, run: RunSetup): Promise<GenerateSummary> {
  const { scenario } = o;
  const { seed, start, end, homeRegion, accountId, actors, steps, plan } = run;
  const clock = new ManualClock(start);
  const scopes = new RunScopes({ seed, clock, plan, windowMs: WINDOW_MS });
  // A shard writes the files and digests of its time range; earlier ones are made only to chain to.
  const inRange = (t: number) => t > (plan?.from ?? -Infinity) && t <= (plan?.to ?? Infinity);
  const writer = await BulkTrailWriter.open({
    root: o.outDir,
    prefix: o.trailPrefix,
    clock,
    fileSuffix: (account, region) => scopes.get(account, region).fileIds.alphanumeric(16),
    windowMs: WINDOW_MS,
    maxRecordsPerFile: MAX_RECORDS_PER_FILE,
    workers: o.fileWorkers,
    writes: plan ? (_a, _r, deliveredAt) => inRange(deliveredAt) : undefined,
    folderOption: '--out',
  });
  let digests: DigestSink | undefined;
  try {
    digests = await openDigests({
      writer,
      clock,
      intervalMs: DIGEST_MS,
      validationStartedAt: run.validationStartedAt,
      seed,
      homeRegion,
      prefix: o.trailPrefix,
      writes: plan ? (_a, _r, digestEnd) => inRange(digestEnd) : undefined,
    });
  } catch (err) {
    await writer.close();
    throw err;
  }
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
    shard: plan?.description,
  };
  const calls = new GeneratorCalls({
    clock,
    writer,
    scopes,
    actors,
    agents: new GeneratorAgents(scenario.ec2, (account, region) => scopes.get(account, region).agentIds),
    validators: new OperationValidators(ecsModel, { requiredMemberError }),
    tlsDetails: o.tlsDetails ?? scenario.tlsDetails ?? true,
    summary,
    windowMs: WINDOW_MS,
    seed,
    // With ids of their own: turning them off leaves every other record as it was.
    serviceEvents: run.serviceEvents ? new AccountServiceEvents(seed) : undefined,
    identitiesFile: o.identitiesFile,
    sharded: plan !== undefined,
    callsBefore: callsBeforeOf(plan, WINDOW_MS),
  });
  const pacer = new DeliveryPacer({ clock, writer, digests, windowMs: WINDOW_MS, maxInFlight: o.deliveriesInFlight ?? IN_FLIGHT });
  const maxEvents = o.maxEvents ?? Infinity;
  const stepScopes = stepScopesOf(steps, { actors, accountId, homeRegion }).map((s) => scopes.get(s.accountId, s.region));
  const advanceTo = (t: number) => pacer.advanceTo(t);
  // A shard stops once none of its scopes makes calls any more.
  let stopAt = -Infinity;
  for (const scope of [...stepScopes, ...streams.flatMap((b) => b.actor.regions.map((r) => scopes.get(b.actor.principal.accountId, r)))]) {
    stopAt = Math.max(stopAt, scope.callsBefore);
  }
  const last = Math.min(end, plan && Number.isFinite(plan.to) ? plan.to : end);

  try {
    let s = 0;
    let lastProgress = -1;
    let made = 0;
    while (summary.events < maxEvents) {
      let next: BackgroundStream | undefined;
      for (const b of streams) if (b.next !== Infinity && (!next || b.next < next.next)) next = b;
      const step = steps[s];
      // Steps first on a tie: a scenario's explicit call happens before the noise of that millisecond.
      const t = step && (!next || step.time <= next.next) ? step.time : next ? next.next : Infinity;
      if (t >= stopAt) break;
      // What AWS does meanwhile comes first: the events due by the next call.
      if (calls.serviceEventsDue(t)) {
        await calls.emitServiceEvents(t, advanceTo, maxEvents);
        if (summary.events >= maxEvents) break;
      }
      if (step && t === step.time) {
        const scope = stepScopes[s]!;
        s++;
        if (t >= scope.callsBefore) {
          // Another shard's call; its actor's sessions still move on as they do in the whole run.
          if (step.spec.actor !== undefined) actors.get(step.spec.actor)!.principalAt(t);
          continue;
        }
        const due = pacer.advanceTo(t);
        if (due) await due;
        calls.runStep(step, scope);
      } else {
        const b = next!;
        const call = b.take();
        const scope = scopes.get(b.actor.principal.accountId, call.region);
        if (t >= scope.callsBefore) {
          b.actor.principalAt(t);
          continue;
        }
        const due = pacer.advanceTo(t);
        if (due) await due;
        const planned = b.plan(call, scope.store, t);
        const keep = recordShowsResponse(planned.operation, isReadOnlyEvent(ECS_EVENT_SOURCE, planned.operation));
        calls.perform(b.actor, scope, planned.operation, planned.params, planned.synthesized, keep);
      }
      // Let the deliveries' file operations go on: each step of a file's writing comes back to this
      // thread, which otherwise would not look until the window ends.
      if ((++made & 1023) === 0) {
        await yieldToIo();
        if (o.signal?.aborted) throw new GenerationInterrupted();
        if (o.onProgress) {
          const pct = Math.floor(((clock.now() - start) / (end - start)) * 1000);
          if (pct !== lastProgress) {
            lastProgress = pct;
            o.onProgress({ events: summary.events, now: clock.now(), start, end });
          }
        }
      }
    }
    // What AWS does after the last call, until the run (or the shard's range) ends: a task's ENI deleted, say.
    if (summary.events < maxEvents) await calls.emitServiceEvents(end - 1, advanceTo, maxEvents);
    // Every file is delivered and every digest period that ended is written before the final digest
    // (a run cut short by maxEvents ends with its last event; a time shard at the end of its range).
    await pacer.finish(summary.events >= maxEvents ? clock.now() : last);
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
