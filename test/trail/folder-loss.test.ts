import t from 'tap';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, ListClustersCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { readTrailRecords, startTestEmulator } from '../helpers/test-emulator.js';
import { clientFor, runCli, startCli } from '../helpers/cli-process.js';

/**
 * The trail folder deleted, moved or replaced while the emulator runs. The journal's file then lives
 * on unlinked: a record "made durable" there is lost to the next crash. It must be noticed before the
 * next acknowledgement: calls get ServerException until the folder is back or made again (with the
 * signing keys `verify` needs), and every record acknowledged before is journaled again there.
 */

t.test('the folder deleted under load, then kill -9 and a restart: every acknowledged call is delivered exactly once', async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'ecs-trail-loss-'));
  t.teardown(() => rm(parent, { recursive: true, force: true }));
  const trailDir = join(parent, 'trail');
  // The default 5-minute window: what was acknowledged is only in the journal when the folder goes.
  const first = await startCli(t, ['--trail-dir', trailDir]);
  const ecs = clientFor(first.url);
  t.teardown(() => ecs.destroy());

  const acknowledged = new Set<string>();
  const refused: string[] = [];
  let deleted = false;
  let afterDelete = 0;
  let next = 0;
  const one = async (i: number) => {
    try {
      const out = await ecs.send(new CreateClusterCommand({ clusterName: `c-${i}` }));
      acknowledged.add(out.$metadata.requestId!);
      if (deleted) afterDelete++;
    } catch (e) {
      const err = e as ECSServiceException;
      refused.push(`${err.name} ${err.$metadata?.httpStatusCode}`);
    }
    if (!deleted && acknowledged.size >= 60) {
      deleted = true;
      // Out of the way in one step, then removed: a plain recursive rm races with the emulator, which
      // makes the folder again as soon as it notices (rmdir then fails with ENOTEMPTY).
      const gone = `${trailDir}-deleted`;
      await rename(trailDir, gone);
      await rm(gone, { recursive: true, force: true });
    }
  };
  // 8 callers in parallel; the folder goes while calls are in flight, and calls go on after it.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < 400 && afterDelete < 100) await one(next++);
    }),
  );
  t.ok(deleted, 'the folder was deleted mid-load');
  t.ok(refused.length > 0, `calls in flight when it went got an error (${refused.length})`);
  t.strictSame([...new Set(refused)], ['ServerException 500'], 'and that error is ServerException');
  t.ok(afterDelete >= 100, 'calls are served again once the folder is made again');
  const keys = JSON.parse(await readFile(join(trailDir, '.ecs-trail/keys/public-keys.json'), 'utf8'));
  t.equal(keys.PublicKeyList.length, 1, 'the remade folder has the public key verify needs');

  first.child.kill('SIGKILL');
  await first.exited;
  const second = await startCli(t, ['--trail-dir', trailDir]);
  second.child.kill('SIGTERM');
  t.equal(await second.exited, 0);

  const all = await readTrailRecords(trailDir);
  // The calls clients made; besides them the trail holds only the service event of the first
  // CreateCluster (the service-linked role ECS creates, README "Service-side events").
  const records = all.filter((r) => r.eventSource === 'ecs.amazonaws.com');
  t.strictSame([...new Set(all.filter((r) => !records.includes(r)).map((r) => r.eventName))], ['CreateServiceLinkedRole'], 'other records: the service event');
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.requestID, (counts.get(r.requestID) ?? 0) + 1);
  const lost = [...acknowledged].filter((id) => !counts.has(id));
  t.strictSame(lost, [], `none of the ${acknowledged.size} acknowledged calls is lost`);
  t.strictSame([...counts].filter(([, n]) => n > 1), [], 'none is delivered twice');
  t.equal(records.length, acknowledged.size, 'and nothing that was refused is in the trail');

  const verify = runCli(t, ['verify', trailDir]);
  t.equal(await verify.exited, 0, `verify passes: ${verify.stdout()}${verify.stderr()}`);
});

t.test('the folder moved away: the next call is refused, the folder is made again, nothing is lost, verify passes', async (t) => {
  const emu = await startTestEmulator(t);
  const before = await emu.ecs.send(new CreateClusterCommand({ clusterName: 'before' }));
  const moved = `${emu.trailDir}-moved`;
  t.teardown(() => rm(moved, { recursive: true, force: true }));
  await rename(emu.trailDir, moved);
  const during = await emu.ecs.send(new ListClustersCommand({})).catch((e: ECSServiceException) => e);
  t.type(during, Error, 'the first call after the move is refused');
  t.equal((during as ECSServiceException).name, 'ServerException');
  const after = await emu.ecs.send(new CreateClusterCommand({ clusterName: 'after' }));
  const records = await emu.records();
  const ids = records.map((r) => r.requestID);
  t.ok(ids.includes(before.$metadata.requestId), 'the record acknowledged before the move is in the folder made again');
  t.ok(ids.includes(after.$metadata.requestId));
  t.notOk(ids.includes((during as ECSServiceException).$metadata.requestId), 'the refused call has no record');
  await emu.running.close();
  const verify = runCli(t, ['verify', emu.trailDir]);
  t.equal(await verify.exited, 0, `verify passes: ${verify.stdout()}${verify.stderr()}`);
});
