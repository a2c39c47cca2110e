import t from 'tap';
import { CreateClusterCommand, DeleteClusterCommand, ListClustersCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { startTestEmulator } from '../helpers/test-emulator.js';

const settle = <T>(ps: Promise<T>[]) => Promise.allSettled(ps);

t.test('100 concurrent conflicting calls leave ECS-correct state and one record each', async (t) => {
  const emu = await startTestEmulator(t);
  const creates = await settle(Array.from({ length: 100 }, () => emu.ecs.send(new CreateClusterCommand({ clusterName: 'race' }))));
  const arns = new Set(creates.map((r) => (r.status === 'fulfilled' ? r.value.cluster?.clusterArn : 'failed')));
  t.same([...arns], ['arn:aws:ecs:us-east-1:123456789012:cluster/race'], 'every CreateCluster returns the one cluster');

  const deletes = await settle(Array.from({ length: 100 }, () => emu.ecs.send(new DeleteClusterCommand({ cluster: 'race' }))));
  const ok = deletes.filter((r) => r.status === 'fulfilled');
  const notFound = deletes.filter((r) => r.status === 'rejected' && (r.reason as ECSServiceException).name === 'ClusterNotFoundException');
  t.equal(ok.length, 1, 'exactly one DeleteCluster wins');
  t.equal(notFound.length, 99, 'the others find no ACTIVE cluster');
  t.same((await emu.ecs.send(new ListClustersCommand({}))).clusterArns, []);

  const records = await emu.records();
  t.equal(records.filter((r) => r.eventName === 'CreateCluster').length, 100);
  t.equal(records.filter((r) => r.eventName === 'DeleteCluster').length, 100);
  t.equal(records.filter((r) => r.errorCode === 'ClusterNotFoundException').length, 99);
});
