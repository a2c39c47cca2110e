/**
 * Resident memory after N recorded calls. Run alone in a child (`memory.ts <N> <trailDir>`, with
 * --expose-gc) so nothing else lives in its heap. The calls go through the whole app in-process
 * (app.inject: routing, pipeline, durable trail record), 64 at a time, on a mix that keeps the ECS
 * state the same size, so growth means something the calls leave behind (pending records, caches).
 * A time cap keeps the whole bench inside its budget on a busy machine; the result says how many
 * calls were made.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { awsHeaders } from './aws-request.js';
import { loadStartEmulator } from './emulator-code.js';

export interface MemoryResult {
  /** Calls made: N, or fewer if the time cap ended the loop first. */
  calls: number;
  requested: number;
  seconds: number;
  callsPerSecond: number;
  /** Bytes, after start and 2,000 warm-up calls, after a GC. */
  rssBefore: number;
  /** Bytes, after the N calls and a GC. */
  rssAfter: number;
  rssPeak: number;
  heapUsedAfter: number;
  non200: number;
  trail: { recordsWritten: number; filesDelivered: number; pending: number };
}

const MIX = [
  ['DescribeClusters', { clusters: ['mem-cluster'] }],
  ['TagResource', { resourceArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/mem-cluster', tags: [{ key: 'k', value: 'v' }] }],
  ['ListClusters', {}],
  ['UntagResource', { resourceArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/mem-cluster', tagKeys: ['k'] }],
] as const;
const PREPARED = MIX.map(([op, input]) => ({ headers: awsHeaders(op), payload: JSON.stringify(input) }));

async function child(n: number, maxSeconds: number, trailDir: string, from: 'dist' | 'source'): Promise<MemoryResult> {
  const startEmulator = await loadStartEmulator(from);
  const running = await startEmulator({ port: 0, logLevel: 'silent', trailDir });
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  let non200 = 0;
  let peak = 0;
  const drive = async (count: number, deadline = Infinity) => {
    let next = 0;
    const worker = async () => {
      while (next < count && ((next & 1023) !== 0 || performance.now() < deadline)) {
        const p = PREPARED[next++ % PREPARED.length]!;
        const res = await running.app.inject({ method: 'POST', url: '/', headers: p.headers, payload: p.payload });
        if (res.statusCode !== 200) non200++;
        if ((next & 4095) === 0) peak = Math.max(peak, process.memoryUsage.rss());
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    return next;
  };
  await running.app.inject({ method: 'POST', url: '/', headers: awsHeaders('CreateCluster'), payload: '{"clusterName":"mem-cluster"}' });
  await drive(2000);
  gc();
  const rssBefore = process.memoryUsage.rss();
  const t0 = process.hrtime.bigint();
  const done = await drive(n, performance.now() + maxSeconds * 1000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  gc();
  const mem = process.memoryUsage();
  const trail = running.trail.stats;
  await running.close();
  return {
    calls: done,
    requested: n,
    seconds: Math.round(seconds * 10) / 10,
    callsPerSecond: Math.round(done / seconds),
    rssBefore,
    rssAfter: mem.rss,
    rssPeak: Math.max(peak, mem.rss),
    heapUsedAfter: mem.heapUsed,
    non200,
    trail,
  };
}

/** Run the measurement in a fresh child process. */
export function measureMemory(n: number, maxSeconds: number, trailDir: string, from: 'dist' | 'source'): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), [String(n), String(maxSeconds), trailDir, from], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let result: MemoryResult | undefined;
    c.once('message', (m: MemoryResult) => (result = m));
    c.once('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`memory run exited with ${code}`))));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const [n, maxSeconds, trailDir, from] = process.argv.slice(2);
  child(Number(n), Number(maxSeconds), trailDir!, from === 'source' ? 'source' : 'dist').then(
    (r) => process.send!(r, () => process.exit(0)),
    (err: unknown) => {
      process.stderr.write(`memory run: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
