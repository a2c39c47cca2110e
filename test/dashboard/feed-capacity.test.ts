import t from 'tap';
import { DescribeClustersCommand } from '@aws-sdk/client-ecs';
import type { TrailEntry } from '../../server/dashboard/wire.js';
import { FEED_CAPACITY } from '../../server/dashboard/trail-feed.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

const API = '/_ecs-trail/api';

/**
 * The dashboard's feed keeps the most recent FEED_CAPACITY calls: past that, the oldest scroll out,
 * of the list and of record lookups; the minute counts still count every call.
 */
t.test('the feed keeps the last FEED_CAPACITY calls and forgets the oldest', async (t) => {
  const emu = await startTestEmulator(t);
  const EXTRA = 30;
  const BATCH = 100;
  const total = FEED_CAPACITY + EXTRA;
  const name = (i: number) => `n${String(i).padStart(5, '0')}`;
  // In batches, each awaited: every call of a batch is recorded before any of the next.
  for (let from = 0; from < total; from += BATCH) {
    const n = Math.min(BATCH, total - from);
    await Promise.all(Array.from({ length: n }, (_, k) => emu.ecs.send(new DescribeClustersCommand({ clusters: [name(from + k)] }))));
  }
  const trail = (await (await fetch(`${emu.url}${API}/trail`)).json()) as { entries: TrailEntry[]; minutes: { byOperation: Record<string, number> }[] };
  const ours = trail.entries.filter((e) => e.operation === 'DescribeClusters');
  t.equal(trail.entries.length, FEED_CAPACITY, `${FEED_CAPACITY} entries kept`);
  t.equal(ours.length, FEED_CAPACITY, 'all of them the test’s calls');
  const kept = new Set(ours.map((e) => e.resource));
  const firstBatchGone = Array.from({ length: BATCH }, (_, i) => `cluster/${name(i)}`).filter((r) => !kept.has(r));
  t.equal(firstBatchGone.length, EXTRA, `the ${EXTRA} forgotten calls are from the first batch`);
  t.ok(Array.from({ length: total - BATCH }, (_, i) => `cluster/${name(BATCH + i)}`).every((r) => kept.has(r)), 'every later call is kept');
  t.equal(trail.minutes.reduce((n, m) => n + (m.byOperation.DescribeClusters ?? 0), 0), total, 'the minute counts count every call');

  const newest = ours.at(-1)!;
  t.equal((await fetch(`${emu.url}${API}/records/${newest.eventId}`)).status, 200, 'a kept call’s record is found');
  t.equal(new Set(trail.entries.map((e) => e.eventId)).size, FEED_CAPACITY, 'no event id twice');
});
