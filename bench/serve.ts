/**
 * A server under load, in its own process so the load generator never shares its event loop:
 * `serve.ts baseline` or `serve.ts emulator <trailDir> dist|source [on|off]` (the last: --fsync). It reports its URL over IPC, answers
 * `stats` with its memory and trail counters, `cpu` with the CPU time it has used (every thread), profiles its main thread between `profile-start` and
 * `profile-stop` (so start-up and warm-up stay out of the profile), and exits 0 on `stop`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { startBaseline } from './baseline-server.js';
import { loadStartEmulator } from './emulator-code.js';

export interface ServeStats {
  rss: number;
  heapUsed: number;
  trail?: { recordsWritten: number; filesDelivered: number; pending: number };
}

/** CPU time used so far, µs: the whole process (every thread) and, on Linux, its main thread alone. */
export interface ServerCpu {
  process: number;
  mainThread?: number;
}

const CLOCK_TICKS = (() => {
  if (process.platform !== 'linux') return undefined;
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout);
  return r.status === 0 && n > 0 ? n : undefined;
})();

/**
 * The main thread's CPU time from /proc (utime + stime of the task whose id is the pid): the event
 * loop is what limits a Node server, while the thread pool (fsync, gzip) runs beside it.
 */
function mainThreadCpu(): number | undefined {
  if (CLOCK_TICKS === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5), counted from the state (field 3) here.
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return undefined;
  }
}

export type ServeMessage =
  | { type: 'ready'; url: string }
  | { type: 'stats'; stats: ServeStats }
  | { type: 'cpu'; usage: ServerCpu }
  | { type: 'profile-started' }
  | { type: 'profile-written'; file: string };

async function main(): Promise<void> {
  const [kind, trailDir, from, fsync] = process.argv.slice(2);
  let close: () => Promise<unknown>;
  let trailStats: () => ServeStats['trail'] = () => undefined;
  let url: string;
  if (kind === 'baseline') {
    const b = await startBaseline();
    url = b.url;
    close = () => b.app.close();
  } else if (kind === 'emulator' && trailDir) {
    const startEmulator = await loadStartEmulator(from === 'source' ? 'source' : 'dist');
    const running = await startEmulator({ port: 0, logLevel: 'silent', trailDir, fsync: fsync !== 'off' });
    url = running.url;
    close = () => running.close();
    trailStats = () => running.trail.stats;
  } else {
    throw new Error('usage: serve.ts baseline | serve.ts emulator <trailDir> dist|source [on|off]');
  }
  let session: Session | undefined;
  process.on('message', async (m: { type: string; file?: string }) => {
    if (m.type === 'profile-start') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      process.send?.({ type: 'profile-started' } satisfies ServeMessage);
    } else if (m.type === 'profile-stop' && session && m.file) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await writeFile(m.file, JSON.stringify(profile));
      process.send?.({ type: 'profile-written', file: m.file } satisfies ServeMessage);
    } else if (m.type === 'cpu') {
      const u = process.cpuUsage();
      process.send?.({ type: 'cpu', usage: { process: u.user + u.system, mainThread: mainThreadCpu() } } satisfies ServeMessage);
    } else if (m.type === 'stats') {
      const mem = process.memoryUsage();
      const stats: ServeStats = { rss: mem.rss, heapUsed: mem.heapUsed, trail: trailStats() };
      process.send?.({ type: 'stats', stats } satisfies ServeMessage);
    } else if (m.type === 'stop') {
      close().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`bench server: close failed: ${String(err)}\n`);
          process.exit(1);
        },
      );
    }
  });
  process.send?.({ type: 'ready', url } satisfies ServeMessage);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
