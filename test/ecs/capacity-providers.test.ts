import t from 'tap';
import {
  AttributeLimitExceededException,
  ClientException,
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DeleteAttributesCommand,
  DeleteCapacityProviderCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  InvalidParameterException,
  ListAttributesCommand,
  PutAttributesCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  ResourceInUseException,
  RunTaskCommand,
  TargetNotFoundException,
  UpdateCapacityProviderCommand,
  UpdateClusterCommand,
  UpdateClusterSettingsCommand,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';
import { registerInstance } from '../helpers/ec2-instances.js';

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);
const ASG = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0e5e4a8f-8a0b-4a5e-9f62-6d1a1c2b3c4d:autoScalingGroupName/ecs-spot';

t.test('capacity providers: create with defaults, describe (FARGATE included), update, delete', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(Date.parse('2026-03-02T10:00:00Z')) });
  const { ecs } = emu;
  const created = await ecs.send(new CreateCapacityProviderCommand({
    name: 'spot',
    autoScalingGroupProvider: { autoScalingGroupArn: ASG, managedScaling: { status: 'ENABLED', targetCapacity: 90 }, managedTerminationProtection: 'ENABLED' },
    tags: [{ key: 'team', value: 'platform' }],
  }));
  t.match(created.capacityProvider, {
    capacityProviderArn: 'arn:aws:ecs:us-east-1:123456789012:capacity-provider/spot',
    name: 'spot',
    status: 'ACTIVE',
    type: 'EC2_AUTOSCALING',
    autoScalingGroupProvider: {
      autoScalingGroupArn: ASG,
      managedScaling: { status: 'ENABLED', targetCapacity: 90, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupPeriod: 300 },
      managedTerminationProtection: 'ENABLED',
      managedDraining: 'ENABLED',
    },
    tags: [{ key: 'team', value: 'platform' }],
  });
  const all = await ecs.send(new DescribeCapacityProvidersCommand({}));
  t.same(all.capacityProviders?.map((c) => c.name), ['FARGATE', 'FARGATE_SPOT', 'spot']);
  t.same(all.capacityProviders?.[2]?.tags, undefined, 'tags only with include TAGS');
  const named = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['spot', 'FARGATE', 'nope'], include: ['TAGS'] }));
  t.same(named.capacityProviders?.map((c) => c.name), ['spot', 'FARGATE']);
  t.same(named.failures, [{ arn: 'arn:aws:ecs:us-east-1:123456789012:capacity-provider/nope', reason: 'MISSING' }]);
  const page = await ecs.send(new DescribeCapacityProvidersCommand({ maxResults: 2 }));
  t.equal(page.capacityProviders?.length, 2);
  t.ok(page.nextToken);

  const updated = await ecs.send(new UpdateCapacityProviderCommand({ name: 'spot', autoScalingGroupProvider: { managedScaling: { targetCapacity: 75 }, managedDraining: 'DISABLED' } }));
  t.match(updated.capacityProvider, { updateStatus: 'UPDATE_COMPLETE', autoScalingGroupProvider: { managedScaling: { status: 'ENABLED', targetCapacity: 75 }, managedDraining: 'DISABLED' } });

  let err = await fail(ecs.send(new CreateCapacityProviderCommand({ name: 'spot', autoScalingGroupProvider: { autoScalingGroupArn: `${ASG}-2` } })));
  t.ok(err instanceof ClientException);
  t.match(err?.message, /already exists/);
  err = await fail(ecs.send(new CreateCapacityProviderCommand({ name: 'other', autoScalingGroupProvider: { autoScalingGroupArn: ASG } })));
  t.match(err?.message, /already being used by another capacity provider/);
  for (const name of ['fargate-x', 'ecs_cp', 'AWSthing', 'bad name']) {
    err = await fail(ecs.send(new CreateCapacityProviderCommand({ name, autoScalingGroupProvider: { autoScalingGroupArn: `${ASG}-${name.length}` } })));
    t.ok(err instanceof InvalidParameterException, `name "${name}" is refused`);
  }
  err = await fail(ecs.send(new CreateCapacityProviderCommand({ name: 'tp', autoScalingGroupProvider: { autoScalingGroupArn: `${ASG}-tp`, managedTerminationProtection: 'ENABLED' } })));
  t.ok(err instanceof InvalidParameterException, 'termination protection needs managed scaling');
  err = await fail(ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'FARGATE' })));
  t.ok(err instanceof InvalidParameterException, 'FARGATE is reserved');

  const deleted = await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'arn:aws:ecs:us-east-1:123456789012:capacity-provider/spot' }));
  t.equal(deleted.capacityProvider?.updateStatus, 'DELETE_IN_PROGRESS');
  const after = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['spot'] }));
  t.match(after.capacityProviders?.[0], { status: 'INACTIVE', updateStatus: 'DELETE_COMPLETE' });
  t.same((await ecs.send(new DescribeCapacityProvidersCommand({}))).capacityProviders?.map((c) => c.name), ['FARGATE', 'FARGATE_SPOT']);
  const rec = recordFor(await emu.records(), created.$metadata.requestId);
  t.equal(rec.responseElements.capacityProvider.name, 'spot', 'a create is recorded with its response');
});

t.test('PutClusterCapacityProviders: association, default strategy, in-use refusals; RunTask by an Auto Scaling group provider', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(Date.parse('2026-03-02T10:00:00Z')) });
  const { ecs } = emu;
  await ecs.send(new CreateCapacityProviderCommand({ name: 'asg', autoScalingGroupProvider: { autoScalingGroupArn: ASG } }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const put = await ecs.send(new PutClusterCapacityProvidersCommand({
    cluster: 'c',
    capacityProviders: ['asg', 'FARGATE'],
    defaultCapacityProviderStrategy: [{ capacityProvider: 'asg', weight: 1, base: 1 }],
  }));
  t.same(put.cluster?.capacityProviders, ['asg', 'FARGATE']);
  t.same((await ecs.send(new DescribeCapacityProvidersCommand({ cluster: 'c' }))).capacityProviders?.map((x) => x.name), ['FARGATE', 'asg'], "a cluster's own providers");
  t.equal(put.cluster?.attachmentsStatus, 'UPDATE_IN_PROGRESS');
  const ci = await registerInstance(emu.ecs, 'c');
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [{ name: 'a', image: 'nginx', memory: 128 }] }));
  const ran = await ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'app' }));
  t.match(ran.tasks?.[0], { capacityProviderName: 'asg', launchType: 'EC2', containerInstanceArn: ci }, "the cluster's default strategy places it on the group's instance");

  let err = await fail(ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'c', capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [] })));
  t.ok(err instanceof ResourceInUseException);
  t.equal(err?.message, 'The specified capacity provider is in use and cannot be removed.');
  err = await fail(ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'c', capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'asg', weight: 1 }] })));
  t.match(err?.message, /not associated with the cluster/);
  err = await fail(ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'c', capacityProviders: ['asg', 'FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'asg', weight: 1 }, { capacityProvider: 'FARGATE', weight: 1 }] })));
  t.match(err?.message, /cannot contain a mix/);
  err = await fail(ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'c', capacityProviders: ['ghost'], defaultCapacityProviderStrategy: [] })));
  t.ok(err instanceof InvalidParameterException);
  err = await fail(ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'asg' })));
  t.ok(err instanceof ClientException);
  t.equal(err?.message, 'The capacity provider cannot be deleted because it is associated with cluster: c. Remove the capacity provider from the cluster and try again.');
  await ecs.send(new CreateClusterCommand({ clusterName: 'd' }));
  err = await fail(ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'd', capacityProviders: ['asg'], defaultCapacityProviderStrategy: [] })));
  t.match(err?.message, /already associated with another cluster/);
});

t.test('UpdateCluster and UpdateClusterSettings', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const up = await ecs.send(new UpdateClusterCommand({
    cluster: 'c',
    settings: [{ name: 'containerInsights', value: 'enhanced' }],
    configuration: { executeCommandConfiguration: { logging: 'OVERRIDE', logConfiguration: { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true } } },
    serviceConnectDefaults: { namespace: 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-abcdefghijklmnop' },
  }));
  t.same(up.cluster?.settings, [{ name: 'containerInsights', value: 'enhanced' }]);
  t.equal(up.cluster?.configuration?.executeCommandConfiguration?.logging, 'OVERRIDE');
  t.equal(up.cluster?.serviceConnectDefaults?.namespace, 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-abcdefghijklmnop');
  const settings = await ecs.send(new UpdateClusterSettingsCommand({ cluster: 'c', settings: [{ name: 'containerInsights', value: 'disabled' }] }));
  t.same(settings.cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
  const described = (await ecs.send(new DescribeClustersCommand({ clusters: ['c'], include: ['CONFIGURATIONS', 'SETTINGS'] }))).clusters![0]!;
  t.equal(described.configuration?.executeCommandConfiguration?.logConfiguration?.cloudWatchLogGroupName, '/ecs/exec');
  const err = await fail(ecs.send(new UpdateClusterSettingsCommand({ cluster: 'c', settings: [{ name: 'containerInsights', value: 'maybe' }] })));
  t.ok(err instanceof InvalidParameterException);
  t.equal((await fail(ecs.send(new UpdateClusterCommand({ cluster: 'nope' }))))?.name, 'ClusterNotFoundException');
});

t.test('attributes: PutAttributes, ListAttributes, DeleteAttributes and their limits', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const a = await registerInstance(ecs, 'c');
  const id = a.split('/').pop()!;
  const put = await ecs.send(new PutAttributesCommand({ cluster: 'c', attributes: [{ name: 'stack', value: 'prod', targetId: a }, { name: 'rack', value: 'r1 @ dc/2', targetId: id, targetType: 'container-instance' }] }));
  t.equal(put.attributes?.length, 2);
  const listed = await ecs.send(new ListAttributesCommand({ cluster: 'c', targetType: 'container-instance', attributeName: 'stack' }));
  t.same(listed.attributes, [{ name: 'stack', value: 'prod', targetType: 'container-instance', targetId: a }]);
  const az = await ecs.send(new ListAttributesCommand({ cluster: 'c', targetType: 'container-instance', attributeName: 'ecs.availability-zone', attributeValue: 'us-east-1a' }));
  t.equal(az.attributes?.length, 1, 'built-in attributes are listed too');
  const page = await ecs.send(new ListAttributesCommand({ cluster: 'c', targetType: 'container-instance', maxResults: 3 }));
  t.equal(page.attributes?.length, 3);
  t.ok(page.nextToken);
  await ecs.send(new DeleteAttributesCommand({ cluster: 'c', attributes: [{ name: 'stack', targetId: a }] }));
  t.same((await ecs.send(new ListAttributesCommand({ cluster: 'c', targetType: 'container-instance', attributeName: 'stack' }))).attributes, []);

  const bad = async (attributes: object[]) => fail(ecs.send(new PutAttributesCommand({ cluster: 'c', attributes: attributes as never })));
  t.ok((await bad([{ name: 'x', value: 'y', targetId: 'f'.repeat(32), targetType: 'container-instance' }])) instanceof TargetNotFoundException);
  t.ok((await bad([{ name: 'x', value: 'y', targetId: id }])) instanceof InvalidParameterException, 'a short ID needs targetType');
  t.ok((await bad([{ name: 'bad name', value: 'y', targetId: a }])) instanceof InvalidParameterException);
  t.ok((await bad([{ name: 'x'.repeat(129), targetId: a }])) instanceof InvalidParameterException);
  t.ok((await bad([{ name: 'x', value: ' padded', targetId: a }])) instanceof InvalidParameterException);
  t.ok((await bad([{ name: 'x', value: 'semi;colon', targetId: a }])) instanceof InvalidParameterException);
  t.ok((await bad([{ name: 'ecs.instance-type', value: 'x', targetId: a }])) instanceof InvalidParameterException, 'built-in names are ECS’s');
  t.ok((await bad(Array.from({ length: 11 }, (_, i) => ({ name: `k${i}`, value: 'v', targetId: a })))) instanceof InvalidParameterException, 'at most 10 a call');
  await ecs.send(new PutAttributesCommand({ cluster: 'c', attributes: Array.from({ length: 9 }, (_, i) => ({ name: `k${i}`, value: 'v', targetId: a })) }));
  t.ok((await bad([{ name: 'k9', value: 'v', targetId: a }])) instanceof AttributeLimitExceededException, 'at most 10 custom attributes on an instance');
  const err = await fail(ecs.send(new ListAttributesCommand({ cluster: 'c', targetType: 'container-instance', attributeValue: 'v' })));
  t.ok(err instanceof InvalidParameterException, 'a value needs a name');
});
