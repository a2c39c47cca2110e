import { Agent, request } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { startEmulator } from '../server/start.js';
import { listLogFiles } from '../test/helpers/test-emulator.js';
import { awsHeaders } from './aws-request.js';

/**
 * `npm run soak`: the emulator in this process, held at high concurrency for a bounded time on a mix
 * of reads and writes; RSS sampled every second. At the end the trail is flushed and read back, and
 * every acknowledged call (an answer the emulator says it recorded) must be in it exactly once.
 * Prints a table and writes bench/soak-results.json. Exits 1 if a record is lost or doubled.
 *
 * Memory is expected to grow during the run by design: records wait in memory for their delivery
 * window (5 min by default, longer than the run), RunTask adds tasks ECS keeps, and the event history
 * indexes every event. With --expose-gc (as `npm run soak` runs) the retained heap is measured at
 * the start, the end, and once the window has been delivered, to tell these apart from a leak.
 *
 *   node --import tsx bench/soak.ts [--seconds 60] [--warmup 5] [--connections 64]
 *
 * The first `--warmup` seconds run the same load unmeasured (JIT, pools), so throughput and RSS growth
 * speak of the steady state; their calls are still checked against the trail.
 */
const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
  },
});
const SECONDS = Number(flags.seconds);
const WARMUP = Number(flags.warmup);
const CONNECTIONS = Number(flags.connections);
const RESULTS = fileURLToPath(new URL('./soak-results.json', import.meta.url));

/** Answers that are not attributable API events: the emulator writes no record for them. */
const UNRECORDED = new Set(['UnknownOperationException', 'IncompleteSignatureException', 'InvalidSignatureException', 'UnrecognizedClientException']);
const CLUSTERS = Array.from({ length: 8 }, (_, i) => `soak-${i}`);
const FAMILY = 'soak-app';
const SERVICE = 'soak-service';
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60718'], assignPublicIp: 'DISABLED' } };
const arnOf = (cluster: string) => `arn:aws:ecs:us-east-1:123456789012:cluster/${cluster}`;

interface Worker {
  id: number;
  cluster: string;
  tasks: string[];
  flip: boolean;
}

/** The mix: [weight, operation, input]. Two entries fail on purpose, as real traffic does. */
const MIX: Array<[number, string, (w: Worker) => unknown]> = [
  [4, 'CreateCluster', (w) => ({ clusterName: w.cluster })],
  [12, 'DescribeClusters', (w) => ({ clusters: [w.cluster, 'soak-missing'], include: ['TAGS', 'STATISTICS'] })],
  [8, 'ListClusters', () => ({ maxResults: 10 })],
  [5, 'TagResource', (w) => ({ resourceArn: arnOf(w.cluster), tags: [{ key: `w${w.id % 8}`, value: 'soak' }] })],
  [3, 'UntagResource', (w) => ({ resourceArn: arnOf(w.cluster), tagKeys: [`w${w.id % 8}`] })],
  [4, 'ListTagsForResource', (w) => ({ resourceArn: arnOf(w.cluster) })],
  [10, 'RunTask', (w) => ({ cluster: w.cluster, taskDefinition: FAMILY, launchType: 'FARGATE', networkConfiguration: NETWORK, startedBy: `soak-${w.id}` })],
  [8, 'StopTask', (w) => ({ cluster: w.cluster, task: w.tasks.shift(), reason: 'soak' })],
  [12, 'DescribeTasks', (w) => ({ cluster: w.cluster, tasks: w.tasks.slice(0, 5).concat('0123456789abcdef0123456789abcdef') })],
  [10, 'ListTasks', (w) => ({ cluster: w.cluster, maxResults: 50 })],
  [4, 'DescribeServices', () => ({ cluster: CLUSTERS[0], services: [SERVICE] })],
  [3, 'ListServices', () => ({ cluster: CLUSTERS[0] })],
  [2, 'UpdateService', (w) => ({ cluster: CLUSTERS[0], service: SERVICE, desiredCount: (w.flip = !w.flip) ? 1 : 2 })],
  [5, 'DescribeTaskDefinition', () => ({ taskDefinition: FAMILY })],
  [3, 'ListTaskDefinitions', () => ({ familyPrefix: FAMILY })],
  [2, 'DescribeClusters', () => ({ clusters: Array(101).fill('x') })], // InvalidParameterException
  [2, 'ListTasks', () => ({ cluster: 'soak-missing' })], // ClusterNotFoundException
];
const TOTAL_WEIGHT = MIX.reduce((s, [w]) => s + w, 0);

interface Answer {
  status: number;
  requestId: string | undefined;
  code: string | undefined;
  body: Record<string, any>;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function call(url: URL, operation: string, input: unknown): Promise<Answer> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: 'POST', path: '/', agent, headers: { ...awsHeaders(operation), 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: Record<string, any> = {};
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
          } catch {
            json = { __type: 'NotJson' };
          }
          const status = res.statusCode ?? 0;
          const code = status >= 300 ? String(json.__type ?? `HTTP${status}`).split('#').pop() : undefined;
          resolve({ status, requestId: res.headers['x-amzn-requestid'] as string | undefined, code, body: json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Request ids of acknowledged calls, packed 16 bytes each so the driver's own memory stays small. */
class IdSet {
  #buf = Buffer.alloc(16 * 65_536);
  size = 0;
  add(uuid: string): void {
    if ((this.size + 1) * 16 > this.#buf.length) {
      const bigger = Buffer.alloc(this.#buf.length * 2);
      this.#buf.copy(bigger);
      this.#buf = bigger;
    }
    this.#buf.write(uuid.replace(/-/g, ''), this.size * 16, 'hex');
    this.size++;
  }
  *hex(): Generator<string> {
    for (let i = 0; i < this.size; i++) yield this.#buf.toString('hex', i * 16, i * 16 + 16);
  }
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
/** Heap still in use after a full collection (with --expose-gc; otherwise as it stands). */
const retainedHeap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

async function main(): Promise<void> {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-soak-'));
  const emulator = await startEmulator({ port: 0, logLevel: 'silent', trailDir });
  const url = new URL(emulator.url);
  const acked = new IdSet();
  const byCode: Record<string, number> = {};
  const byOperation: Record<string, number> = {};
  let answers = 0;
  let transportErrors = 0;
  const byOperationAndCode: Record<string, number> = {};
  const note = (a: Answer, op: string) => {
    answers++;
    if (a.code) {
      byCode[a.code] = (byCode[a.code] ?? 0) + 1;
      byOperationAndCode[`${op} ${a.code}`] = (byOperationAndCode[`${op} ${a.code}`] ?? 0) + 1;
    }
    if (a.requestId && a.status < 500 && !(a.code && UNRECORDED.has(a.code))) acked.add(a.requestId);
  };
  try {
    // Setup, through the same path (its calls are acknowledged and recorded too).
    const setup: Array<[string, unknown]> = [
      ...CLUSTERS.map((c): [string, unknown] => ['CreateCluster', { clusterName: c }]),
      ['RegisterTaskDefinition', {
        family: FAMILY, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
        containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', essential: true }],
      }],
      ['CreateService', { cluster: CLUSTERS[0], serviceName: SERVICE, taskDefinition: FAMILY, desiredCount: 1, launchType: 'FARGATE', networkConfiguration: NETWORK }],
    ];
    for (const [op, input] of setup) {
      const a = await call(url, op, input);
      note(a, op);
      if (a.status !== 200) throw new Error(`setup ${op} failed: ${a.code} ${a.body.message ?? ''}`);
    }

    const samples: number[] = [];
    let rssStart = 0;
    let answersAtStart = 0;
    let started = 0;
    let sampler: NodeJS.Timeout | undefined;
    let heapStart = 0;
    const measure = () => {
      heapStart = retainedHeap();
      rssStart = process.memoryUsage.rss();
      answersAtStart = answers;
      started = performance.now();
      samples.push(rssStart);
      sampler = setInterval(() => samples.push(process.memoryUsage.rss()), 1000);
    };
    const warmupTimer = setTimeout(measure, WARMUP * 1000);
    const deadline = performance.now() + (WARMUP + SECONDS) * 1000;
    const worker = async (w: Worker) => {
      while (performance.now() < deadline) {
        let r = Math.random() * TOTAL_WEIGHT;
        let pick = MIX[0]!;
        for (const m of MIX) if ((r -= m[0]) < 0) { pick = m; break; }
        // StopTask stops a task this worker started; with none yet, it starts one instead.
        if (pick[1] === 'StopTask' && w.tasks.length === 0) pick = MIX.find((m) => m[1] === 'RunTask')!;
        const [, op, input] = pick;
        byOperation[op] = (byOperation[op] ?? 0) + 1;
        try {
          const a = await call(url, op, input(w));
          note(a, op);
          if (op === 'RunTask' && a.status === 200) {
            const arn = a.body.tasks?.[0]?.taskArn as string | undefined;
            if (arn) w.tasks.push(arn);
            if (w.tasks.length > 20) w.tasks.shift();
          }
        } catch {
          transportErrors++;
        }
      }
    };
    await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, id) => worker({ id, cluster: CLUSTERS[id % CLUSTERS.length]!, tasks: [], flip: false })),
    );
    const elapsed = (performance.now() - started) / 1000;
    clearTimeout(warmupTimer);
    clearInterval(sampler);
    const rssEnd = process.memoryUsage.rss();
    samples.push(rssEnd);
    const heapEnd = retainedHeap();

    // Read the trail back: every acknowledged id exactly once.
    await emulator.flush();
    // Delivered records leave the writer's memory; what stays is ECS state and the event-history index.
    const heapAfterDelivery = retainedHeap();
    const memoryAfterDelivery = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)]));
    const seen = new Map<string, number>();
    let records = 0;
    for (const rel of await listLogFiles(trailDir)) {
      const doc = JSON.parse(gunzipSync(await readFile(join(trailDir, rel))).toString('utf8')) as { Records: Array<{ requestID?: string }> };
      for (const r of doc.Records) {
        records++;
        const id = (r.requestID ?? '').replace(/-/g, '');
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
    }
    let lost = 0;
    let doubled = 0;
    for (const id of acked.hex()) {
      const n = seen.get(id) ?? 0;
      if (n === 0) lost++;
      else if (n > 1) doubled++;
    }
    const peak = Math.max(...samples);
    const calls = answers - answersAtStart;
    const result = {
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      connections: CONNECTIONS,
      elapsedSeconds: Math.round(elapsed * 10) / 10,
      calls,
      throughputPerSecond: Math.round(calls / elapsed),
      allCallsIncludingSetupAndWarmup: answers,
      errorAnswers: Object.values(byCode).reduce((s, n) => s + n, 0),
      errorsByCode: byCode,
      errorsByOperationAndCode: byOperationAndCode,
      transportErrors,
      acknowledged: acked.size,
      trailRecords: records,
      lostRecords: lost,
      doubledRecords: doubled,
      rssMb: { start: mb(rssStart), peak: mb(peak), end: mb(rssEnd) },
      /** One RSS sample every 10 s of the measured run, to see whether it levels off. */
      rssEvery10sMb: samples.filter((_, i) => i % 10 === 0).map(mb),
      rssGrowthMbPer100kCalls: Math.round(((rssEnd - rssStart) / calls) * 100_000 / 1048576 * 100) / 100,
      heapRetainedMb: {
        gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
        start: mb(heapStart),
        end: mb(heapEnd),
        afterDelivery: mb(heapAfterDelivery),
        processMemoryAfterDeliveryMb: memoryAfterDelivery,
        growthPer100kCallsAfterDelivery: Math.round(((heapAfterDelivery - heapStart) / calls) * 100_000 / 1048576 * 100) / 100,
      },
      callsByOperation: byOperation,
      node: process.version,
    };
    console.table({
      throughput: { value: `${result.throughputPerSecond} calls/s (${calls} calls in ${result.elapsedSeconds} s, ${CONNECTIONS} connections)` },
 errors: { value: `${result.errorAnswers} non-2xx of ${answers} answers: ${Object.entries(byCode).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}; transport ${transportErrors}` },
      trail: { value: `${acked.size} acknowledged, ${records} records, lost ${lost}, doubled ${doubled}` },
      rss: { value: `after warm-up ${result.rssMb.start} MB, peak ${result.rssMb.peak} MB, end ${result.rssMb.end} MB` },
      growth: {
        value:
          `RSS ${result.rssGrowthMbPer100kCalls} MB per 100k calls; retained heap ${result.heapRetainedMb.start} → ${result.heapRetainedMb.end} MB, ` +
          `${result.heapRetainedMb.afterDelivery} MB once the window is delivered (${result.heapRetainedMb.growthPer100kCallsAfterDelivery} MB per 100k calls)`,
      },
    });
    console.log(JSON.stringify(result, null, 2));
    await writeFile(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    if (lost > 0 || doubled > 0) process.exitCode = 1;
  } finally {
    await emulator.close();
    agent.destroy();
    await rm(trailDir, { recursive: true, force: true });
  }
}

await main();
