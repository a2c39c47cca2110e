/**
 * Cold start (issue 16), measured side by side, interleaved, as medians:
 * - the built CLI (`dist/server/bin/ecs-trail.js start`, the esbuild bundle) spawned as a user runs it,
 *   from spawn to the first answered ListClusters;
 * - the bench's baseline server (baseline-server.ts: plain Node + Fastify, nothing else) spawned the
 *   same way, a plain Node program importing fastify from node_modules;
 * - the same server unbundled (tsc's dist/server/start.js), to show what the bundle is worth;
 * - `startEmulator()` in a fresh process, from the call to listening, with the module already loaded.
 * Wall-clock figures move with the machine's load; the CPU time each process used until its first
 * answer (all its threads, from /proc) moves much less, and is reported beside them.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { awsHeaders } from './aws-request.js';

export const CLI = 'dist/server/bin/ecs-trail.js';
/** What `import … from 'ecs-trail'` loads (the bundle). */
export const PACKAGE_ENTRY = 'dist/server/public-api.js';
/** tsc's output, one file per module: the server as it was loaded before the bundle. */
export const UNBUNDLED_START = 'dist/server/start.js';

/** Issue 16's targets. */
export const GOALS = { cliMedianMs: 300, ratioToBaseline: 1.3, inProcessMedianMs: 100 } as const;

/** Generated helper programs (plain ES modules, run without tsx); under node_modules so `fastify` resolves. */
const CACHE = resolve('node_modules/.cache/ecs-trail-bench');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface Series {
  /** ms from spawn to the first answered ListClusters, per run, in the order they ran. */
  runs: number[];
  median: number;
  /** CPU ms the process had used by then (all threads), per run; empty where /proc is missing. */
  cpuRuns: number[];
  cpuMedian: number | undefined;
  exitCodes: (number | null)[];
}

export interface Target {
  name: string;
  value: number;
  goal: number;
  unit: 'ms' | '×';
  pass: boolean;
}

export interface ColdStartResult {
  runs: number;
  emulator: Series;
  baseline: Series;
  unbundled: Series;
  /** emulator median ÷ baseline median */
  ratio: number;
  /** startEmulator() → listening, ms, in a fresh process, after the module is loaded. */
  inProcess: { runs: number[]; median: number; firstCallRuns: number[]; firstCallMedian: number };
  targets: Target[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/** One ListClusters over a fresh connection: its status, or 0 if nothing answered. */
function listClusters(port: number): Promise<number> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: false, headers: awsHeaders('ListClusters') }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', () => done(0));
    req.end('{}');
  });
}

/** CPU time of a process so far, all threads (Linux). */
function cpuMsOf(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return undefined;
  }
}

interface Program {
  name: keyof Pick<ColdStartResult, 'emulator' | 'baseline' | 'unbundled'>;
  args(port: number, trailDir: string): string[];
}

async function spawnOnce(p: Program): Promise<{ ms: number; cpuMs: number | undefined; exitCode: number | null }> {
  const port = await freePort();
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-bench-cold-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, p.args(port, trailDir), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ms = NaN;
  let cpuMs: number | undefined;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${p.name} exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - t0 > 20_000) throw new Error(`${p.name}: no answer within 20 s: ${stderr}`);
      const status = await listClusters(port);
      if (status === 200) {
        ms = performance.now() - t0;
        cpuMs = cpuMsOf(child.pid!);
        break;
      }
      if (status !== 0) throw new Error(`${p.name} answered ${status}: ${stderr}`);
      await sleep(2);
    }
  } finally {
    child.kill('SIGTERM');
  }
  const exitCode = await exited;
  await rm(trailDir, { recursive: true, force: true });
  return { ms: Math.round(ms), cpuMs: cpuMs === undefined ? undefined : Math.round(cpuMs), exitCode };
}

/** The helper programs: the baseline as plain JavaScript, the unbundled server, the in-process probe. */
async function writePrograms(): Promise<{ baseline: string; unbundled: string; inProcess: string }> {
  await mkdir(CACHE, { recursive: true });
  const baseline = join(CACHE, 'baseline-server.mjs');
  // Compiled, not bundled: it imports fastify from node_modules as any plain Fastify app does.
  await build({
    stdin: {
      contents: "import { startBaseline } from './bench/baseline-server.ts';\nawait startBaseline('127.0.0.1', Number(process.argv[2]));\n",
      resolveDir: process.cwd(),
      sourcefile: 'baseline-main.ts',
      loader: 'ts',
    },
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: baseline,
    logLevel: 'warning',
  });
  const unbundled = join(CACHE, 'unbundled-start.mjs');
  await writeFile(
    unbundled,
    `import { startEmulator } from ${JSON.stringify(pathToFileURL(resolve(UNBUNDLED_START)).href)};\n` +
      "await startEmulator({ port: Number(process.argv[2]), trailDir: process.argv[3] });\n",
  );
  const inProcess = join(CACHE, 'in-process-start.mjs');
  await writeFile(
    inProcess,
    `import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
const { startEmulator } = await import(process.argv[2]);
const t0 = performance.now();
const running = await startEmulator({ port: 0, trailDir: process.argv[3], logLevel: 'silent' });
const listening = performance.now() - t0;
const t1 = performance.now();
await new Promise((done, fail) => {
  const req = request(running.url + '/', { method: 'POST', headers: JSON.parse(process.argv[4]) }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? done() : fail(new Error('status ' + res.statusCode))));
  });
  req.on('error', fail);
  req.end('{}');
});
const firstCall = performance.now() - t1;
await running.close();
process.stdout.write(JSON.stringify({ listening, firstCall }));
`,
  );
  return { baseline, unbundled, inProcess };
}

async function inProcessOnce(probe: string): Promise<{ listening: number; firstCall: number }> {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-bench-start-'));
  try {
    const child = spawn(process.execPath, [probe, pathToFileURL(resolve(PACKAGE_ENTRY)).href, trailDir, JSON.stringify(awsHeaders('ListClusters'))], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`in-process start exited ${code}: ${err}`);
    return JSON.parse(out) as { listening: number; firstCall: number };
  } finally {
    await rm(trailDir, { recursive: true, force: true });
  }
}

/** `runs` rounds; each round starts the three programs once, in turn, then the in-process probe. */
export async function measureColdStart(runs: number): Promise<ColdStartResult> {
  const programs = await writePrograms();
  const kinds: Program[] = [
    { name: 'baseline', args: (port) => [programs.baseline, String(port)] },
    { name: 'emulator', args: (port, dir) => [CLI, 'start', '--port', String(port), '--trail-dir', dir] },
    { name: 'unbundled', args: (port, dir) => [programs.unbundled, String(port), dir] },
  ];
  const raw = new Map<Program['name'], Awaited<ReturnType<typeof spawnOnce>>[]>(kinds.map((k) => [k.name, []]));
  const inProcess: { listening: number; firstCall: number }[] = [];
  for (let i = 0; i < runs; i++) {
    for (const k of kinds) raw.get(k.name)!.push(await spawnOnce(k));
    inProcess.push(await inProcessOnce(programs.inProcess));
  }
  const series = (name: Program['name']): Series => {
    const r = raw.get(name)!;
    const cpuRuns = r.flatMap((x) => (x.cpuMs === undefined ? [] : [x.cpuMs]));
    return {
      runs: r.map((x) => x.ms),
      median: median(r.map((x) => x.ms)),
      cpuRuns,
      cpuMedian: cpuRuns.length ? median(cpuRuns) : undefined,
      exitCodes: r.map((x) => x.exitCode),
    };
  };
  const emulator = series('emulator');
  const baseline = series('baseline');
  const ratio = Math.round((emulator.median / baseline.median) * 100) / 100;
  const listening = inProcess.map((x) => Math.round(x.listening * 10) / 10);
  const firstCall = inProcess.map((x) => Math.round(x.firstCall * 10) / 10);
  const inProcessMedian = median(listening);
  return {
    runs,
    emulator,
    baseline,
    unbundled: series('unbundled'),
    ratio,
    inProcess: { runs: listening, median: inProcessMedian, firstCallRuns: firstCall, firstCallMedian: median(firstCall) },
    targets: [
      { name: 'CLI spawn → first answered call, median', value: emulator.median, goal: GOALS.cliMedianMs, unit: 'ms', pass: emulator.median < GOALS.cliMedianMs },
      { name: 'CLI ÷ baseline server spawned the same way', value: ratio, goal: GOALS.ratioToBaseline, unit: '×', pass: ratio <= GOALS.ratioToBaseline },
      { name: 'startEmulator() → listening, module loaded, median', value: inProcessMedian, goal: GOALS.inProcessMedianMs, unit: 'ms', pass: inProcessMedian < GOALS.inProcessMedianMs },
    ],
  };
}

export function formatColdStart(c: ColdStartResult): string {
  const row = (label: string, s: Series) =>
    `  ${label.padEnd(58)} ${String(s.median).padStart(5)} ms` +
    `${s.cpuMedian === undefined ? '' : `  (CPU ${s.cpuMedian} ms)`}   runs ${s.runs.join(', ')}`;
  const lines = [
    `cold start, spawn → first answered ListClusters (median of ${c.runs}, interleaved; CPU = the process's CPU time until then, all threads):`,
    row('baseline: bench/baseline-server.ts, plain Node + Fastify', c.baseline),
    row(`emulator: ${CLI} start (bundled)`, c.emulator),
    row(`emulator unbundled: tsc's ${UNBUNDLED_START}`, c.unbundled),
    `  exit codes after SIGTERM (emulator): ${c.emulator.exitCodes.join(', ')}`,
    `startEmulator() in a fresh process, module loaded → listening: median ${c.inProcess.median} ms (runs ${c.inProcess.runs.join(', ')}); ` +
      `its first call then: median ${c.inProcess.firstCallMedian} ms`,
    'targets:',
    ...c.targets.map((t) => `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value}${t.unit === 'ms' ? ' ms' : '×'} (goal ${t.unit === 'ms' ? '<' : '≤'} ${t.goal}${t.unit === 'ms' ? ' ms' : '×'})`),
  ];
  return lines.join('\n');
}
