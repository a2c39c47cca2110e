import t from 'tap';
import {
  ClientException,
  ClusterContainsTasksException,
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  ServiceNotFoundException,
  StopTaskCommand,
  TagResourceCommand,
  waitUntilTasksRunning,
  waitUntilTasksStopped,
  type ECSClient,
  type ECSServiceException,
  type ListTasksCommandInput,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const TIMINGS = { ...DEFAULT_TIMINGS, provisioningMs: 200, pendingMs: 200, stoppingMs: 200, deprovisioningMs: 200 };
const NET = { awsvpcConfiguration: { subnets: ['subnet-12345678'], assignPublicIp: 'ENABLED' as const } };
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

/** A cluster `c` and a Fargate task definition `fg:1`. */
async function setup(ecs: ECSClient): Promise<void> {
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'fg',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: 'app', image: 'nginx' },
        { name: 'sidecar', image: 'busybox', essential: false },
      ],
    }),
  );
}

const fargateRun = (over: Partial<RunTaskCommandInput> = {}): RunTaskCommandInput => ({
  cluster: 'c',
  taskDefinition: 'fg',
  launchType: 'FARGATE',
  networkConfiguration: NET,
  ...over,
});

async function status(ecs: ECSClient, arn: string) {
  const out = await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [arn] }));
  return out.tasks![0]!;
}

async function counts(ecs: ECSClient) {
  const c = (await ecs.send(new DescribeClustersCommand({ clusters: ['c'] }))).clusters![0]!;
  return [c.pendingTasksCount, c.runningTasksCount];
}

t.test('a task goes through its lifecycle on the clock; counters and DeleteCluster follow it', async (t) => {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  await setup(ecs);
  const run = await ecs.send(
    new RunTaskCommand(
      fargateRun({
        startedBy: 'me',
        tags: [{ key: 'k', value: 'v' }],
        enableExecuteCommand: true,
        overrides: { containerOverrides: [{ name: 'app', command: ['echo'] }] },
      }),
    ),
  );
  t.same(run.failures, []);
  const task = run.tasks![0]!;
  const arn = task.taskArn!;
  t.match(arn, new RegExp(`^arn:aws:ecs:us-east-1:${ACCOUNT}:task/c/[0-9a-f]{32}$`));
  t.match(task, {
    clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/c`,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/fg:1`,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    cpu: '256',
    memory: '512',
    group: 'family:fg',
    startedBy: 'me',
    enableExecuteCommand: true,
    tags: [{ key: 'k', value: 'v' }],
    overrides: { containerOverrides: [{ name: 'app', command: ['echo'] }] },
  });
  t.type(task.createdAt, Date);
  t.equal(task.containers?.length, 2);
  t.equal(task.attachments?.[0]?.type, 'ElasticNetworkInterface');
  t.same(await counts(ecs), [1, 0], 'a PROVISIONING task counts as pending');

  clock.advance(200);
  t.equal((await status(ecs, arn)).lastStatus, 'PENDING');
  t.same(await counts(ecs), [1, 0]);
  clock.advance(200);
  const running = await status(ecs, arn);
  t.equal(running.lastStatus, 'RUNNING');
  t.type(running.startedAt, Date);
  t.same(await counts(ecs), [0, 1], 'a RUNNING task counts as running');

  const refused = await fail(ecs.send(new DeleteClusterCommand({ cluster: 'c' })));
  t.type(refused, ClusterContainsTasksException);
  t.equal(refused?.message, 'The Cluster cannot be deleted while Tasks are active.');

  const stop = await ecs.send(new StopTaskCommand({ cluster: 'c', task: arn }));
  t.match(stop.task, {
    taskArn: arn,
    desiredStatus: 'STOPPED',
    stopCode: 'UserInitiated',
    stoppedReason: 'Task stopped by user',
  });
  t.type(stop.task?.stoppingAt, Date);
  clock.advance(1);
  t.equal((await status(ecs, arn)).lastStatus, 'STOPPING');
  t.same(await counts(ecs), [0, 0], 'a STOPPING task counts as neither');
  t.type(await fail(ecs.send(new DeleteClusterCommand({ cluster: 'c' }))), ClusterContainsTasksException);
  clock.advance(200);
  t.equal((await status(ecs, arn)).lastStatus, 'DEPROVISIONING');
  clock.advance(200);
  const stopped = await status(ecs, arn);
  t.equal(stopped.lastStatus, 'STOPPED');
  t.type(stopped.stoppedAt, Date);
  t.type(stopped.executionStoppedAt, Date);
  t.equal(stopped.containers?.[0]?.lastStatus, 'STOPPED');

  const del = await ecs.send(new DeleteClusterCommand({ cluster: 'c' }));
  t.equal(del.cluster?.status, 'INACTIVE', 'a cluster with only STOPPED tasks can be deleted');

  const records = await emu.records();
  t.equal(recordFor(records, run.$metadata.requestId).eventName, 'RunTask');
  t.equal(recordFor(records, stop.$metadata.requestId).eventName, 'StopTask');
  t.equal(recordFor(records, refused?.$metadata.requestId).errorCode, 'ClusterContainsTasksException');
});

t.test('RunTask errors', async (t) => {
  const emu = await startTestEmulator(t, { timings: TIMINGS });
  const { ecs } = emu;
  await setup(ecs);
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'old', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }),
  );
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'old:1' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'bridge', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }),
  );
  const cases: Array<[string, Partial<RunTaskCommandInput>, new (...a: any[]) => ECSServiceException, string]> = [
    ['unknown cluster', { cluster: 'nope' }, ClusterNotFoundException, 'Cluster not found.'],
    ['default cluster absent', { cluster: undefined }, ClusterNotFoundException, 'Cluster not found.'],
    ['unknown family', { taskDefinition: 'nope' }, ClientException, 'TaskDefinition not found.'],
    ['bad revision', { taskDefinition: 'fg:0' }, InvalidParameterException, 'Invalid revision number.'],
    ['absent revision', { taskDefinition: 'fg:9' }, InvalidParameterException, 'Invalid revision number.'],
    [
      'ARN of another region',
      { taskDefinition: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/fg:1` },
      ClientException,
      'TaskDefinition not found.',
    ],
    ['inactive', { taskDefinition: 'old:1' }, InvalidParameterException, 'TaskDefinition is inactive'],
    ['count > 10', { count: 11 }, InvalidParameterException, 'Task count can not be greater than 10'],
    ['count < 1', { count: 0 }, InvalidParameterException, 'Task count can not be less than 1.'],
    ['EC2', { launchType: 'EC2' }, InvalidParameterException, 'No Container Instances were found in your cluster.'],
    [
      'not Fargate-compatible',
      { taskDefinition: 'bridge' },
      InvalidParameterException,
      'Task definition does not support launch_type FARGATE.',
    ],
    [
      'no network configuration',
      { networkConfiguration: undefined },
      InvalidParameterException,
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ],
    ['startedBy', { startedBy: 'x'.repeat(37) }, InvalidParameterException, 'startedBy longer than 36.'],
    [
      'override of an unknown container',
      { overrides: { containerOverrides: [{ name: 'ghost' }] } },
      InvalidParameterException,
      'Override for container named ghost is not a container in the TaskDefinition.',
    ],
  ];
  const ids: Array<[string | undefined, string]> = [];
  for (const [what, over, type, message] of cases) {
    const err = await fail(ecs.send(new RunTaskCommand(fargateRun(over))));
    t.type(err, type, what);
    t.equal(err?.message, message, what);
    ids.push([err?.$metadata.requestId, type.name]);
  }
  const ok = await ecs.send(new ListTasksCommand({ cluster: 'c' }));
  t.same(ok.taskArns, [], 'no failed call started a task');
  const records = await emu.records();
  for (const [requestId, code] of ids) {
    const rec = recordFor(records, requestId);
    t.equal(rec.eventName, 'RunTask');
    t.equal(rec.errorCode, code);
  }
});

t.test('RunTask: name and ARN forms, count, capacity providers', async (t) => {
  const { ecs } = await startTestEmulator(t, { timings: TIMINGS });
  await setup(ecs);
  const byArn = await ecs.send(
    new RunTaskCommand(
      fargateRun({
        cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/c`,
        taskDefinition: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/fg:1`,
        count: 3,
        group: 'batch',
      }),
    ),
  );
  t.equal(byArn.tasks?.length, 3);
  t.equal(new Set(byArn.tasks?.map((x) => x.taskArn)).size, 3);
  t.equal(byArn.tasks?.[0]?.group, 'batch');
  const spot = await ecs.send(
    new RunTaskCommand(
      fargateRun({ taskDefinition: 'fg:1', launchType: undefined, capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] }),
    ),
  );
  t.equal(spot.tasks?.[0]?.capacityProviderName, 'FARGATE_SPOT');
  t.equal(spot.tasks?.[0]?.launchType, 'FARGATE');
  await ecs.send(
    new TagResourceCommand({
      resourceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/fg:1`,
      tags: [{ key: 'from', value: 'td' }],
    }),
  );
  const propagated = await ecs.send(
    new RunTaskCommand(fargateRun({ propagateTags: 'TASK_DEFINITION', tags: [{ key: 'own', value: '1' }] })),
  );
  t.same(propagated.tasks?.[0]?.tags, [
    { key: 'from', value: 'td' },
    { key: 'own', value: '1' },
  ]);
  const both = await fail(
    ecs.send(new RunTaskCommand(fargateRun({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] }))),
  );
  t.type(both, InvalidParameterException, 'launchType and a strategy together');
});

t.test('StopTask by id and ARN, with a reason; errors', async (t) => {
  const emu = await startTestEmulator(t, { timings: TIMINGS });
  const { ecs } = emu;
  await setup(ecs);
  const run = await ecs.send(new RunTaskCommand(fargateRun({ count: 2 })));
  const [a, b] = run.tasks!.map((x) => x.taskArn!);
  const byId = await ecs.send(new StopTaskCommand({ cluster: 'c', task: a!.split('/').pop(), reason: 'done' }));
  t.equal(byId.task?.taskArn, a);
  t.equal(byId.task?.stoppedReason, 'done');
  const byArnOnly = await ecs.send(new StopTaskCommand({ task: b }));
  t.equal(byArnOnly.task?.desiredStatus, 'STOPPED', 'a task ARN names its cluster');
  const again = await ecs.send(new StopTaskCommand({ cluster: 'c', task: a }));
  t.equal(again.task?.stoppedReason, 'done', 'stopping again changes nothing');

  const missing = await fail(ecs.send(new StopTaskCommand({ cluster: 'c', task: '0123456789abcdef0123456789abcdef' })));
  t.type(missing, InvalidParameterException);
  t.equal(missing?.message, 'The referenced task was not found');
  const malformed = await fail(ecs.send(new StopTaskCommand({ cluster: 'c', task: 'not a task!' })));
  t.equal(malformed?.message, 'Task Identifier is invalid');
  const noCluster = await fail(ecs.send(new StopTaskCommand({ cluster: 'nope', task: a })));
  t.type(noCluster, ClusterNotFoundException);
  const records = await emu.records();
  t.equal(recordFor(records, missing?.$metadata.requestId).errorCode, 'InvalidParameterException');
  t.equal(recordFor(records, byId.$metadata.requestId).eventName, 'StopTask');
});

t.test('DescribeTasks: ids and ARNs, MISSING failures, TAGS, limits', async (t) => {
  const emu = await startTestEmulator(t, { timings: TIMINGS });
  const { ecs } = emu;
  await setup(ecs);
  const run = await ecs.send(new RunTaskCommand(fargateRun({ count: 2, tags: [{ key: 'k', value: 'v' }] })));
  const [a, b] = run.tasks!.map((x) => x.taskArn!);
  const missingId = 'ffffffffffffffffffffffffffffffff';
  const out = await ecs.send(
    new DescribeTasksCommand({ cluster: 'c', tasks: [a!.split('/').pop()!, b!, missingId], include: ['TAGS'] }),
  );
  t.same(out.tasks?.map((x) => x.taskArn), [a, b]);
  t.same(out.tasks?.[0]?.tags, [{ key: 'k', value: 'v' }]);
  t.same(out.failures, [{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task/c/${missingId}`, reason: 'MISSING' }]);
  const plain = await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [a!] }));
  t.same(plain.tasks?.[0]?.tags, [], 'tags only with include TAGS');
  await ecs.send(new StopTaskCommand({ cluster: 'c', task: b! }));
  const afterStop = await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [a!, b!], include: ['TAGS'] }));
  t.same(afterStop.tasks?.map((x) => x.tags), [[{ key: 'k', value: 'v' }], []], 'StopTask deletes the task tags');

  const empty = await fail(ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [] })));
  t.type(empty, InvalidParameterException);
  t.equal(empty?.message, 'Tasks cannot be empty.');
  const tooMany = await fail(
    ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: Array.from({ length: 101 }, () => missingId) })),
  );
  t.equal(tooMany?.message, 'taskIds can have at most 100 items.');
  const noCluster = await fail(ecs.send(new DescribeTasksCommand({ cluster: 'nope', tasks: [a!] })));
  t.type(noCluster, ClusterNotFoundException);
  const records = await emu.records();
  const rec = recordFor(records, out.$metadata.requestId);
  t.equal(rec.eventName, 'DescribeTasks');
  t.equal(rec.readOnly, true);
  t.equal(recordFor(records, empty?.$metadata.requestId).errorCode, 'InvalidParameterException');
});

t.test('ListTasks filters and pages', async (t) => {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  await setup(ecs);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'other',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'a', image: 'i' }],
    }),
  );
  const fg = (await ecs.send(new RunTaskCommand(fargateRun({ count: 3, startedBy: 'alice' })))).tasks!.map((x) => x.taskArn!);
  const other = (await ecs.send(new RunTaskCommand(fargateRun({ taskDefinition: 'other', startedBy: 'bob' })))).tasks![0]!.taskArn!;
  await ecs.send(new StopTaskCommand({ cluster: 'c', task: fg[0] }));
  clock.advance(1000);

  const list = async (input: Omit<ListTasksCommandInput, 'cluster'>) =>
    (await ecs.send(new ListTasksCommand({ cluster: 'c', ...input }))).taskArns ?? [];
  t.same(new Set(await list({})), new Set([fg[1], fg[2], other]), 'RUNNING desired status by default');
  t.same(await list({ desiredStatus: 'STOPPED' }), [fg[0]]);
  t.same(await list({ desiredStatus: 'PENDING' }), [], 'ECS never sets desiredStatus PENDING');
  t.same(new Set(await list({ family: 'fg' })), new Set([fg[1], fg[2]]));
  t.same(await list({ startedBy: 'bob' }), [other]);
  t.same(await list({ startedBy: 'alice', family: 'other' }), []);
  t.equal((await list({ launchType: 'FARGATE' })).length, 3);
  t.same(await list({ launchType: 'EC2' }), []);
  t.same(await list({ containerInstance: 'ci-1' }), [], 'there are no container instances');

  const unknownService = await fail(ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: 'nope' })));
  t.type(unknownService, ServiceNotFoundException);
  const badFamily = await fail(ecs.send(new ListTasksCommand({ cluster: 'c', family: 'bad family' })));
  t.equal(badFamily?.message, 'family must match ^[a-zA-Z0-9\\-_]+$');
  t.type(await fail(ecs.send(new ListTasksCommand({ cluster: 'nope' }))), ClusterNotFoundException);

  const seen: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await ecs.send(new ListTasksCommand({ cluster: 'c', maxResults: 2, nextToken }));
    seen.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  t.equal(pages, 2);
  t.equal(new Set(seen).size, 3);
  for (const maxResults of [0, 101]) {
    t.type(await fail(ecs.send(new ListTasksCommand({ cluster: 'c', maxResults }))), InvalidParameterException);
  }
  const records = await emu.records();
  t.equal(recordFor(records, unknownService?.$metadata.requestId).errorCode, 'ServiceNotFoundException');
});

t.test('ListTasks serviceName lists the tasks of that service', async (t) => {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const { ecs } = await startTestEmulator(t, { clock, timings: TIMINGS });
  await setup(ecs);
  await ecs.send(new RunTaskCommand(fargateRun()));
  const created = await ecs.send(
    new CreateServiceCommand({
      cluster: 'c',
      serviceName: 'svc',
      taskDefinition: 'fg',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: NET,
    }),
  );
  clock.advance(1000);
  const byName = await ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: 'svc' }));
  t.equal(byName.taskArns?.length, 2, 'only the service tasks, not the RunTask one');
  const byArn = await ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: created.service!.serviceArn! }));
  t.same(byArn.taskArns, byName.taskArns);
  const all = await ecs.send(new ListTasksCommand({ cluster: 'c' }));
  t.equal(all.taskArns?.length, 3);
});

t.test('the SDK waiters tasksRunning and tasksStopped', async (t) => {
  const { ecs } = await startTestEmulator(t, { timings: TIMINGS });
  await setup(ecs);
  const run = await ecs.send(new RunTaskCommand(fargateRun({ count: 2 })));
  const tasks = run.tasks!.map((x) => x.taskArn!);
  const up = await waitUntilTasksRunning({ client: ecs, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { cluster: 'c', tasks });
  t.equal(up.state, 'SUCCESS');
  for (const task of tasks) await ecs.send(new StopTaskCommand({ cluster: 'c', task }));
  const down = await waitUntilTasksStopped({ client: ecs, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { cluster: 'c', tasks });
  t.equal(down.state, 'SUCCESS');
  const d = await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks }));
  t.same(d.tasks?.map((x) => x.lastStatus), ['STOPPED', 'STOPPED']);

  // A task stopped before it ran makes tasksRunning fail rather than wait.
  const early = (await ecs.send(new RunTaskCommand(fargateRun()))).tasks![0]!.taskArn!;
  await ecs.send(new StopTaskCommand({ cluster: 'c', task: early }));
  const failed = await waitUntilTasksRunning(
    { client: ecs, maxWaitTime: 30, minDelay: 1, maxDelay: 2 },
    { cluster: 'c', tasks: [early] },
  ).catch((e: Error) => e);
  t.type(failed, Error, 'tasksRunning fails once the task is STOPPED');
});

t.test('DescribeTasks shows each step of a task as it happens, never an earlier answer kept from before', async (t) => {
  // Without include TAGS an answer may be handed out again while the task's state is the same
  // (model/task-render.ts); with it, the task is rendered anew each time. Both must agree at
  // every step, asked twice each, as the clock moves and as calls change the task.
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const { ecs } = await startTestEmulator(t, { clock, timings: TIMINGS });
  await setup(ecs);
  const arns = (await ecs.send(new RunTaskCommand(fargateRun({ count: 2, tags: [{ key: 'k', value: 'v' }] })))).tasks!.map((x) => x.taskArn!);
  const seen: string[] = [];
  const step = async (what: string) => {
    const kept = await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: arns }));
    const again = await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: arns }));
    const fresh = await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: arns, include: ['TAGS'] }));
    const withoutTags = fresh.tasks!.map((x) => ({ ...x, tags: [] }));
    t.strictSame(kept.tasks, withoutTags, `${what}: the same task as one rendered anew`);
    t.strictSame(again.tasks, kept.tasks, `${what}: asked again`);
    seen.push(kept.tasks!.map((x) => `${x.lastStatus}/${x.desiredStatus}/v${x.version}`).join(' '));
  };
  await step('PROVISIONING');
  clock.advance(200);
  await step('PENDING');
  clock.advance(200);
  await step('RUNNING');
  clock.advance(1);
  await ecs.send(new StopTaskCommand({ cluster: 'c', task: arns[0] }));
  await step('stop asked, same instant');
  clock.advance(1);
  await step('STOPPING');
  clock.advance(200);
  await step('DEPROVISIONING');
  clock.advance(200);
  await step('STOPPED');
  t.same(seen, [
    'PROVISIONING/RUNNING/v1 PROVISIONING/RUNNING/v1',
    'PENDING/RUNNING/v2 PENDING/RUNNING/v2',
    'RUNNING/RUNNING/v3 RUNNING/RUNNING/v3',
    'RUNNING/STOPPED/v3 RUNNING/RUNNING/v3',
    'STOPPING/STOPPED/v4 RUNNING/RUNNING/v3',
    'DEPROVISIONING/STOPPED/v5 RUNNING/RUNNING/v3',
    'STOPPED/STOPPED/v6 RUNNING/RUNNING/v3',
  ]);
});
