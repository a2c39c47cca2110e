import t from 'tap';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  ClusterNotFoundException,
  InvalidParameterException,
  ECSServiceException,
} from '@aws-sdk/client-ecs';
import { startTestEmulator } from '../helpers/test-emulator.js';

t.test('CreateCluster returns the long-format ARN and ECS defaults', async (t) => {
  const { ecs } = await startTestEmulator(t);
  const out = await ecs.send(new CreateClusterCommand({ clusterName: 'demo', tags: [{ key: 'team', value: 'a' }] }));
  t.equal(out.cluster?.clusterArn, 'arn:aws:ecs:us-east-1:123456789012:cluster/demo');
  t.equal(out.cluster?.clusterName, 'demo');
  t.equal(out.cluster?.status, 'ACTIVE');
  t.same(out.cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
  t.same(out.cluster?.tags, [{ key: 'team', value: 'a' }]);
  t.equal(out.cluster?.runningTasksCount, 0);
  t.equal(out.cluster?.activeServicesCount, 0);
  t.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/);

  const again = await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
  t.equal(again.cluster?.clusterArn, out.cluster?.clusterArn, 'an existing ACTIVE cluster is returned as it is');
  t.same(again.cluster?.tags, [{ key: 'team', value: 'a' }]);

  const dflt = await ecs.send(new CreateClusterCommand({}));
  t.equal(dflt.cluster?.clusterName, 'default', 'no name creates the default cluster');
});

t.test('CreateCluster rejects an invalid name', async (t) => {
  const { ecs } = await startTestEmulator(t);
  const err = await ecs.send(new CreateClusterCommand({ clusterName: 'bad name!' })).catch((e: unknown) => e);
  t.type(err, InvalidParameterException);
  t.equal((err as ECSServiceException).$metadata.httpStatusCode, 400);
});

t.test('DescribeClusters by name and ARN, with failures and include', async (t) => {
  const { ecs } = await startTestEmulator(t);
  await ecs.send(new CreateClusterCommand({ clusterName: 'a', tags: [{ key: 'k', value: 'v' }] }));
  const out = await ecs.send(
    new DescribeClustersCommand({
      clusters: ['a', 'arn:aws:ecs:us-east-1:123456789012:cluster/a', 'nope'],
      include: ['TAGS', 'STATISTICS'],
    }),
  );
  t.equal(out.clusters?.length, 2);
  t.same(out.clusters?.[0]?.tags, [{ key: 'k', value: 'v' }]);
  t.ok(out.clusters?.[0]?.statistics?.some((s) => s.name === 'runningFargateTasksCount'));
  t.same(out.failures, [{ arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING' }]);

  const plain = await ecs.send(new DescribeClustersCommand({ clusters: ['a'] }));
  t.same(plain.clusters?.[0]?.tags, [], 'tags only with include TAGS');
});

t.test('DeleteCluster leaves an INACTIVE cluster that is still describable', async (t) => {
  const { ecs } = await startTestEmulator(t);
  await ecs.send(new CreateClusterCommand({ clusterName: 'gone' }));
  const del = await ecs.send(new DeleteClusterCommand({ cluster: 'gone' }));
  t.equal(del.cluster?.status, 'INACTIVE');
  const d = await ecs.send(new DescribeClustersCommand({ clusters: ['gone'] }));
  t.equal(d.clusters?.[0]?.status, 'INACTIVE');
  const list = await ecs.send(new ListClustersCommand({}));
  t.notOk(list.clusterArns?.includes(del.cluster!.clusterArn!), 'ListClusters shows only ACTIVE clusters');
  const err = await ecs.send(new DeleteClusterCommand({ cluster: 'gone' })).catch((e: unknown) => e);
  t.type(err, ClusterNotFoundException);
  t.equal((err as Error).message, 'Cluster not found.');
  const re = await ecs.send(new CreateClusterCommand({ clusterName: 'gone' }));
  t.equal(re.cluster?.status, 'ACTIVE', 'an INACTIVE name can be created again');
});

t.test('ListClusters pages with maxResults and nextToken', async (t) => {
  const { ecs } = await startTestEmulator(t);
  for (let i = 0; i < 7; i++) await ecs.send(new CreateClusterCommand({ clusterName: `c${i}` }));
  const seen: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await ecs.send(new ListClustersCommand({ maxResults: 3, nextToken }));
    seen.push(...(page.clusterArns ?? []));
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  t.equal(pages, 3);
  t.equal(new Set(seen).size, 7);
  const bad = await ecs.send(new ListClustersCommand({ maxResults: 101 })).catch((e: unknown) => e);
  t.type(bad, InvalidParameterException);
  const badToken = await ecs.send(new ListClustersCommand({ nextToken: 'garbage' })).catch((e: unknown) => e);
  t.type(badToken, InvalidParameterException);
});

t.test('tags: TagResource, UntagResource, ListTagsForResource', async (t) => {
  const { ecs } = await startTestEmulator(t);
  const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'tagged' }));
  const arn = cluster!.clusterArn!;
  await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }));
  await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: '3' }] }));
  t.same((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [
    { key: 'a', value: '3' },
    { key: 'b', value: '2' },
  ]);
  await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
  t.same((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: 'b', value: '2' }]);

  const reserved = await ecs
    .send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'aws:x', value: '1' }] }))
    .catch((e: unknown) => e);
  t.type(reserved, InvalidParameterException);
  const tooMany = await ecs
    .send(new TagResourceCommand({ resourceArn: arn, tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }))
    .catch((e: unknown) => e);
  t.type(tooMany, InvalidParameterException);
  const missing = await ecs
    .send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/none' }))
    .catch((e: unknown) => e);
  t.equal((missing as ECSServiceException).name, 'ResourceNotFoundException');
});

t.test('state is kept per account and region', async (t) => {
  const emu = await startTestEmulator(t, {
    identitiesFile: undefined,
  });
  const west = emu.client('AKIAIOSFODNN7EXAMPLE', 'us-west-2');
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'east-only' }));
  const inWest = await west.send(new ListClustersCommand({}));
  t.same(inWest.clusterArns, []);
  const { cluster } = await west.send(new CreateClusterCommand({ clusterName: 'w' }));
  t.equal(cluster?.clusterArn, 'arn:aws:ecs:us-west-2:123456789012:cluster/w');
});
