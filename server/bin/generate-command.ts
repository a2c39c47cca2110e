import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadScenario, ScenarioError } from '../generator/scenario.js';
import { runGenerator, DEFAULT_START, GenerationInterrupted, type GenerateProgress, type GenerateSummary } from '../generator/run-generator.js';
import { formatDuration, parseDuration, parseInstant } from '../generator/durations.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { onOff } from '../config.js';

export const GENERATE_HELP = `ecs-trail generate: write CloudTrail fixture logs for ECS from a scenario, deterministic from a seed

Usage:
  ecs-trail generate <scenario.yaml> --out <folder> --seed <n> [options]

The scenario (YAML; schema: server/generator/scenario.schema.json, examples in examples/scenarios/)
declares actors, explicit ECS calls and background activity. The same scenario and seed always give
byte-identical output; the folder is laid out as the server writes it (5-minute log files, hourly
signed digests that "ecs-trail verify" checks).

Options:
  --out <folder>          the trail folder to write (new or empty)                     (required)
  --seed <n>              any string or number; everything random derives from it      (required)
  --start <ISO>           start of the run (default: the scenario's start, else ${DEFAULT_START})
  --end <ISO>             end of the run
  --duration <d>          length of the run instead of --end, e.g. 7d, 36h, 90m
  --account-id <id>       account of actors that name none (instead of the scenario's accountId)
  --region <region>       region of actors and steps that name none (instead of the scenario's regions)
  --identities <file>     identities file (as for start); actors may name an accessKeyId from it
  --trail-prefix <p>      S3 key prefix inside the folder
  --source-ip <ip>        sourceIPAddress of actors that give none
  --no-tls-details        leave tlsDetails out of records
  --service-events <on|off>  the events AWS adds for ECS's work: task role AssumeRole, task ENIs,
                          load balancer targets (default: the scenario's serviceEvents, else on)
  --manifest <file>       write the summary, with the flagged events' ids, as JSON
  --max-events <n>        stop after n events
  --quiet                 no progress bar and no summary
`;

export interface GenerateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

const OPTIONS = {
  out: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  duration: { type: 'string' },
  'account-id': { type: 'string' },
  region: { type: 'string' },
  identities: { type: 'string' },
  'trail-prefix': { type: 'string' },
  'source-ip': { type: 'string' },
  'no-tls-details': { type: 'boolean' },
  'service-events': { type: 'string' },
  manifest: { type: 'string' },
  'max-events': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

export async function runGenerate(args: string[], io: GenerateIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr.write(`ecs-trail generate: ${(err as Error).message}. Try ecs-trail generate --help\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(GENERATE_HELP);
    return 0;
  }
  let opts;
  try {
    opts = checkArgs(parsed.positionals, v);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`ecs-trail generate: ${err.message}. Try ecs-trail generate --help\n`);
    return 2;
  }
  const bar = !v.quiet && io.stderr.isTTY ? progressBar(io.stderr) : undefined;
  // Ctrl-C (or a container's SIGTERM) stops the run cleanly: no half-written trail is left behind.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let summary: GenerateSummary;
  try {
    const scenario = loadScenario(opts.scenarioPath);
    summary = await runGenerator({ ...opts, scenario, onProgress: bar, signal: interrupt.signal });
  } catch (err) {
    if (bar) io.stderr.write('\n');
    if (err instanceof GenerationInterrupted) {
      io.stderr.write(`ecs-trail generate: interrupted; what it had written in ${opts.outDir} is removed\n`);
      return 130;
    }
    if (err instanceof ScenarioError) {
      io.stderr.write(`ecs-trail generate: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`ecs-trail generate: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (bar) io.stderr.write('\n');
  if (opts.manifest) await writeFile(opts.manifest, `${JSON.stringify(manifestOf(summary, opts.outDir), null, 2)}\n`);
  if (!v.quiet) io.stdout.write(formatSummary(summary, opts.outDir));
  return 0;
}

function checkArgs(positionals: string[], v: Record<string, string | boolean | undefined>) {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one scenario file' : 'give the scenario file');
  const str = (k: string) => v[k] as string | undefined;
  if (!str('out')) throw new UsageError('--out <folder> is required');
  if (str('seed') === undefined || str('seed') === '') throw new UsageError('--seed <n> is required (the same seed gives the same output)');
  const instant = (k: string) => {
    const s = str(k);
    if (s === undefined) return undefined;
    const ms = parseInstant(s);
    if (ms === undefined) throw new UsageError(`--${k} must be an ISO-8601 time with a zone, e.g. 2025-03-03T08:00:00Z`);
    return ms;
  };
  if (str('end') !== undefined && str('duration') !== undefined) throw new UsageError('give --end or --duration, not both');
  const durationMs = str('duration') === undefined ? undefined : parseDuration(str('duration')!);
  if (str('duration') !== undefined && !durationMs) throw new UsageError('--duration must look like 7d, 36h, 90m or 1d12h');
  const maxEvents = str('max-events') === undefined ? undefined : Number(str('max-events'));
  if (maxEvents !== undefined && !(Number.isInteger(maxEvents) && maxEvents > 0)) throw new UsageError('--max-events must be a positive whole number');
  if (str('account-id') !== undefined && !/^\d{12}$/.test(str('account-id')!)) throw new UsageError('--account-id must be 12 digits');
  let serviceEvents: boolean | undefined;
  try {
    serviceEvents = onOff('service-events', str('service-events'));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return {
    scenarioPath: positionals[0]!,
    outDir: str('out')!,
    seed: str('seed')!,
    start: instant('start'),
    end: instant('end'),
    durationMs,
    accountId: str('account-id'),
    region: str('region'),
    identitiesFile: str('identities'),
    trailPrefix: str('trail-prefix'),
    sourceIp: str('source-ip'),
    tlsDetails: v['no-tls-details'] ? false : undefined,
    serviceEvents,
    manifest: str('manifest'),
    maxEvents,
  };
}

/** A one-line bar on stderr, redrawn in place; simulated time is the measure of progress. */
function progressBar(stderr: GenerateIo['stderr']): (p: GenerateProgress) => void {
  return (p) => {
    const fraction = Math.min(1, Math.max(0, (p.now - p.start) / (p.end - p.start)));
    const width = Math.max(10, Math.min(40, (stderr.columns ?? 80) - 60));
    const filled = Math.round(fraction * width);
    const at = new Date(p.now).toISOString().slice(0, 16).replace('T', ' ');
    stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${p.events.toLocaleString('en-US')} events  ${at}Z `);
  };
}

export function formatSummary(s: GenerateSummary, outDir: string): string {
  const iso = (ms: number | undefined) => (ms === undefined ? '-' : isoSeconds(ms));
  const lines = [
    `Generated ${s.events.toLocaleString('en-US')} events${s.name ? ` for "${s.name}"` : ''} (seed ${s.seed}) into ${outDir}`,
    `  span      ${iso(s.start)} to ${iso(s.end)} (${formatDuration(s.end - s.start)}); events ${iso(s.firstEventTime)} to ${iso(s.lastEventTime)}`,
    `  files     ${s.logFiles} log files, ${s.digestFiles} digest files`,
    `  actors    ${Object.entries(s.byActor).map(([a, n]) => `${a} ${n}`).join(', ') || '-'}`,
    `  errors    ${Object.entries(s.byError).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`,
    '  operations',
    ...Object.entries(s.byOperation)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([op, n]) => `    ${op.padEnd(30)} ${String(n).padStart(9)}`),
  ];
  if (s.flagged.length > 0) {
    lines.push('  events a detection rule should flag');
    for (const f of s.flagged) {
      lines.push(`    ${f.eventTime} ${f.region} ${f.eventName} by ${f.actor} (eventID ${f.eventId}${f.errorCode ? `, ${f.errorCode}` : ''}): ${f.flag}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function manifestOf(s: GenerateSummary, outDir: string) {
  return { ...s, outDir, start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(),
    firstEventTime: s.firstEventTime === undefined ? null : new Date(s.firstEventTime).toISOString(),
    lastEventTime: s.lastEventTime === undefined ? null : new Date(s.lastEventTime).toISOString() };
}
