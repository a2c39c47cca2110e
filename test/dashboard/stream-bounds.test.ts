import t from 'tap';
import { CreateClusterCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { ResourceSnapshot, TrailEntry } from '../../server/dashboard/wire.js';
import { MAX_CLUSTERS_PER_SCOPE, MAX_FAMILIES_PER_SCOPE } from '../../server/dashboard/resource-snapshot.js';
import { MAX_CALLS_PER_TICK } from '../../server/dashboard/event-stream.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { openEventStream } from './event-stream-reader.js';

/**
 * Open dashboards must not slow the API: what each page is sent stays bounded whatever a load has
 * created (a full snapshot of every cluster at every tick, for each of three pages, used to cut the
 * API's throughput from 5.2k to 1.8k req/s; each stream received 306 MB in 11 s).
 */
t.test('resource snapshots and call batches are bounded, with counts of what was left out', async (t) => {
  const emu = await startTestEmulator(t);
  const streams = await Promise.all([1, 2, 3].map(() => openEventStream(`${emu.url}/_ecs-trail/api/events`, 60_000)));
  t.teardown(() => streams.forEach((s) => s.close()));
  const CLUSTERS = MAX_CLUSTERS_PER_SCOPE + 50;
  const FAMILIES = MAX_FAMILIES_PER_SCOPE + 5;
  // Many calls in flight at once: several ticks' worth arrive between two sends.
  await Promise.all(Array.from({ length: CLUSTERS }, (_, i) => emu.ecs.send(new CreateClusterCommand({ clusterName: `c${String(i).padStart(4, '0')}` }))));
  await Promise.all(
    Array.from({ length: FAMILIES }, (_, i) =>
      emu.ecs.send(new RegisterTaskDefinitionCommand({ family: `f${i}`, containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] })),
    ),
  );
  for (const stream of streams) {
    const full = await stream.next<ResourceSnapshot>('resources', (r) => r.scopes[0]?.clustersOmitted === CLUSTERS - MAX_CLUSTERS_PER_SCOPE && r.scopes[0]?.familiesOmitted === FAMILIES - MAX_FAMILIES_PER_SCOPE);
    t.equal(full.scopes[0]!.clusters.length, MAX_CLUSTERS_PER_SCOPE, `at most ${MAX_CLUSTERS_PER_SCOPE} clusters per scope are sent`);
    t.equal(full.scopes[0]!.clusters[0]!.name, 'c0000', 'the first ones by name');
    t.equal(full.scopes[0]!.taskDefinitions.length, MAX_FAMILIES_PER_SCOPE);
  }
  // Every batch of calls sent so far is within the bound.
  const sizes: number[] = [];
  for (let n = 1; n <= streams[0]!.count('calls'); n++) sizes.push((await streams[0]!.next<TrailEntry[]>('calls', (() => { let i = 0; return () => ++i === n; })())).length);
  t.ok(sizes.length > 0 && sizes.every((s) => s <= MAX_CALLS_PER_TICK), `call batches of at most ${MAX_CALLS_PER_TICK} (${sizes.join(', ')})`);
});
