/**
 * `node --import tsx bench/instructions.ts [--calls N] [--connections C] [--only W]`: instructions per
 * answered call, counted by valgrind (cachegrind, no cache simulation), for the emulator (built,
 * durable trail) and the baseline server on the bench's workloads. Unlike req/s or CPU time, the
 * count barely moves with what else the machine runs, so it tells whether a change made a call
 * cheaper on a machine shared with others.
 *
 * Each (server, workload) runs twice in a child under valgrind: server and a small raw-socket client
 * in one process, the fixture, a warm-up, then N calls (or 2N); the difference of the two counts
 * divided by N is what N calls cost, start-up, warm-up and shutdown cancelling out. Counts are of
 * user-space instructions in every thread (the fsync and gzip pool included), not of the kernel's.
 * The client's share is the same for both servers (it sends the same bytes and reads the answers).
 * Needs valgrind (apt-get install valgrind); a run takes a few minutes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import { startBaseline } from './baseline-server.js';
import { loadStartEmulator } from './emulator-code.js';
import { READ_HEAVY, WRITE_HEAVY, setUpFixture, type Fixture, type Workload } from './workloads.js';

const SELF = fileURLToPath(import.meta.url);
const WARM_UP = 3000;

/** One keep-alive connection sending a workload's requests in turn, each after the last answer. */
async function driveConnection(port: number, requests: autocannon.Request[], calls: () => boolean): Promise<void> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const ctx: Record<string, unknown> = {};
  let pending: Buffer = Buffer.alloc(0);
  let answered: (() => void) | undefined;
  let status = 0;
  let body = '';
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = pending.toString('latin1', 0, end);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (pending.length < end + 4 + length) return;
    status = Number(head.slice(9, 12));
    body = pending.toString('utf8', end + 4, end + 4 + length);
    pending = pending.subarray(end + 4 + length);
    answered?.();
  });
  for (let i = 0; calls(); i++) {
    const r = requests[i % requests.length]!;
    // The workloads' requests set these as functions (bench/workloads.ts); autocannon's type also allows a string.
    const setup = r.setupRequest as (req: autocannon.Request, context: object) => { body: string };
    const payload = setup({ ...r }, ctx).body;
    const headers = Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const done = new Promise<void>((resolve) => (answered = resolve));
    socket.write(`POST / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${headers}content-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
    await done;
    (r.onResponse as (status: number, body: string, context: object) => void)(status, body, ctx);
  }
  socket.destroy();
}

async function drive(port: number, w: Workload, f: Fixture, n: number, connections: number): Promise<void> {
  let left = n;
  const take = () => left-- > 0;
  await Promise.all(Array.from({ length: connections }, () => driveConnection(port, w.requests(f, {}), take)));
}

/** The child: a server and the client in this process; `calls` measured calls after the warm-up. */
async function child(kind: string, workload: string, calls: number, connections: number): Promise<void> {
  const w = workload === READ_HEAVY.name ? READ_HEAVY : WRITE_HEAVY;
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-bench-instr-'));
  let url: string;
  let close: () => Promise<unknown>;
  let fixtureUrl: string;
  if (kind === 'baseline') {
    // The baseline answers no ARNs: the fixture is made on an emulator, as the bench does.
    const b = await startBaseline();
    url = b.url;
    close = () => b.app.close();
    const startEmulator = await loadStartEmulator('dist');
    const e = await startEmulator({ port: 0, logLevel: 'silent', trailDir });
    fixtureUrl = e.url;
    const f = await setUpFixture(fixtureUrl);
    await e.close();
    await run(f);
  } else {
    const startEmulator = await loadStartEmulator('dist');
    const e = await startEmulator({ port: 0, logLevel: 'silent', trailDir });
    url = e.url;
    close = () => e.close();
    await run(await setUpFixture(url));
  }
  async function run(f: Fixture) {
    const port = Number(new URL(url).port);
    await drive(port, w, f, WARM_UP, connections);
    await drive(port, w, f, calls, connections);
    await close();
  }
  await rm(trailDir, { recursive: true, force: true });
}

/** Instructions of one child run under valgrind. */
function countInstructions(kind: string, workload: string, calls: number, connections: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      'valgrind',
      ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, '--import', 'tsx', SELF, '--child', kind, workload, String(calls), String(connections)],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    let err = '';
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('error', reject);
    c.on('exit', (code) => {
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code === 0 && m) resolve(Number(m[1]!.replaceAll(',', '')));
      else reject(new Error(`valgrind run exited ${code}: ${err.slice(-800)}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { calls: { type: 'string', default: '4000' }, connections: { type: 'string', default: '50' }, only: { type: 'string' }, servers: { type: 'string', default: 'baseline,emulator' } },
  });
  const n = Number(values.calls);
  const connections = Number(values.connections);
  const workloads = [READ_HEAVY.name, WRITE_HEAVY.name].filter((w) => !values.only || w === values.only);
  const out: Record<string, Record<string, number>> = {};
  for (const workload of workloads) {
    for (const kind of values.servers.split(',')) {
      const [one, two] = await Promise.all([countInstructions(kind, workload, n, connections), countInstructions(kind, workload, 2 * n, connections)]);
      const perCall = Math.round((two - one) / n);
      (out[workload] ??= {})[kind] = perCall;
      process.stdout.write(`${workload} ${kind}: ${perCall.toLocaleString('en')} instructions per call (${n} calls, ${connections} connections)\n`);
    }
    const w = out[workload]!;
    if (w.baseline && w.emulator) process.stdout.write(`${workload}: emulator ÷ baseline = ${(w.emulator / w.baseline).toFixed(2)}\n`);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  child(args[1]!, args[2]!, Number(args[3]), Number(args[4])).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`instructions child: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`bench/instructions: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
