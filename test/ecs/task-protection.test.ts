import t from 'tap';
import {
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeTasksCommand,
  GetTaskProtectionCommand,
  InvalidParameterException,
  ListTasksCommand,
  RunTaskCommand,
  UpdateServiceCommand,
  UpdateTaskProtectionCommand,
  type ECSClient,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';
import { fargateTaskDefinition } from '../helpers/task-definitions.js';

const TIMINGS = { ...DEFAULT_TIMINGS, provisioningMs: 100, pendingMs: 100, stoppingMs: 100, deprovisioningMs: 100 };
const NET = { awsvpcConfiguration: { subnets: ['subnet-12345678'] } };
const MINUTE = 60_000;
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

/** Cluster `c`, a service `web` of 2 Fargate tasks and a standalone task; returns the task ARNs. */
async function setup(ecs: ECSClient, clock: ManualClock) {
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await ecs.send(fargateTaskDefinition('web', [{ name: 'app', image: 'nginx' }]));
  await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'FARGATE', networkConfiguration: NET }));
  const standalone = (await ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'web', launchType: 'FARGATE', networkConfiguration: NET }))).tasks![0]!.taskArn!;
  clock.advance(1000);
  const serviceTasks = (await ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: 'web' }))).taskArns!;
  return { serviceTasks, standalone };
}

t.test('protection is on for its period, then expires on the clock', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  const { serviceTasks, standalone } = await setup(ecs, clock);
  t.equal(serviceTasks.length, 2);
  const [a, b] = serviceTasks as [string, string];

  const before = await ecs.send(new GetTaskProtectionCommand({ cluster: 'c', tasks: [a] }));
  t.same(before.protectedTasks, [{ taskArn: a, protectionEnabled: false }]);

  const on = await ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: [a, b.split('/').at(-1)!], protectionEnabled: true, expiresInMinutes: 60 }));
  const expires = new Date(clock.now() + 60 * MINUTE);
  t.same(on.failures, []);
  t.same(on.protectedTasks, [
    { taskArn: a, protectionEnabled: true, expirationDate: expires },
    { taskArn: b, protectionEnabled: true, expirationDate: expires },
  ], 'a task id is resolved in the cluster');

  clock.advance(59 * MINUTE);
  t.equal((await ecs.send(new GetTaskProtectionCommand({ cluster: 'c', tasks: [a] }))).protectedTasks?.[0]?.protectionEnabled, true);
  clock.advance(MINUTE);
  t.same((await ecs.send(new GetTaskProtectionCommand({ cluster: 'c', tasks: [a] }))).protectedTasks, [{ taskArn: a, protectionEnabled: false }], 'expired at expirationDate');

  const dflt = await ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: [a], protectionEnabled: true }));
  t.same(dflt.protectedTasks?.[0]?.expirationDate, new Date(clock.now() + 120 * MINUTE), 'default period: 120 minutes');
  const off = await ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: [a], protectionEnabled: false }));
  t.same(off.protectedTasks, [{ taskArn: a, protectionEnabled: false }]);

  const standaloneTry = await ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: [standalone, 'ffffffffffffffffffffffffffffffff'], protectionEnabled: true }));
  t.same(standaloneTry.protectedTasks, []);
  t.match(standaloneTry.failures, [
    { arn: standalone, reason: 'TASK_NOT_VALID' },
    { arn: /task\/c\/f{32}$/, reason: 'MISSING' },
  ], 'a standalone task cannot be protected; an unknown one is MISSING');

  const records = await emu.records();
  t.match(recordFor(records, on.$metadata.requestId), {
    eventName: 'UpdateTaskProtection',
    readOnly: false,
    requestParameters: { cluster: 'c', protectionEnabled: true, expiresInMinutes: 60 },
    responseElements: { protectedTasks: [{ taskArn: a, protectionEnabled: true }] },
  });
  t.match(recordFor(records, before.$metadata.requestId), { eventName: 'GetTaskProtection', readOnly: true, responseElements: null });
});

t.test('scale-in skips protected tasks until their protection ends', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  const { ecs } = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { serviceTasks } = await setup(ecs, clock);
  const [a, b] = serviceTasks as [string, string];
  await ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: [a, b], protectionEnabled: true, expiresInMinutes: 10 }));
  await ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', desiredCount: 1 }));
  clock.advance(1000);
  const live = async () =>
    (await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [a, b] }))).tasks!.filter((x) => x.desiredStatus === 'RUNNING').length;
  t.equal(await live(), 2, 'both protected: neither is stopped');
  clock.advance(10 * MINUTE);
  t.equal(await live(), 1, 'when protection ends, the surplus task stops');
});

t.test('bad input', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  const { ecs } = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { serviceTasks } = await setup(ecs, clock);
  const tooLong = await fail(ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: [serviceTasks[0]!], protectionEnabled: true, expiresInMinutes: 2881 })));
  t.type(tooLong, InvalidParameterException);
  t.equal(tooLong?.message, 'expiresInMinutes must be between 1 and 2880');
  const eleven = await fail(ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: Array(11).fill(serviceTasks[0]!), protectionEnabled: true })));
  t.equal(eleven?.message, 'tasks can have at most 10 items.');
  const none = await fail(ecs.send(new UpdateTaskProtectionCommand({ cluster: 'c', tasks: [], protectionEnabled: true })));
  t.equal(none?.message, 'Tasks cannot be empty.');
  t.type(await fail(ecs.send(new GetTaskProtectionCommand({ cluster: 'nope', tasks: [serviceTasks[0]!] }))), ClusterNotFoundException);
  const all = await ecs.send(new GetTaskProtectionCommand({ cluster: 'c' }));
  t.equal(all.protectedTasks?.length, 2, 'without tasks: the service tasks of the cluster');
});
