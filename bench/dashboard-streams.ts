/**
 * `node --import tsx bench/dashboard-streams.ts [--duration S] [--readers N]`: what open dashboards
 * cost the API. The emulator (built, durable trail) takes a load that creates clusters, first with no
 * page open, then with N pages (readers of /_ecs-trail/api/events, 3 by default); prints req/s and
 * p99 of both runs and the bytes each page received.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad } from './load.js';
import { spawnServer } from './server-process.js';
import { CREATE_CLUSTERS, setUpFixture } from './workloads.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, readers: { type: 'string', default: '3' }, connections: { type: 'string', default: '50' } } });
const duration = Number(values.duration);
const readers = Number(values.readers);
const connections = Number(values.connections);

/** Read a stream until aborted, counting its bytes. */
function openReader(url: string): { bytes: () => number; close: () => void } {
  const abort = new AbortController();
  let bytes = 0;
  void (async () => {
    try {
      const res = await fetch(`${url}/_ecs-trail/api/events`, { signal: abort.signal });
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    } catch {
      // aborted
    }
  })();
  return { bytes: () => bytes, close: () => abort.abort() };
}

const scratch = await mkdtemp(join(tmpdir(), 'ecs-trail-bench-dash-'));
try {
  for (const pages of [0, readers]) {
    const server = await spawnServer('emulator', { trailDir: join(scratch, `trail-${pages}`) });
    const fixture = await setUpFixture(server.url);
    const open = Array.from({ length: pages }, () => openReader(server.url));
    const r = await runLoad('emulator', server.url, CREATE_CLUSTERS, fixture, { duration, warmup: 0, connections });
    const received = open.map((o) => o.bytes());
    open.forEach((o) => o.close());
    await server.stop();
    const mb = received.map((b) => (b / 1024 / 1024).toFixed(1)).join(', ');
    process.stdout.write(`${pages} page(s) open: ${r.rps.toFixed(0)} req/s, p99 ${r.p99.toFixed(1)} ms, ${r.requests} calls${pages ? `; each page received ${mb} MB` : ''}\n`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
