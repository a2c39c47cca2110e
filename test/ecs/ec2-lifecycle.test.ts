import t from 'tap';
import pino from 'pino';
import { Writable } from 'node:stream';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeregisterContainerInstanceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateContainerInstancesStateCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { registerInstance } from '../helpers/ec2-instances.js';

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);
const wait = { maxWaitTime: 30, minDelay: 1, maxDelay: 1 };
const QUICK = { ...DEFAULT_TIMINGS, provisioningMs: 200, pendingMs: 200, stoppingMs: 200, deprovisioningMs: 200 };

t.test('an EC2 cluster’s life, read back from the trail in order: instances register, tasks placed, instance drained, tasks replaced, instance deregistered', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
  const emu = await startTestEmulator(t, { clock, ec2Instances: 2 });
  const { ecs } = emu;
  const tick = () => clock.advance(1000);
  await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
  tick();
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', networkMode: 'bridge', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 512, portMappings: [{ containerPort: 80 }] }] }));
  tick();
  await ecs.send(new CreateServiceCommand({ cluster: 'shop', serviceName: 'web', taskDefinition: 'web', desiredCount: 4, placementStrategy: [{ type: 'spread', field: 'instanceId' }] }));
  clock.advance(5000);
  const instances = (await ecs.send(new ListContainerInstancesCommand({ cluster: 'shop' }))).containerInstanceArns!;
  t.equal(instances.length, 2);
  const onEach = async (arn: string) => (await ecs.send(new ListTasksCommand({ cluster: 'shop', containerInstance: arn }))).taskArns!.length;
  t.same([await onEach(instances[0]!), await onEach(instances[1]!)], [2, 2], 'spread over the instances');
  tick();
  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'shop', containerInstances: [instances[0]!], status: 'DRAINING' }));
  clock.advance(5000);
  const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services![0]!;
  t.equal(svc.runningCount, 4, 'the service is whole again');
  t.same([await onEach(instances[0]!), await onEach(instances[1]!)], [0, 4], 'its tasks left the draining instance');
  const stopped = (await ecs.send(new ListTasksCommand({ cluster: 'shop', containerInstance: instances[0], desiredStatus: 'STOPPED' }))).taskArns!;
  const old = (await ecs.send(new DescribeTasksCommand({ cluster: 'shop', tasks: stopped }))).tasks!;
  t.same(old.map((x) => [x.lastStatus, x.stopCode]), [['STOPPED', 'ServiceSchedulerInitiated'], ['STOPPED', 'ServiceSchedulerInitiated']]);
  t.ok(svc.events?.some((e) => /has stopped 2 running tasks/.test(e.message!)), 'the moved tasks are in the service events');
  tick();
  const gone = await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'shop', containerInstance: instances[0]! }));
  t.equal(gone.containerInstance?.status, 'INACTIVE', 'a drained instance leaves without force');

  const records = (await emu.records()).filter((r) => r.eventSource === 'ecs.amazonaws.com');
  const sorted = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.eventTime.localeCompare(b.r.eventTime) || a.i - b.i).map(({ r }) => r);
  t.same(sorted.map((r) => r.eventName).filter((n) => !/^(List|Describe)/.test(n)), [
    'CreateCluster',
    'RegisterContainerInstance',
    'DiscoverPollEndpoint',
    'RegisterContainerInstance',
    'DiscoverPollEndpoint',
    'RegisterTaskDefinition',
    'CreateService',
    'UpdateContainerInstancesState',
    'DeregisterContainerInstance',
  ]);
  const agent = sorted.filter((r) => r.eventName === 'RegisterContainerInstance');
  t.same(agent.map((r) => r.responseElements.containerInstance.containerInstanceArn), instances, 'registered in the order they are listed');
  const drain = sorted.find((r) => r.eventName === 'UpdateContainerInstancesState')!;
  t.match(drain.responseElements.containerInstances[0], { status: 'DRAINING', runningTasksCount: 2 }, 'the drain answer still counts its 2 tasks');
  const dereg = sorted.find((r) => r.eventName === 'DeregisterContainerInstance')!;
  t.match(dereg.responseElements.containerInstance, { status: 'INACTIVE', runningTasksCount: 0 });
  t.equal(dereg.userIdentity.type, 'IAMUser', 'the operator deregisters it, not the agent');
});

t.test('a DAEMON service runs one task per instance, follows instances that join, drain and leave, and servicesStable finishes', async (t) => {
  const emu = await startTestEmulator(t, { ec2Instances: 2, timings: QUICK });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await ecs.send(new RegisterTaskDefinitionCommand({
    family: 'node-exporter',
    networkMode: 'host',
    pidMode: 'host',
    containerDefinitions: [{ name: 'exporter', image: 'quay.io/prometheus/node-exporter', memory: 128, privileged: true, portMappings: [{ containerPort: 9100 }] }],
  }));
  const created = await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'exporter', taskDefinition: 'node-exporter', schedulingStrategy: 'DAEMON' }));
  t.equal(created.service?.desiredCount, 2, 'one per instance');
  t.match(created.service?.deploymentConfiguration, { maximumPercent: 100, minimumHealthyPercent: 0 }, "a daemon's deployment defaults");
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'c', services: ['exporter'] });
  const describe = async () => (await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['exporter'] }))).services![0]!;
  t.match(await describe(), { desiredCount: 2, runningCount: 2 });

  const third = await registerInstance(ecs, 'c', { az: 'us-east-1c' });
  t.equal((await describe()).desiredCount, 3, 'a new instance gets its daemon task');
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'c', services: ['exporter'] });
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'c', containerInstance: third }))).taskArns?.length, 1);

  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c', containerInstances: [third], status: 'DRAINING' }));
  t.equal((await describe()).desiredCount, 2, 'a draining instance loses it');
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'c', containerInstance: third }))).taskArns?.length, 0);
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'c', services: ['exporter'] });
  await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c', containerInstance: third }));
  t.match(await describe(), { desiredCount: 2, runningCount: 2 });

  const err = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'exporter', desiredCount: 3 })));
  t.equal(err?.message, 'The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again');
  const fargate = await fail(ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'x', taskDefinition: 'node-exporter', schedulingStrategy: 'DAEMON', launchType: 'FARGATE' })));
  t.equal(fargate?.name, 'InvalidParameterException');
  const strategy = await fail(ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'y', taskDefinition: 'node-exporter', schedulingStrategy: 'DAEMON', placementStrategy: [{ type: 'random' }] })));
  t.equal(strategy?.name, 'InvalidParameterException');
  const updated = await ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'exporter', forceNewDeployment: true }));
  t.equal(updated.service?.deployments?.[0]?.desiredCount, 2, 'a new daemon deployment replaces each task in place');
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'c', services: ['exporter'] });
});

t.test('without instances: RunTask says why (and the log says how to get capacity); a service reports it in its events and starts once capacity comes', async (t) => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
  const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
  const emu = await startTestEmulator(t, { clock, logger });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [{ name: 'a', image: 'nginx', memory: 3000 }] }));
  const err = await fail(ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'app' })));
  t.equal(err?.message, 'No Container Instances were found in your cluster.');
  t.ok(lines.some((l) => /--ec2-instances/.test(l) && /RegisterContainerInstance/.test(l)), 'the operator log names the flag and RegisterContainerInstance');
  const svc = (await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 's', taskDefinition: 'app', desiredCount: 2 }))).service!;
  t.equal(svc.launchType, 'EC2');
  t.same(svc.events, [], 'the CreateService response comes before the scheduler tries (issue #15)');
  const described = (await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }))).services![0]!;
  t.equal(described.events?.[0]?.message, '(service s) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.');
  clock.advance(60_000);
  const ci = await registerInstance(ecs, 'c', { memory: 4096 });
  const after = (await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }))).services![0]!;
  t.equal(after.pendingCount, 1, 'the instance takes one task at once');
  t.equal(
    after.events?.[0]?.message,
    `(service s) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${ci.split('/').pop()}) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
  );
  t.match(after.events?.[1]?.message, /has started 1 tasks/);
  clock.advance(60_000);
  const again = (await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }))).services![0]!;
  t.equal(again.events?.length, after.events?.length, 'the same placement failure is not repeated');
  await registerInstance(ecs, 'c', { memory: 4096 });
  clock.advance(60_000);
  const whole = (await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }))).services![0]!;
  t.match(whole, { runningCount: 2, desiredCount: 2 });
  t.match(whole.events?.[0]?.message, /has reached a steady state/);
});
