import t from 'tap';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * Whatever the scheduler does — rolling updates that replace each other before the old tasks have
 * stopped (their planned stops are taken back), scale-in, StopTask — the trail's service events agree
 * with the tasks DescribeTasks shows: one ENI created per task, one deleted per stopped task, at the
 * moments the task reports, each role assumed once per task that reached PENDING, each target
 * registered once per task that ran and deregistered once when it stopped.
 */

const T0 = Date.parse('2026-06-01T08:00:00Z');
const ACCOUNT = '123456789012';
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/api/1a2b3c4d5e6f7a8b`;
const iso = (d: Date | undefined) => d && d.toISOString().replace(/\.\d{3}Z$/, 'Z');

t.test("the service events of a busy service match its tasks' lifecycle", async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock, serviceEvents: true });
  const ecs = emu.ecs;
  await ecs.send(new CreateClusterCommand({ clusterName: 'api' }));
  for (const image of ['api:1', 'api:2', 'api:3']) {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'api',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/api`,
        containerDefinitions: [{ name: 'api', image, portMappings: [{ containerPort: 8080 }] }],
      }),
    );
  }
  const net = { awsvpcConfiguration: { subnets: ['subnet-aa', 'subnet-bb'] } };
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'api',
      serviceName: 'api',
      taskDefinition: 'api:1',
      desiredCount: 3,
      launchType: 'FARGATE',
      networkConfiguration: net,
      loadBalancers: [{ targetGroupArn: TG, containerName: 'api', containerPort: 8080 }],
    }),
  );
  clock.advance(30_000);
  await ecs.send(new UpdateServiceCommand({ cluster: 'api', service: 'api', taskDefinition: 'api:2' }));
  // Before the old tasks' planned stops: a new plan takes them back and decides afresh.
  clock.advance(500);
  await ecs.send(new UpdateServiceCommand({ cluster: 'api', service: 'api', taskDefinition: 'api:3' }));
  clock.advance(60_000);
  await ecs.send(new UpdateServiceCommand({ cluster: 'api', service: 'api', desiredCount: 2 }));
  clock.advance(30_000);
  const running = await ecs.send(new ListTasksCommand({ cluster: 'api', desiredStatus: 'RUNNING' }));
  await ecs.send(new StopTaskCommand({ cluster: 'api', task: running.taskArns![0]! }));
  clock.advance(10 * 60_000);

  const arns = [
    ...(await ecs.send(new ListTasksCommand({ cluster: 'api', desiredStatus: 'RUNNING' }))).taskArns!,
    ...(await ecs.send(new ListTasksCommand({ cluster: 'api', desiredStatus: 'STOPPED' }))).taskArns!,
  ];
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) tasks.push(...(await ecs.send(new DescribeTasksCommand({ cluster: 'api', tasks: arns.slice(i, i + 100) }))).tasks!);
  t.ok(tasks.length >= 6, `several generations of tasks (${tasks.length})`);
  t.ok(tasks.some((x) => x.lastStatus === 'STOPPED') && tasks.some((x) => x.lastStatus === 'RUNNING'));

  const records = await emu.records();
  const of = (name: string) => records.filter((r) => r.eventName === name);
  for (const task of tasks) {
    const id = task.taskArn!.split('/').at(-1)!;
    const details = Object.fromEntries(task.attachments![0]!.details!.map((d) => [d.name, d.value]));
    const eni = details.networkInterfaceId;
    const ip = details.privateIPv4Address;
    const created = of('CreateNetworkInterface').filter((r) => r.responseElements.networkInterface.networkInterfaceId === eni);
    t.strictSame(created.map((r) => r.eventTime), [iso(task.createdAt)], `${id}: its ENI created once, as it was placed`);
    const deleted = of('DeleteNetworkInterface').filter((r) => r.requestParameters.networkInterfaceId === eni);
    t.strictSame(deleted.map((r) => r.eventTime), task.executionStoppedAt ? [iso(task.executionStoppedAt)] : [], `${id}: deleted once if it stopped, when its containers did`);
    const assumed = of('AssumeRole').filter((r) => r.requestParameters.roleSessionName === id);
    t.strictSame(assumed.map((r) => r.eventTime), task.pullStartedAt ? [iso(task.pullStartedAt)] : [], `${id}: its role assumed once, as PENDING began`);
    const registered = of('RegisterTargets').filter((r) => r.requestParameters.targets.some((x: { id: string }) => x.id === ip));
    t.strictSame(registered.map((r) => r.eventTime), task.startedAt ? [iso(task.startedAt)] : [], `${id}: registered once if it ran`);
    const deregistered = of('DeregisterTargets').filter((r) => r.requestParameters.targets.some((x: { id: string }) => x.id === ip));
    t.strictSame(deregistered.map((r) => r.eventTime), task.startedAt && task.stoppingAt ? [iso(task.stoppingAt)] : [], `${id}: deregistered once if it ran and stopped`);
  }
  const enis = new Set(tasks.map((x) => x.attachments![0]!.details!.find((d) => d.name === 'networkInterfaceId')!.value));
  t.ok(of('CreateNetworkInterface').every((r) => enis.has(r.responseElements.networkInterface.networkInterfaceId)), 'no ENI of a task that does not exist');
});
