import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { startTestEmulator, readTrailRecords } from '../helpers/test-emulator.js';

/**
 * Backpressure: while log files cannot be written (AWSLogs/ is a read-only mount), records wait in
 * memory and in the journal. Both must stay under the configured bound; past it calls get
 * ServerException. Once the folder is writable again, everything acknowledged is delivered, once.
 * Needs permission to mount (root, as on CI).
 */
const trailDir = mkdtempSync(join(tmpdir(), 'ecs-trail-backpressure-'));
const awsLogs = join(trailDir, 'AWSLogs');
mkdirSync(awsLogs);
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=4m', 'tmpfs', awsLogs], { stdio: 'ignore' });
  mounted = true;
} catch {
  // not allowed here
}
t.teardown(() => {
  if (mounted) execFileSync('umount', ['-l', awsLogs], { stdio: 'ignore' });
  rmSync(trailDir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

async function journalBytes(): Promise<number> {
  const dir = join(trailDir, '.ecs-trail', 'journal');
  let total = 0;
  for (const n of await readdir(dir)) total += (await stat(join(dir, n))).size;
  return total;
}

t.test('deliveries that keep failing: bounded memory and journal, ServerException past the bound, all delivered after', { skip: mounted ? false : 'cannot mount a tmpfs here' }, async (t) => {
  // Deliveries are tried every second, and fail: the AWSLogs/ mount is read-only.
  const emu = await startTestEmulator(t, { trailDir, maxUndeliveredMb: 1, deliveryWindowSeconds: 1 });
  const tags = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(100) }));
  const acknowledged: string[] = [];
  const refused: string[] = [];
  for (let i = 0; i < 5000 && refused.length === 0; i++) {
    try {
      acknowledged.push((await emu.ecs.send(new CreateClusterCommand({ clusterName: `c${i}`, tags }))).$metadata.requestId!);
    } catch (err) {
      const e = err as ECSServiceException;
      refused.push(`${e.name} ${e.$metadata.httpStatusCode} ${e.message}`);
    }
  }
  t.ok(refused.length > 0, `calls were refused once the bound was reached (after ${acknowledged.length} acknowledged)`);
  t.equal(refused[0], 'ServerException 500 Service encountered an unexpected error.');
  // More calls change nothing: no growth past the bound.
  for (let i = 0; i < 50; i++) {
    const out = await emu.ecs.send(new CreateClusterCommand({ clusterName: `more${i}`, tags })).catch((e: ECSServiceException) => e);
    t.ok(out instanceof Error, 'still refused');
    if (!(out instanceof Error)) acknowledged.push(out.$metadata.requestId!);
  }
  const held = emu.running.trail.stats.undeliveredBytes;
  t.ok(held <= 1 * MiB, `records waiting in memory stay under the bound (${held} bytes)`);
  const journal = await journalBytes();
  t.ok(journal <= 1.5 * MiB, `and so does the journal (${journal} bytes)`);
  const store = emu.running.emulator.stores.get('123456789012', 'us-east-1');
  t.notOk(store.clusters.has('more0'), 'a refused call changed nothing');

  // The disk comes back: the next delivery takes everything, and calls are served again.
  execFileSync('mount', ['-o', 'remount,rw', awsLogs]);
  await emu.running.flush();
  acknowledged.push((await emu.ecs.send(new CreateClusterCommand({ clusterName: 'after' }))).$metadata.requestId!);
  await emu.running.close();
  const counts = new Map<string, number>();
  for (const r of await readTrailRecords(trailDir)) counts.set(r.requestID, (counts.get(r.requestID) ?? 0) + 1);
  t.strictSame(acknowledged.filter((id) => counts.get(id) !== 1), [], `all ${acknowledged.length} acknowledged calls delivered exactly once`);
  t.equal([...counts.values()].reduce((a, b) => a + b, 0), acknowledged.length, 'and no refused call is in the trail');
});
