import t, { type Test } from 'tap';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { ConfigError, DEFAULTS, resolveConfig } from '../../server/config.js';
import { Journal } from '../../trail-writer/journal/journal.js';
import { readTrailRecords, startTestEmulator } from '../helpers/test-emulator.js';

/**
 * `--fsync off`: a record is written to the journal file before its call is answered, without the
 * fdatasync that puts it on the disk. What that keeps (everything, when the process is killed) is
 * tested in durability.test.ts; here, that the switch does what it says and loses no line.
 */

/** Counts every FileHandle.datasync() in this process until the test ends. */
async function countDatasyncs(t: Test, dir: string): Promise<() => number> {
  const probe = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { datasync: (...a: unknown[]) => Promise<void> };
  await probe.close();
  const original = proto.datasync;
  let n = 0;
  proto.datasync = function (this: unknown, ...a: unknown[]) {
    n++;
    return original.apply(this, a);
  };
  t.teardown(() => {
    proto.datasync = original;
  });
  return () => n;
}

t.test('--fsync and ECS_TRAIL_FSYNC: on by default, off by flag or environment', async (t) => {
  t.equal(DEFAULTS.fsync, true, 'on by default');
  t.equal(resolveConfig([], {}).fsync, true);
  t.equal(resolveConfig(['--fsync', 'off'], {}).fsync, false);
  t.equal(resolveConfig([], { ECS_TRAIL_FSYNC: 'off' }).fsync, false);
  t.equal(resolveConfig(['--fsync=on'], { ECS_TRAIL_FSYNC: 'off' }).fsync, true, 'the flag over the environment');
  t.throws(() => resolveConfig(['--fsync', 'later'], {}), new ConfigError('--fsync must be on or off, got "later"'));
});

for (const sync of [true, false]) {
  t.test(`a journal ${sync ? 'with' : 'without'} fsync writes every line, in order, once`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-journal-fsync-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const datasyncs = await countDatasyncs(t, dir);
    const journal = new Journal(dir, { sync });
    await journal.openSegment(1);

    // A burst in one turn, then one line per turn.
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => journal.append(`head ${i} `, `{"n":${i}}`, '\n')));
    t.ok(burst.every((s) => s === 1), 'each append says its segment');
    for (let i = 200; i < 230; i++) await journal.append(`head ${i} `, `{"n":${i}}`, '\n');
    const lines = (await Journal.readSegment(dir, 1)).split('\n').filter(Boolean);
    t.strictSame(lines, Array.from({ length: 230 }, (_, i) => `head ${i} {"n":${i}}`));
    t.equal(journal.size, lines.join('\n').length + 1, 'its size counts every byte written');
    if (sync) {
      // Greedy group commit: the burst in one or two (its first line may go alone), then one a line.
      const n = datasyncs();
      t.ok(n >= 31 && n <= 32, `one fdatasync per group commit (${n})`);
    } else {
      t.equal(datasyncs(), 0, 'no fdatasync');
    }
    await journal.close();
  });
}

t.test('an emulator started with fsync off answers and records every call', async (t) => {
  const scratch = await mkdtemp(join(tmpdir(), 'ecs-trail-fsync-off-'));
  t.teardown(() => rm(scratch, { recursive: true, force: true }));
  const datasyncs = await countDatasyncs(t, scratch);
  const emu = await startTestEmulator(t, { fsync: false });
  const before = datasyncs();
  const answers = await Promise.all(Array.from({ length: 40 }, () => emu.ecs.send(new ListClustersCommand({}))));
  t.equal(datasyncs() - before, 0, 'the calls waited on no fdatasync');
  await emu.running.flush();
  const ids = new Set((await readTrailRecords(emu.trailDir)).map((r) => r.requestID));
  t.ok(answers.every((a) => ids.has(a.$metadata.requestId)), 'every answered call has its record');
});
