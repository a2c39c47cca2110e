import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { startTestEmulator, readTrailRecords } from '../helpers/test-emulator.js';

/**
 * A real full disk: the trail folder is a small tmpfs. While it is full, calls fail with
 * ServerException and change nothing; once it has room again, the emulator serves again and every
 * acknowledged record is delivered exactly once. Needs permission to mount (root, as on CI).
 */
const mountPoint = mkdtempSync(join(tmpdir(), 'ecs-trail-full-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  // not allowed here
}
t.teardown(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});

t.test('a full trail folder fails calls cleanly, and service resumes when it has room', { skip: mounted ? false : 'cannot mount a tmpfs here' }, async (t) => {
  const emu = await startTestEmulator(t, { trailDir: mountPoint });
  const acknowledged: string[] = [];
  let failure: ECSServiceException | undefined;
  let failedName = '';
  const bigTags = Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(200) }));
  for (let i = 0; i < 5000 && !failure; i++) {
    const name = `c${i}`;
    try {
      const out = await emu.ecs.send(new CreateClusterCommand({ clusterName: name, tags: bigTags }));
      acknowledged.push(out.$metadata.requestId!);
    } catch (err) {
      failure = err as ECSServiceException;
      failedName = name;
    }
  }
  t.ok(failure, 'the disk filled up');
  t.equal(failure?.name, 'ServerException');
  t.equal(failure?.$metadata.httpStatusCode, 500);
  const store = emu.running.emulator.stores.get('123456789012', 'us-east-1');
  t.notOk(store.clusters.has(failedName), 'the failed call changed nothing');

  execFileSync('mount', ['-o', 'remount,size=16m', mountPoint]);
  const after = await emu.ecs.send(new CreateClusterCommand({ clusterName: 'after' }));
  acknowledged.push(after.$metadata.requestId!);
  t.equal(after.cluster?.status, 'ACTIVE', 'calls succeed again once there is room');

  await emu.running.close();
  const records = await readTrailRecords(mountPoint);
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.requestID, (counts.get(r.requestID) ?? 0) + 1);
  t.ok(acknowledged.every((id) => counts.get(id) === 1), `all ${acknowledged.length} acknowledged calls delivered exactly once`);
  t.notOk(counts.has(failure!.$metadata.requestId!), 'the failed call has no record');
});
