import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { awsCall } from './aws-request.js';

export const CLI = 'dist/server/bin/ecs-trail.js';

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

export interface ColdStartResult {
  /** ms from spawn to the first answered ListClusters, per run. */
  runs: number[];
  median: number;
  exitCodes: (number | null)[];
}

/** Start the built CLI as a user would, and time it until a real call is answered. */
async function once(): Promise<{ ms: number; exitCode: number | null }> {
  const port = await freePort();
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-bench-cold-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'start', '--port', String(port), '--trail-dir', trailDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ms = NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the CLI exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - t0 > 20_000) throw new Error(`no answer within 20 s: ${stderr}`);
      const answered = await awsCall(`http://127.0.0.1:${port}`, 'ListClusters', {}).then(
        (a) => a.status === 200,
        () => false,
      );
      if (answered) {
        ms = performance.now() - t0;
        break;
      }
      await sleep(2);
    }
  } finally {
    child.kill('SIGTERM');
  }
  const exitCode = await exited;
  await rm(trailDir, { recursive: true, force: true });
  return { ms: Math.round(ms), exitCode };
}

export async function measureColdStart(runs: number): Promise<ColdStartResult> {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    runs: results.map((r) => r.ms),
    median: sorted[Math.floor(sorted.length / 2)]!,
    exitCodes: results.map((r) => r.exitCode),
  };
}
