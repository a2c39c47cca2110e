import autocannon from 'autocannon';
import type { ServerCpu } from './serve.js';
import type { Fixture, Tally, Workload } from './workloads.js';

export interface LoadOptions {
  connections: number;
  /** Measured seconds. */
  duration: number;
  /** Seconds of the same load before measuring, thrown away (JIT, pools, caches). */
  warmup: number;
  /** Called between the warm-up and the measured run (to start a profiler). */
  beforeMeasure?: () => Promise<void>;
  /** What the server had been through before this run (e.g. "after 1,000,000 calls"); "fresh" by default. */
  stage?: string;
  /** The server's CPU time so far (µs): read before and after the measured run. */
  serverCpu?: () => Promise<ServerCpu>;
}

export interface LoadResult {
  workload: string;
  server: string;
  stage: string;
  requests: number;
  rps: number;
  /** Over every answer, in ms, from autocannon's per-response timings (its own histogram keeps 2xx only, in whole ms). */
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /**
   * CPU time per answer, in µs, of the server process (every thread: main, fsync/gzip pool, GC) and of
   * the load generator (this process): unlike req/s, it barely depends on what else the machine runs.
   */
  serverCpuUs?: number;
  /** The server's main thread alone (Linux), in µs per answer: the event loop is what saturates first. */
  mainCpuUs?: number;
  clientCpuUs: number;
  connections: number;
  byOperation: Tally;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function drive(url: string, requests: autocannon.Request[], o: { connections: number; duration: number }, onLatency?: (ms: number) => void) {
  return await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: o.connections, duration: o.duration, requests, timeout: 10 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    if (onLatency) instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms));
  });
}

export async function runLoad(server: string, url: string, workload: Workload, fixture: Fixture, o: LoadOptions): Promise<LoadResult> {
  if (o.warmup > 0) await drive(url, workload.requests(fixture, {}), { connections: o.connections, duration: o.warmup });
  await o.beforeMeasure?.();
  const tally: Tally = {};
  const serverBefore = await o.serverCpu?.();
  const clientBefore = process.cpuUsage();
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const result = await drive(url, workload.requests(fixture, tally), o, (ms) => {
    if (n === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[n++] = ms;
  });
  const client = process.cpuUsage(clientBefore);
  const serverAfter = serverBefore && (await o.serverCpu?.());
  const perAnswer = (us: number) => Math.round(us / Math.max(1, n));
  const sorted = latencies.subarray(0, n).sort();
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    workload: workload.name,
    server,
    stage: o.stage ?? 'fresh',
    requests: n,
    rps: Math.round(n / result.duration),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[n - 1] ?? NaN),
    non2xx: result.non2xx,
    errors: result.errors,
    ...(serverBefore && serverAfter ? { serverCpuUs: perAnswer(serverAfter.process - serverBefore.process) } : {}),
    ...(serverBefore?.mainThread !== undefined && serverAfter?.mainThread !== undefined
      ? { mainCpuUs: perAnswer(serverAfter.mainThread - serverBefore.mainThread) }
      : {}),
    clientCpuUs: perAnswer(client.user + client.system),
    connections: o.connections,
    byOperation: tally,
  };
}

export interface GrowthResult {
  calls: number;
  seconds: number;
  non2xx: number;
  errors: number;
}

/**
 * `amount` calls of `workload` as fast as the server answers them, unmeasured: what a long-running
 * emulator has been through (state, event history, journal) before it is measured again.
 */
export async function growBy(url: string, workload: Workload, fixture: Fixture, amount: number, connections: number): Promise<GrowthResult> {
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, connections, amount, requests: workload.requests(fixture, {}), timeout: 30 }, (err, r) => (err ? reject(err) : resolve(r)));
  });
  return {
    calls: result.requests.total,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
