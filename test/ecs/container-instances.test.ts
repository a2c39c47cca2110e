import t from 'tap';
import {
  ClientException,
  ClusterContainsContainerInstancesException,
  CreateClusterCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  DiscoverPollEndpointCommand,
  InvalidParameterException,
  ListContainerInstancesCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  MissingVersionException,
  NoUpdateAvailableException,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  SubmitAttachmentStateChangesCommand,
  SubmitContainerStateChangeCommand,
  SubmitTaskStateChangeCommand,
  TagResourceCommand,
  UpdateContainerAgentCommand,
  UpdateContainerInstancesStateCommand,
  UpdateInProgressException,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';
import { registerInstance } from '../helpers/ec2-instances.js';

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);
const T0 = Date.parse('2026-03-02T10:00:00Z');

t.test('RegisterContainerInstance: the instance is ACTIVE, described with its resources and attributes, counted and listed', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const res = await ecs.send(
    new RegisterContainerInstanceCommand({
      cluster: 'c',
      instanceIdentityDocument: JSON.stringify({ instanceId: 'i-0abc1234def567890', availabilityZone: 'us-east-1b', instanceType: 'c5.xlarge', imageId: 'ami-0feedface0123456' }),
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 4096 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 7680 },
        { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '51678'] },
      ],
      versionInfo: { agentVersion: '1.67.1', agentHash: '989593e9', dockerVersion: 'DockerVersion: 20.10.17' },
      attributes: [{ name: 'com.amazonaws.ecs.capability.privileged-container' }, { name: 'stack', value: 'prod' }],
      tags: [{ key: 'owner', value: 'platform' }],
    }),
  );
  const ci = res.containerInstance!;
  t.match(ci.containerInstanceArn, /^arn:aws:ecs:us-east-1:123456789012:container-instance\/c\/[0-9a-f]{32}$/);
  t.equal(ci.ec2InstanceId, 'i-0abc1234def567890');
  t.equal(ci.status, 'ACTIVE');
  t.equal(ci.agentConnected, true);
  t.equal(ci.registeredAt?.getTime(), T0);
  t.same(ci.registeredResources?.map((r) => [r.name, r.integerValue, r.stringSetValue]), [
    ['CPU', 4096, undefined], ['MEMORY', 7680, undefined], ['PORTS', 0, ['22', '51678']], ['PORTS_UDP', 0, []],
  ]);
  const attr = (name: string) => ci.attributes?.find((a) => a.name === name);
  t.equal(attr('ecs.availability-zone')?.value, 'us-east-1b', 'built-in attributes from the identity document');
  t.equal(attr('ecs.instance-type')?.value, 'c5.xlarge');
  t.equal(attr('ecs.ami-id')?.value, 'ami-0feedface0123456');
  t.equal(attr('ecs.os-type')?.value, 'linux');
  t.same(attr('com.amazonaws.ecs.capability.privileged-container'), { name: 'com.amazonaws.ecs.capability.privileged-container' }, 'a name-only attribute has no value');
  t.equal(attr('stack')?.value, 'prod');

  const described = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'c', containerInstances: [ci.containerInstanceArn!.split('/').pop()!, 'nope'], include: ['TAGS', 'CONTAINER_INSTANCE_HEALTH'] }));
  t.equal(described.containerInstances?.[0]?.containerInstanceArn, ci.containerInstanceArn, 'an ID works as well as the ARN');
  t.same(described.containerInstances?.[0]?.tags, [{ key: 'owner', value: 'platform' }]);
  t.equal(described.containerInstances?.[0]?.healthStatus?.overallStatus, 'OK');
  t.same(described.failures, [{ arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/c/nope', reason: 'MISSING' }]);

  const cluster = (await ecs.send(new DescribeClustersCommand({ clusters: ['c'] }))).clusters![0]!;
  t.equal(cluster.registeredContainerInstancesCount, 1);

  const again = await registerInstance(ecs, 'c', { instanceId: 'i-0abc1234def567890', az: 'us-east-1b' });
  t.equal(again, ci.containerInstanceArn, 'the same EC2 instance registering again is the same container instance');
  t.equal((await ecs.send(new ListTagsForResourceCommand({ resourceArn: again }))).tags?.length, 1);
  await ecs.send(new TagResourceCommand({ resourceArn: again, tags: [{ key: 'patched', value: 'no' }] }));
  t.equal((await ecs.send(new ListTagsForResourceCommand({ resourceArn: again }))).tags?.length, 2, 'container instances are taggable');
});

t.test('RegisterContainerInstance refuses unknown and inactive clusters and bad identity documents', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  let err = await fail(registerInstance(ecs, 'ghost'));
  t.ok(err instanceof ClientException);
  t.equal(err?.message, 'Cluster not found.');
  await ecs.send(new CreateClusterCommand({ clusterName: 'gone' }));
  await ecs.send(new DeleteClusterCommand({ cluster: 'gone' }));
  err = await fail(registerInstance(ecs, 'gone'));
  t.equal(err?.message, 'The referenced cluster was inactive.');
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  err = await fail(ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c', instanceIdentityDocument: '{not json' })));
  t.ok(err instanceof InvalidParameterException);
  err = await fail(ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c', attributes: [{ name: 'bad name!' }] })));
  t.ok(err instanceof InvalidParameterException, 'attribute names are checked');
});

t.test('ListContainerInstances: status, the cluster query language, pagination and bad filters', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const a = await registerInstance(ecs, 'c', { az: 'us-east-1a', instanceType: 't3.small' });
  const b = await registerInstance(ecs, 'c', { az: 'us-east-1b', instanceType: 'm5.large' });
  const c = await registerInstance(ecs, 'c', { az: 'us-east-1c', instanceType: 'm5.large', agentVersion: '1.9.0' });
  const list = async (input: Record<string, unknown>) => (await ecs.send(new ListContainerInstancesCommand({ cluster: 'c', ...input }))).containerInstanceArns;
  t.same(await list({}), [a, b, c], 'oldest first');
  t.same(await list({ filter: 'attribute:ecs.instance-type == m5.large' }), [b, c]);
  t.same(await list({ filter: 'attribute:ecs.instance-type =~ t3.* or attribute:ecs.availability-zone in [us-east-1c]' }), [a, c]);
  t.same(await list({ filter: 'not(attribute:ecs.availability-zone == us-east-1a) and agentVersion < 1.14.5' }), [c]);
  t.same(await list({ filter: 'attribute:stack exists' }), []);
  t.same(await list({ filter: `ec2InstanceId != 'nothing' && runningTasksCount == 0` }), [a, b, c]);
  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c', containerInstances: [b], status: 'DRAINING' }));
  t.same(await list({ status: 'DRAINING' }), [b]);
  t.same(await list({ status: 'ACTIVE' }), [a, c]);
  const page = await ecs.send(new ListContainerInstancesCommand({ cluster: 'c', maxResults: 2 }));
  t.equal(page.containerInstanceArns?.length, 2);
  t.same((await ecs.send(new ListContainerInstancesCommand({ cluster: 'c', nextToken: page.nextToken }))).containerInstanceArns, [c]);
  for (const filter of ['attribute:x ==', 'bogus == 1', '(attribute:a == b', 'attribute:a ~~ b', 'attribute:a =~ (']) {
    const err = await fail(list({ filter }));
    t.ok(err instanceof InvalidParameterException, `"${filter}" is refused`);
    t.match(err?.message, /^Invalid expression/);
  }
});

t.test('UpdateContainerInstancesState: ACTIVE and DRAINING only, MISSING failures, limits', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const a = await registerInstance(ecs, 'c');
  const res = await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c', containerInstances: [a, 'f'.repeat(32)], status: 'DRAINING' }));
  t.equal(res.containerInstances?.[0]?.status, 'DRAINING');
  t.same(res.failures, [{ arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/c/${'f'.repeat(32)}`, reason: 'MISSING' }]);
  t.equal((await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c', containerInstances: [a], status: 'ACTIVE' }))).containerInstances?.[0]?.status, 'ACTIVE');
  let err = await fail(ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c', containerInstances: [a], status: 'REGISTERING' })));
  t.ok(err instanceof InvalidParameterException);
  t.match(err?.message, /ACTIVE or DRAINING/);
  err = await fail(ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c', containerInstances: Array(11).fill(a), status: 'ACTIVE' })));
  t.equal(err?.message, 'containerInstances can have at most 10 items.');
});

t.test('UpdateContainerAgent: PENDING to UPDATED on the clock, in progress, up to date, no version', async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const old = await registerInstance(ecs, 'c', { agentVersion: '1.60.0' });
  const started = await ecs.send(new UpdateContainerAgentCommand({ cluster: 'c', containerInstance: old }));
  t.equal(started.containerInstance?.agentUpdateStatus, 'PENDING');
  t.ok((await fail(ecs.send(new UpdateContainerAgentCommand({ cluster: 'c', containerInstance: old })))) instanceof UpdateInProgressException);
  clock.advance(10_000);
  const after = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'c', containerInstances: [old] }))).containerInstances![0]!;
  t.equal(after.agentUpdateStatus, 'UPDATED');
  t.equal(after.versionInfo?.agentVersion, '1.67.1');
  t.ok((await fail(ecs.send(new UpdateContainerAgentCommand({ cluster: 'c', containerInstance: old })))) instanceof NoUpdateAvailableException);
  const bare = (await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c' }))).containerInstance!.containerInstanceArn!;
  t.ok((await fail(ecs.send(new UpdateContainerAgentCommand({ cluster: 'c', containerInstance: bare })))) instanceof MissingVersionException);
  const err = await fail(ecs.send(new UpdateContainerAgentCommand({ cluster: 'c', containerInstance: 'a'.repeat(32) })));
  t.ok(err instanceof InvalidParameterException, 'an unknown instance');
});

t.test('the agent calls: DiscoverPollEndpoint (read-only, no response in the trail) and the Submit* state changes', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0), timings: DEFAULT_TIMINGS });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const ci = await registerInstance(ecs, 'c');
  const poll = await ecs.send(new DiscoverPollEndpointCommand({ cluster: 'c', containerInstance: ci }));
  t.match(poll.endpoint, /^https:\/\/ecs-a-\d{1,2}\.us-east-1\.amazonaws\.com\/$/);
  t.match(poll.telemetryEndpoint, /^https:\/\/ecs-t-\d{1,2}\.us-east-1\.amazonaws\.com\/$/);

  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'job', containerDefinitions: [{ name: 'main', image: 'busybox', memory: 128 }, { name: 'log', image: 'fluent-bit', memory: 64, essential: false }] }));
  const run = async () => (await ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'job' }))).tasks![0]!.taskArn!;
  const one = await run();
  const ack = await ecs.send(new SubmitTaskStateChangeCommand({ cluster: 'c', task: one, status: 'STOPPED', reason: 'OutOfMemoryError: Container killed due to memory usage', containers: [{ containerName: 'main', exitCode: 137, status: 'STOPPED' }] }));
  t.equal(ack.acknowledgment, 'ACK');
  let task = (await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [one] }))).tasks![0]!;
  t.equal(task.desiredStatus, 'STOPPED');
  t.equal(task.stopCode, 'EssentialContainerExited');
  t.equal(task.stoppedReason, 'OutOfMemoryError: Container killed due to memory usage');

  const two = await run();
  await ecs.send(new SubmitContainerStateChangeCommand({ cluster: 'c', task: two, containerName: 'log', status: 'STOPPED', exitCode: 1 }));
  task = (await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [two] }))).tasks![0]!;
  t.equal(task.desiredStatus, 'RUNNING', 'a non-essential container stopping leaves the task running');
  await ecs.send(new SubmitContainerStateChangeCommand({ cluster: 'c', task: two, containerName: 'main', status: 'STOPPED', exitCode: 0 }));
  task = (await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [two] }))).tasks![0]!;
  t.equal(task.stoppedReason, 'Essential container in task exited');

  t.ok((await fail(ecs.send(new SubmitTaskStateChangeCommand({ cluster: 'c', task: 'a'.repeat(32), status: 'RUNNING' })))) instanceof InvalidParameterException, 'an unknown task');
  t.ok((await fail(ecs.send(new SubmitContainerStateChangeCommand({ cluster: 'c', task: two, containerName: 'nope', status: 'RUNNING' })))) instanceof InvalidParameterException, 'an unknown container');
  t.equal((await ecs.send(new SubmitAttachmentStateChangesCommand({ cluster: 'c', attachments: [{ attachmentArn: 'arn:aws:ecs:us-east-1:123456789012:attachment/0d5c8f0a-1234-4a5b-9c8d-0123456789ab', status: 'ATTACHED' }] }))).acknowledgment, 'ACK');
  t.ok((await fail(ecs.send(new SubmitAttachmentStateChangesCommand({ cluster: 'c', attachments: [] })))) instanceof InvalidParameterException);

  const rec = recordFor(await emu.records(), poll.$metadata.requestId);
  t.equal(rec.readOnly, true, 'DiscoverPollEndpoint is read-only');
  t.equal(rec.responseElements, null);
  t.same(rec.requestParameters, { cluster: 'c', containerInstance: ci });
  const submit = recordFor(await emu.records(), ack.$metadata.requestId);
  t.equal(submit.readOnly, false);
  t.same(submit.responseElements, { acknowledgment: 'ACK' });
});

t.test('DeregisterContainerInstance: refused with running tasks unless forced; INACTIVE afterwards; DeleteCluster waits for it', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const ci = await registerInstance(ecs, 'c');
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'job', containerDefinitions: [{ name: 'main', image: 'busybox', memory: 128 }] }));
  const task = (await ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'job' }))).tasks![0]!;
  t.equal(task.containerInstanceArn, ci);
  let err = await fail(ecs.send(new DeleteClusterCommand({ cluster: 'c' })));
  t.ok(err instanceof ClusterContainsContainerInstancesException);
  t.equal(err?.message, 'The Cluster cannot be deleted while Container Instances are active or draining.');
  err = await fail(ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c', containerInstance: ci })));
  t.ok(err instanceof InvalidParameterException);
  t.match(err?.message, /running tasks/);
  const gone = await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c', containerInstance: ci, force: true }));
  t.equal(gone.containerInstance?.status, 'INACTIVE');
  t.equal(gone.containerInstance?.agentConnected, false);
  const orphan = (await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [task.taskArn!] }))).tasks![0]!;
  t.equal(orphan.desiredStatus, 'STOPPED', 'the orphaned task is shown stopping');
  t.same((await ecs.send(new ListContainerInstancesCommand({ cluster: 'c' }))).containerInstanceArns, []);
  t.equal((await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'c', containerInstances: [ci] }))).containerInstances?.[0]?.status, 'INACTIVE', 'still describable');
  t.same((await ecs.send(new ListTasksCommand({ cluster: 'c', containerInstance: ci, desiredStatus: 'STOPPED' }))).taskArns, [task.taskArn]);
  err = await fail(ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c', containerInstance: ci })));
  t.ok(err instanceof InvalidParameterException, 'deregistering again: not found');
  t.equal((await ecs.send(new DescribeClustersCommand({ clusters: ['c'] }))).clusters?.[0]?.registeredContainerInstancesCount, 0);
});
