import t from 'tap';
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * A deleted cluster stays describable as INACTIVE for a while, then is forgotten: 60,000
 * create/delete pairs used to keep 60,000 INACTIVE clusters for ever (a 14.5 MB /api/resources).
 * ECS gives no figure for clusters; the emulator keeps them an hour, the time ECS documents for
 * stopped tasks (see LifecycleTimings.inactiveClusterRetentionMs).
 */
const HOUR = 3600 * 1000;

t.test('an INACTIVE cluster is describable for an hour, then MISSING, and costs nothing after', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  const emu = await startTestEmulator(t, { clock });
  for (let i = 0; i < 500; i++) {
    await emu.ecs.send(new CreateClusterCommand({ clusterName: `c${i}` }));
    await emu.ecs.send(new DeleteClusterCommand({ cluster: `c${i}` }));
  }
  const store = emu.running.emulator.stores.get('123456789012', 'us-east-1');
  t.equal(store.clusters.size, 500);
  clock.advance(HOUR - 1000);
  const kept = await emu.ecs.send(new DescribeClustersCommand({ clusters: ['c0'] }));
  t.equal(kept.clusters?.[0]?.status, 'INACTIVE', 'still describable just before the hour');

  clock.advance(1000);
  const gone = await emu.ecs.send(new DescribeClustersCommand({ clusters: ['c0', 'c499'] }));
  t.strictSame(gone.clusters, [], 'forgotten once the hour has passed');
  t.strictSame(gone.failures?.map((f) => f.reason), ['MISSING', 'MISSING']);
  t.equal(store.clusters.size, 0, 'nothing is kept of them');
  const resources = (await (await fetch(`${emu.url}/_ecs-trail/api/resources`)).json()) as { scopes: unknown[] };
  t.strictSame(resources.scopes, [], 'the dashboard lists none of them');

  // A name deleted, created again and deleted again is kept for an hour from its last deletion.
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'again' }));
  await emu.ecs.send(new DeleteClusterCommand({ cluster: 'again' }));
  clock.advance(HOUR / 2);
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'again' }));
  clock.advance(HOUR);
  const active = await emu.ecs.send(new DescribeClustersCommand({ clusters: ['again'] }));
  t.equal(active.clusters?.[0]?.status, 'ACTIVE', 'a cluster created again is not forgotten with its old deletion');
});
