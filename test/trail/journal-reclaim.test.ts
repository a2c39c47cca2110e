import t from 'tap';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * The journal protects records until they are in log files: once they are, it gives their space
 * back at once (it used to keep every record until its segment reached 64 MB or a clean stop: 3.8 MB
 * of journal for 240 KB of logs).
 */
async function journalFiles(trailDir: string): Promise<{ names: string[]; bytes: number }> {
  const dir = join(trailDir, '.ecs-trail', 'journal');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.log'));
  let bytes = 0;
  for (const n of names) bytes += (await stat(join(dir, n))).size;
  return { names, bytes };
}

t.test('a delivery reclaims the journal space of what it delivered', async (t) => {
  const emu = await startTestEmulator(t);
  for (let i = 0; i < 200; i++) await emu.ecs.send(new CreateClusterCommand({ clusterName: `c${i}` }));
  const before = await journalFiles(emu.trailDir);
  t.ok(before.bytes > 200 * 1000, `200 records journaled (${before.bytes} bytes)`);

  await emu.running.flush();
  // The delivered segment is removed right after the delivery settles; wait for the removal.
  let after = await journalFiles(emu.trailDir);
  for (let i = 0; i < 200 && after.names.some((n) => before.names.includes(n)); i++) {
    await new Promise((r) => setTimeout(r, 10));
    after = await journalFiles(emu.trailDir);
  }
  t.strictSame(after.names.filter((n) => before.names.includes(n)), [], 'the segment that held the delivered records is gone');
  t.ok(after.bytes < 2000, `what is left is the delivery notes (${after.bytes} bytes)`);

  // Still durable: records after the delivery are journaled in the new segment.
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'after' }));
  t.ok((await journalFiles(emu.trailDir)).bytes > after.bytes, 'a new record is journaled');
});
