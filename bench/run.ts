/**
 * `npm run bench [-- flags]`: the emulator (durable trail on) side by side with the smallest
 * Fastify awsJson1_1 server, same workloads, same load generator; then cold start of the built CLI
 * and memory after N recorded calls. Prints a table and writes bench/results.json.
 *
 *   --duration S      measured seconds per workload and server (8)
 *   --warmup S        unmeasured seconds before each (2)
 *   --connections L   comma list of autocannon connection counts, each measured (50,8,1); the
 *                     targets are at 50, the others are reported beside them
 *   --grow N          calls put through the emulator after the first measurements, before both
 *                     workloads are measured again at 50 connections (1000000; 0 to skip)
 *   --calls N         recorded calls for the memory figure (200000; --full: 1000000)
 *   --memory-seconds S  cap on that loop (45; --full: 600); the result says how many calls ran
 *   --cold-runs N     cold-start rounds (11): baseline, CLI, unbundled server and in-process start each once
 *   --only W          read-heavy | write-heavy | fixed-cost (ListClusters alone: what any call
 *                     costs before its operation does anything; reported, no target)
 *   --after-writes    run read-heavy once more after write-heavy (the stopped tasks it left behind)
 *   --skip LIST       comma list of: load, cold-start, memory, build
 *   --fsync off       run the emulator with --fsync off (records in the journal file, not waited
 *                     onto the disk); the targets are for the default, on, so the table says so
 *   --profile         also profile the emulator (V8 CPU profiler) under each workload;
 *                     bench/<workload>.cpuprofile opens in Chrome DevTools
 *   --out FILE        (bench/results.json)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST_START } from './emulator-code.js';
import { CLI, formatColdStart, measureColdStart, type ColdStartResult } from './cold-start.js';
import { growBy, runLoad, type GrowthResult, type LoadResult } from './load.js';
import { measureMemory, type MemoryResult } from './memory.js';
import { formatHotSpots, summarizeProfile, type HotSpot } from './profile-summary.js';
import { checkTargets, formatMemory, formatTable, formatTargets, ratios, TARGET_CONNECTIONS } from './report.js';
import { spawnServer } from './server-process.js';
import { FIXED_COST, GROWTH, READ_HEAVY, WRITE_HEAVY, setUpFixture, type Workload } from './workloads.js';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50,8,1' },
    grow: { type: 'string', default: '1000000' },
    calls: { type: 'string' },
    'memory-seconds': { type: 'string' },
    full: { type: 'boolean', default: false },
    'cold-runs': { type: 'string', default: '11' },
    only: { type: 'string' },
    'after-writes': { type: 'boolean', default: false },
    skip: { type: 'string', default: '' },
    profile: { type: 'boolean', default: false },
    fsync: { type: 'string', default: 'on' },
    out: { type: 'string', default: 'bench/results.json' },
  },
});
const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got "${v}"`);
  return n;
};
const connectionCounts = flags.connections.split(',').map((c) => num('connections', c));
const load = { duration: num('duration', flags.duration), warmup: num('warmup', flags.warmup), connections: connectionCounts[0] ?? TARGET_CONNECTIONS };
const grow = num('grow', flags.grow);
const calls = num('calls', flags.calls ?? (flags.full ? '1000000' : '200000'));
const memorySeconds = num('memory-seconds', flags['memory-seconds'] ?? (flags.full ? '600' : '45'));
const skip = new Set(flags.skip.split(',').filter(Boolean));
if (flags.fsync !== 'on' && flags.fsync !== 'off') throw new Error(`--fsync must be on or off, got "${flags.fsync}"`);
const fsync = flags.fsync === 'on';
const workloads: Workload[] = flags.only === FIXED_COST.name ? [FIXED_COST] : [READ_HEAVY, WRITE_HEAVY].filter((w) => !flags.only || w.name === flags.only);
if (workloads.length === 0) {
  throw new Error(`--only must be one of ${[READ_HEAVY, WRITE_HEAVY, FIXED_COST].map((w) => w.name).join(', ')}; got "${flags.only}"`);
}
if (flags['after-writes']) workloads.push({ ...READ_HEAVY, name: 'read-heavy-after-writes' });
const log = (s: string) => process.stdout.write(`${s}\n`);

/** dist/ once the build has succeeded (what the CLI runs), else the sources through tsx. */
let from: 'dist' | 'source' = 'source';

async function loadRuns(scratch: string) {
  const loads: LoadResult[] = [];
  const baseline = await spawnServer('baseline');
  const emulator = await spawnServer('emulator', { trailDir: join(scratch, 'trail'), from, fsync });
  const fixture = await setUpFixture(emulator.url);
  if (fixture.setupErrors.length) log(`setup errors (workloads still run):\n  ${fixture.setupErrors.join('\n  ')}`);
  const measure = async (w: Workload, connections: number, stage?: string) => {
    // Baseline and emulator one right after the other, so both see the same machine.
    for (const s of [baseline, emulator]) {
      log(`- ${w.name} on ${s.kind}${stage ? ` ${stage}` : ''}: ${load.warmup} s warm-up + ${load.duration} s at ${connections} connections`);
      loads.push(await runLoad(s.kind, s.url, w, fixture, { ...load, connections, stage, serverCpu: () => s.cpu() }));
    }
  };
  for (const connections of connectionCounts) for (const w of workloads) await measure(w, connections);
  let growth: GrowthResult | undefined;
  if (grow > 0) {
    log(`- ${grow.toLocaleString('en')} calls of both mixes through the emulator (64 connections, unmeasured)`);
    growth = await growBy(emulator.url, GROWTH, fixture, grow, 64);
    log(`  ${growth.calls.toLocaleString('en')} calls in ${growth.seconds} s (${Math.round(growth.calls / growth.seconds)}/s), ${growth.non2xx} not 2xx, ${growth.errors} errors`);
    const stage = `after ${grow >= 1e6 && grow % 1e6 === 0 ? `${grow / 1e6}M` : grow.toLocaleString('en')} calls`;
    for (const w of workloads) await measure(w, TARGET_CONNECTIONS, stage);
  }
  const stats = await emulator.stats();
  const exitCodes = { baseline: await baseline.stop(), emulator: await emulator.stop() };
  return { loads, fixture, growth, emulatorStats: stats, exitCodes };
}

async function profileRun(scratch: string, w: Workload): Promise<{ file: string; totalMs: number; bySelf: HotSpot[]; ours: HotSpot[] }> {
  const emulator = await spawnServer('emulator', { trailDir: join(scratch, `trail-profile-${w.name}`), from, fsync });
  const fixture = await setUpFixture(emulator.url);
  log(`- profiling the emulator under ${w.name}: ${load.warmup} s warm-up, then ${load.duration} s profiled`);
  await runLoad('emulator', emulator.url, w, fixture, { ...load, beforeMeasure: () => emulator.profileStart() });
  const file = join('bench', `${w.name}.cpuprofile`);
  await emulator.profileStop(resolve(file));
  await emulator.stop();
  return { file, ...(await summarizeProfile(file, 20)) };
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'ecs-trail-bench-'));
  const started = Date.now();
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    options: { ...load, connections: connectionCounts, grow, calls, memorySeconds, coldRuns: num('cold-runs', flags['cold-runs']), fsync },
    note: 'Load generator and servers share the machine; numbers carry run-to-run noise (toolchain-notes §2: ±20–30 %).',
  };
  try {
    if (!skip.has('build')) {
      log('- npm run build');
      const b = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (b.status === 0) from = 'dist';
      else log(`  build exited ${b.status}; the emulator runs from the sources (tsx): ${b.stderr.slice(-400)}`);
    } else if (existsSync(DIST_START)) from = 'dist';
    results.emulatorCode = from === 'dist' ? 'dist/ (built JavaScript)' : 'sources through tsx';
    if (!skip.has('load')) {
      const r = await loadRuns(scratch);
      const rs = ratios(r.loads);
      const targets = checkTargets(rs);
      Object.assign(results, { loads: r.loads, ratios: rs, targets, growth: r.growth, setupErrors: r.fixture.setupErrors, emulatorAfterLoad: r.emulatorStats, serverExitCodes: r.exitCodes });
      const caveat = fsync ? '' : '\n(--fsync off: the targets are for the durable trail, --fsync on; these PASS/FAIL are for comparison only)';
      log(`\n${formatTable(r.loads, rs)}\n\n${formatTargets(targets)}${caveat}\n`);
      const answered = r.loads.filter((l) => l.server === 'emulator').reduce((a, l) => a + l.requests, 0);
      log(`emulator trail: ${r.emulatorStats.trail?.recordsWritten} records written (≥ ${answered} measured answers + warm-up + setup), RSS ${(r.emulatorStats.rss / 2 ** 20).toFixed(0)} MB; exit codes ${JSON.stringify(r.exitCodes)}`);
    }
    if (!skip.has('cold-start')) {
      if (existsSync(CLI)) {
        log('- cold start: the built CLI beside the baseline server, spawned the same way');
        const c: ColdStartResult = await measureColdStart(num('cold-runs', flags['cold-runs']));
        results.coldStart = c;
        log(formatColdStart(c));
      } else log(`cold start skipped: ${CLI} is missing (npm run build)`);
    }
    if (!skip.has('memory') && calls > 0) {
      log(`- memory after ${calls} recorded calls`);
      const m: MemoryResult = await measureMemory(calls, memorySeconds, join(scratch, 'trail-memory'), from);
      results.memory = m;
      log(formatMemory(m));
    }
    if (flags.profile) {
      const profiles: Record<string, unknown> = {};
      for (const w of workloads) {
        const p = await profileRun(scratch, w);
        profiles[w.name] = { file: p.file, busyMs: p.totalMs, bySelf: p.bySelf.slice(0, 15), ours: p.ours.slice(0, 15) };
        log(`\nprofile written to ${p.file} (${p.totalMs} ms busy)`);
        log(formatHotSpots('hottest by self time:', p.bySelf.slice(0, 15)));
        log(formatHotSpots('project functions by total time:', p.ours.slice(0, 15)));
      }
      results.profile = profiles;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  await writeFile(flags.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwhole run ${results.seconds} s; results in ${flags.out}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
