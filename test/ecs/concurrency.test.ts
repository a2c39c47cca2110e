import t from 'tap';
import { CreateClusterCommand, DeleteClusterCommand, ListClustersCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { fargateTaskDefinition } from '../helpers/task-definitions.js';

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

const NET = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } };

async function fargateSetup(ecs: import('@aws-sdk/client-ecs').ECSClient) {
  await ecs.send(new CreateClusterCommand({ clusterName: 'race' }));
  await ecs.send(fargateTaskDefinition('web', [{ name: 'web', image: 'nginx:1', essential: true }]));
}

t.test('100 concurrent CreateService with one name create one service', async (t) => {
  const { CreateServiceCommand, ListServicesCommand, DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
  const emu = await startTestEmulator(t);
  await fargateSetup(emu.ecs);
  const results = await settle(
    Array.from({ length: 100 }, (_, i) =>
      emu.ecs.send(
        new CreateServiceCommand({
          cluster: 'race',
          serviceName: 'api',
          taskDefinition: 'web',
          // Half the callers ask for something else: those are not idempotent retries.
          desiredCount: i % 2 === 0 ? 1 : 2,
          launchType: 'FARGATE',
          networkConfiguration: NET,
        }),
      ),
    ),
  );
  const created = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r) => r.status === 'rejected');
  t.ok(created.length >= 1, 'at least the first succeeds');
  t.ok(
    refused.every((r) => (r.reason as ECSServiceException).message === 'Creation of service was not idempotent.'),
    'the others are refused as ECS refuses them',
  );
  const arns = new Set(created.map((r) => (r.status === 'fulfilled' ? r.value.service?.serviceArn : '')));
  t.equal(arns.size, 1, 'one service ARN');
  t.equal((await emu.ecs.send(new ListServicesCommand({ cluster: 'race' }))).serviceArns?.length, 1);
  const svc = (await emu.ecs.send(new DescribeServicesCommand({ cluster: 'race', services: ['api'] }))).services?.[0];
  t.equal(svc?.deployments?.length, 1, 'one deployment: no call started a second one');
  const records = await emu.records();
  t.equal(records.filter((r) => r.eventName === 'CreateService').length, 100, 'every call is recorded');
});

t.test('DeleteCluster racing RunTask: never a deleted cluster with a live task', async (t) => {
  const { RunTaskCommand, DescribeClustersCommand, ListTasksCommand } = await import('@aws-sdk/client-ecs');
  const emu = await startTestEmulator(t);
  await fargateSetup(emu.ecs);
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < 50; i++) {
    calls.push(emu.ecs.send(new RunTaskCommand({ cluster: 'race', taskDefinition: 'web', launchType: 'FARGATE', networkConfiguration: NET })));
    calls.push(emu.ecs.send(new DeleteClusterCommand({ cluster: 'race' })));
  }
  const results = await settle(calls);
  const ranTasks = results.filter((r, i) => i % 2 === 0 && r.status === 'fulfilled').length;
  const deleted = results.filter((r, i) => i % 2 === 1 && r.status === 'fulfilled').length;
  const codes = new Set(results.filter((r) => r.status === 'rejected').map((r) => (r.reason as ECSServiceException).name));
  for (const code of codes) t.ok(['ClusterContainsTasksException', 'ClusterNotFoundException'].includes(code), `refused with ${code}`);
  const cluster = (await emu.ecs.send(new DescribeClustersCommand({ clusters: ['race'] }))).clusters?.[0];
  if (deleted > 0) {
    t.equal(cluster?.status, 'INACTIVE');
    // The cluster could only be deleted before any task ran in it.
    t.equal(ranTasks, 0, 'no RunTask succeeded once the cluster could be deleted, and none before it was');
  } else {
    t.equal(cluster?.status, 'ACTIVE');
    t.equal((await emu.ecs.send(new ListTasksCommand({ cluster: 'race' }))).taskArns?.length, ranTasks);
  }
});
