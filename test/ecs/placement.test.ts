import t from 'tap';
import {
  ClientException,
  CreateClusterCommand,
  DescribeContainerInstancesCommand,
  InvalidParameterException,
  ListTasksCommand,
  PutAttributesCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  UpdateContainerInstancesStateCommand,
  type ECSClient,
  type ECSServiceException,
  type RegisterTaskDefinitionCommandInput,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { registerInstance } from '../helpers/ec2-instances.js';

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);
const T0 = Date.parse('2026-03-02T10:00:00Z');

async function cluster(ecs: ECSClient, instances: Parameters<typeof registerInstance>[2][]): Promise<string[]> {
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const arns: string[] = [];
  for (const shape of instances) arns.push(await registerInstance(ecs, 'c', shape));
  return arns;
}

const td = (ecs: ECSClient, family: string, over: Partial<RegisterTaskDefinitionCommandInput> = {}) =>
  ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: [{ name: 'app', image: 'nginx', cpu: 256, memory: 512 }], ...over }));

const run = async (ecs: ECSClient, input: Partial<RunTaskCommandInput>) => ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'app', ...input }));
const where = (tasks: { containerInstanceArn?: string }[] | undefined, arns: string[]) => (tasks ?? []).map((x) => arns.indexOf(x.containerInstanceArn!));

t.test('binpack fills the fullest instance that fits; spread balances over an attribute and over instances', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  const { ecs } = emu;
  const arns = await cluster(ecs, [
    { az: 'us-east-1a', memory: 4096 },
    { az: 'us-east-1a', memory: 2048 },
    { az: 'us-east-1b', memory: 4096 },
  ]);
  await td(ecs, 'app');
  const packed = await run(ecs, { count: 4, placementStrategy: [{ type: 'binpack', field: 'memory' }] });
  t.same(where(packed.tasks, arns), [1, 1, 1, 1], 'the 2 GiB instance first, until it is full');
  const next = await run(ecs, { count: 1, placementStrategy: [{ type: 'binpack', field: 'memory' }] });
  t.same(where(next.tasks, arns), [0], 'then the fullest of the rest (a tie: the oldest)');
  await td(ecs, 'spread-me');
  const spread = await run(ecs, { taskDefinition: 'spread-me', count: 4, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' }] });
  t.same(where(spread.tasks, arns).map((i) => (i === 2 ? 'b' : 'a')), ['a', 'b', 'a', 'b'], 'alternating zones');
  t.notOk(where(spread.tasks, arns).includes(1), 'never on the full instance');
  const random = await run(ecs, { taskDefinition: 'spread-me', count: 3, placementStrategy: [{ type: 'random' }] });
  t.equal(random.tasks?.length, 3);
  t.equal(random.failures?.length, 0);
  const ci = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'c', containerInstances: [arns[1]!] }))).containerInstances![0]!;
  // "runningTasksCount: The number of tasks on the container instance that have a desired status of RUNNING."
  t.equal(ci.runningTasksCount, 4 + where(spread.tasks, arns).filter((i) => i === 1).length + where(random.tasks, arns).filter((i) => i === 1).length);
  t.equal(ci.remainingResources?.find((r) => r.name === 'MEMORY')?.integerValue, 0, 'remaining memory accounts every task on it');
  t.equal(ci.remainingResources?.find((r) => r.name === 'CPU')?.integerValue, 2048 - 4 * 256 - (where(spread.tasks, arns).filter((i) => i === 1).length + where(random.tasks, arns).filter((i) => i === 1).length) * 256);
});

t.test('when nothing fits: failures name each instance and its reason; CPU, memory, ports, agent, attributes', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  const { ecs } = emu;
  const arns = await cluster(ecs, [{ memory: 1024, cpu: 1024 }]);
  await td(ecs, 'big', { containerDefinitions: [{ name: 'app', image: 'nginx', memory: 2048 }] });
  let res = await run(ecs, { taskDefinition: 'big' });
  t.same(res.tasks, []);
  t.same(res.failures, [{ arn: arns[0], reason: 'RESOURCE:MEMORY' }]);
  await td(ecs, 'cpu', { containerDefinitions: [{ name: 'app', image: 'nginx', cpu: 2048, memory: 64 }] });
  t.same((await run(ecs, { taskDefinition: 'cpu' })).failures, [{ arn: arns[0], reason: 'RESOURCE:CPU' }]);
  await td(ecs, 'web', { networkMode: 'bridge', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 64, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] });
  res = await run(ecs, { taskDefinition: 'web', count: 2 });
  t.equal(res.tasks?.length, 1, 'one task per fixed host port');
  t.same(res.failures, [{ arn: arns[0], reason: 'RESOURCE:PORTS' }]);
  t.equal(res.tasks?.[0]?.containers?.[0]?.networkBindings, undefined, 'bindings appear once the container runs (not in the RunTask answer)');
  await td(ecs, 'ssh', { networkMode: 'host', containerDefinitions: [{ name: 'app', image: 'sshd', memory: 64, portMappings: [{ containerPort: 22 }] }] });
  t.same((await run(ecs, { taskDefinition: 'ssh' })).failures, [{ arn: arns[0], reason: 'RESOURCE:PORTS' }], "the agent's reserved port 22");
  await td(ecs, 'needs', { containerDefinitions: [{ name: 'app', image: 'nginx', memory: 64, logConfiguration: { logDriver: 'splunk' } }] });
  t.same((await run(ecs, { taskDefinition: 'needs' })).failures, [{ arn: arns[0], reason: 'ATTRIBUTE' }], 'requiresAttributes the instance lacks');
  const err = await fail(ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'big', launchType: 'EC2', placementConstraints: [{ type: 'memberOf', expression: 'attribute:x ==' }] })));
  t.ok(err instanceof InvalidParameterException, 'an expression that does not parse is the call’s error');
});

t.test('constraints: memberOf with the cluster query language, distinctInstance per task group', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  const { ecs } = emu;
  const arns = await cluster(ecs, [{ instanceType: 't3.small' }, { instanceType: 'm5.large' }, { instanceType: 'm5.large' }]);
  await td(ecs, 'app');
  let res = await run(ecs, { count: 4, placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m5.*' }] });
  t.notOk(where(res.tasks, arns).includes(0), 'never on the t3.small');
  res = await run(ecs, { count: 4, group: 'etl', placementConstraints: [{ type: 'distinctInstance' }] });
  t.equal(res.tasks?.length, 3, 'one per instance');
  t.same(new Set(where(res.tasks, arns)).size, 3);
  t.equal(res.failures?.[0]?.reason, 'DistinctInstance placement constraint unsatisfied.');
  await ecs.send(new PutAttributesCommand({ cluster: 'c', attributes: [{ name: 'gpu', value: 'true', targetId: arns[2] }] }));
  res = await run(ecs, { count: 2, placementConstraints: [{ type: 'memberOf', expression: 'attribute:gpu == true' }] });
  t.same(where(res.tasks, arns), [2, 2]);
  await td(ecs, 'pinned', { placementConstraints: [{ type: 'memberOf', expression: 'attribute:gpu == false' }] });
  res = await run(ecs, { taskDefinition: 'pinned' });
  t.same(res.failures?.map((f) => f.reason), Array(3).fill('MemberOf placement constraint unsatisfied.'), "the definition's own constraints count");
  // The SDK's type allows only memberOf here; the wire allows anything, and ECS refuses it.
  const err = await fail(td(ecs, 'bad', { placementConstraints: [{ type: 'distinctInstance' as 'memberOf' }] }));
  t.ok(err instanceof ClientException, 'a task definition takes only memberOf');
});

t.test('network modes and host features on EC2: bridge, host, awsvpc; privileged, pidMode and ipcMode', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0), timings: { ...DEFAULT_TIMINGS, provisioningMs: 0, pendingMs: 0 } });
  const { ecs } = emu;
  const arns = await cluster(ecs, [{}]);
  const host = await td(ecs, 'agent', {
    networkMode: 'host',
    pidMode: 'host',
    ipcMode: 'host',
    containerDefinitions: [{ name: 'agent', image: 'datadog/agent', memory: 256, privileged: true, portMappings: [{ containerPort: 8125, protocol: 'udp' }] }],
  });
  t.same(host.taskDefinition?.compatibilities, ['EXTERNAL', 'EC2'], 'not Fargate-compatible');
  const ran = await run(ecs, { taskDefinition: 'agent' });
  const task = ran.tasks![0]!;
  t.equal(task.launchType, 'EC2');
  t.equal(task.containerInstanceArn, arns[0]);
  t.equal(task.availabilityZone, 'us-east-1a', "the instance's zone");
  t.same(task.containers?.[0]?.networkBindings, [{ bindIP: '0.0.0.0', containerPort: 8125, hostPort: 8125, protocol: 'udp' }]);
  const ci = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'c', containerInstances: arns }))).containerInstances![0]!;
  t.same(ci.remainingResources?.find((r) => r.name === 'PORTS_UDP')?.stringSetValue, ['8125']);
  let err = await fail(ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'agent', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } })));
  t.ok(err instanceof InvalidParameterException, 'Fargate refuses it');
  err = await fail(td(ecs, 'fg-ipc', { requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', ipcMode: 'task', containerDefinitions: [{ name: 'a', image: 'x' }] }));
  t.ok(err instanceof ClientException, 'a Fargate definition with ipcMode is refused');

  await td(ecs, 'dyn', { networkMode: 'bridge', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64, portMappings: [{ containerPort: 80 }] }] });
  const dyn = (await run(ecs, { taskDefinition: 'dyn', count: 3 })).tasks!;
  t.equal(dyn.length, 3, 'dynamic host ports never collide with a reservation');
  for (const x of dyn) t.ok(x.containers![0]!.networkBindings![0]!.hostPort! >= 32768);

  await td(ecs, 'eni', { networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'nginx', memory: 64, portMappings: [{ containerPort: 80 }] }] });
  err = await fail(run(ecs, { taskDefinition: 'eni' }));
  t.match(err?.message, /Network Configuration must be provided/);
  const eni = (await run(ecs, { taskDefinition: 'eni', count: 2, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'] } } })).tasks!;
  t.equal(eni.length, 2, 'awsvpc tasks hold no host port');
  t.equal(eni[0]!.attachments?.[0]?.type, 'ElasticNetworkInterface');
  err = await fail(run(ecs, { taskDefinition: 'dyn', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'] } } }));
  t.match(err?.message, /not valid for the given networkMode/);
});

t.test('RunTask with no launch type: EC2 on a cluster with instances, the default capacity provider strategy otherwise', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'empty' }));
  await td(ecs, 'app');
  const err = await fail(ecs.send(new RunTaskCommand({ cluster: 'empty', taskDefinition: 'app' })));
  t.ok(err instanceof InvalidParameterException);
  t.equal(err?.message, 'No Container Instances were found in your cluster.', "ECS's own sentence, nothing added");
  const arns = await cluster(ecs, [{}]);
  const ran = await run(ecs, {});
  t.equal(ran.tasks?.[0]?.launchType, 'EC2');
  t.equal(ran.tasks?.[0]?.containerInstanceArn, arns[0]);
  await ecs.send(new CreateClusterCommand({
    clusterName: 'fargate-default',
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
  }));
  await td(ecs, 'fg', { requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'a', image: 'nginx' }] });
  const fg = await ecs.send(new RunTaskCommand({ cluster: 'fargate-default', taskDefinition: 'fg', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }));
  t.equal(fg.tasks?.[0]?.capacityProviderName, 'FARGATE_SPOT');
  t.equal(fg.tasks?.[0]?.launchType, 'FARGATE');
});

t.test('StartTask: one task on each named instance, failures for the rest', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  const { ecs } = emu;
  const arns = await cluster(ecs, [{}, { memory: 256 }]);
  await td(ecs, 'app');
  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c', containerInstances: [arns[0]!], status: 'DRAINING' }));
  const res = await ecs.send(new StartTaskCommand({ cluster: 'c', taskDefinition: 'app', containerInstances: [arns[0]!, arns[1]!, 'b'.repeat(32)], startedBy: 'ops', group: 'maintenance' }));
  t.same(res.tasks?.map((x) => [x.containerInstanceArn, x.group, x.startedBy, x.launchType]), [[arns[0], 'maintenance', 'ops', 'EC2']], 'a named instance is taken even DRAINING');
  t.same(res.failures, [
    { arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/c/${'b'.repeat(32)}`, reason: 'MISSING' },
    { arn: arns[1], reason: 'RESOURCE:MEMORY' },
  ]);
  t.same((await ecs.send(new ListTasksCommand({ cluster: 'c', containerInstance: arns[0] }))).taskArns, [res.tasks![0]!.taskArn]);
  const small = await registerInstance(ecs, 'c', { memory: 600 });
  const twice = await ecs.send(new StartTaskCommand({ cluster: 'c', taskDefinition: 'app', containerInstances: [small, small] }));
  t.equal(twice.tasks?.length, 1, 'an instance named twice takes what fits');
  t.same(twice.failures, [{ arn: small, reason: 'RESOURCE:MEMORY' }]);
  let err = await fail(ecs.send(new StartTaskCommand({ cluster: 'c', taskDefinition: 'app', containerInstances: [] })));
  t.ok(err instanceof InvalidParameterException);
  err = await fail(ecs.send(new StartTaskCommand({ cluster: 'c', taskDefinition: 'app', containerInstances: Array(11).fill(arns[0]!) })));
  t.equal(err?.message, 'containerInstances can have at most 10 items.');
  err = await fail(ecs.send(new StartTaskCommand({ cluster: 'c', taskDefinition: 'nope', containerInstances: [arns[0]!] })));
  t.ok(err instanceof ClientException);
});
