import t from 'tap';
import {
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeTasksCommand,
  ExecuteCommandCommand,
  InvalidParameterException,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type ECSServiceException,
  type ExecuteCommandCommandInput,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const TIMINGS = { ...DEFAULT_TIMINGS, provisioningMs: 100, pendingMs: 100, stoppingMs: 100, deprovisioningMs: 100 };
const NET = { awsvpcConfiguration: { subnets: ['subnet-12345678'] } };
const NOT_ENABLED =
  'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running. Wait and try again or run a new task with execute command enabled and try again.';
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

async function setup(ecs: ECSClient) {
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  for (const [family, containers] of [['one', ['app']], ['two', ['app', 'sidecar']]] as const) {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: containers.map((name) => ({ name, image: 'nginx' })),
      }),
    );
  }
}

const run = async (ecs: ECSClient, taskDefinition: string, enableExecuteCommand: boolean) =>
  (await ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition, launchType: 'FARGATE', networkConfiguration: NET, enableExecuteCommand }))).tasks![0]!;

t.test('ExecuteCommand opens a session on a RUNNING task started with enableExecuteCommand; the record hides the token', async (t) => {
  const clock = new ManualClock(Date.parse('2026-04-01T08:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  await setup(ecs);
  const task = await run(ecs, 'one', true);
  t.equal(task.enableExecuteCommand, true);
  t.same(task.containers?.[0]?.managedAgents, [{ name: 'ExecuteCommandAgent', lastStatus: 'PENDING' }], 'the agent waits for the container');
  const input: ExecuteCommandCommandInput = { cluster: 'c', task: task.taskArn!, container: 'app', command: '/bin/sh', interactive: true };
  const early = await fail(ecs.send(new ExecuteCommandCommand(input)));
  t.type(early, InvalidParameterException, 'not RUNNING yet: the agent is not running');
  t.equal(early?.message, NOT_ENABLED);

  clock.advance(200);
  const described = (await ecs.send(new DescribeTasksCommand({ cluster: 'c', tasks: [task.taskArn!] }))).tasks![0]!;
  t.equal(described.lastStatus, 'RUNNING');
  t.match(described.containers?.[0]?.managedAgents, [{ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' }]);
  t.type(described.containers?.[0]?.managedAgents?.[0]?.lastStartedAt, Date);

  const out = await ecs.send(new ExecuteCommandCommand(input));
  t.match(out, {
    clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/c`,
    containerArn: task.containers![0]!.containerArn,
    containerName: 'app',
    interactive: true,
    taskArn: task.taskArn,
  });
  const session = out.session!;
  t.match(session.sessionId, /^ecs-execute-command-[a-z0-9]{26}$/);
  t.equal(
    session.streamUrl?.split('&')[0],
    `wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/${session.sessionId}?role=publish_subscribe`,
  );
  t.match(session.streamUrl, /&cell-number=[A-Za-z0-9+/=]+$/);
  t.match(session.tokenValue, /^[A-Za-z0-9+/]{400,}={0,2}$/);
  const second = await ecs.send(new ExecuteCommandCommand({ ...input, task: task.taskArn!.split('/').at(-1)!, container: undefined }));
  t.not(second.session?.sessionId, session.sessionId, 'each call is a new session; one container needs no name');

  const rec = recordFor(await emu.records(), out.$metadata.requestId);
  t.match(rec, {
    eventSource: 'ecs.amazonaws.com',
    eventName: 'ExecuteCommand',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    userIdentity: { type: 'IAMUser', arn: /^arn:aws:iam::123456789012:user\// },
    requestParameters: { cluster: 'c', task: task.taskArn, container: 'app', command: '/bin/sh', interactive: true },
  });
  t.same(rec.responseElements.session, {
    sessionId: session.sessionId,
    streamUrl: session.streamUrl,
    tokenValue: 'HIDDEN_DUE_TO_SECURITY_REASONS',
  }, 'CloudTrail hides the sensitive tokenValue, the rest stays');
  t.equal(rec.responseElements.taskArn, task.taskArn);
});

t.test('a service with enableExecuteCommand passes it to its tasks', async (t) => {
  const clock = new ManualClock(Date.parse('2026-04-01T08:00:00Z'));
  const { ecs } = await startTestEmulator(t, { clock, timings: TIMINGS });
  await setup(ecs);
  await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 's', taskDefinition: 'one', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: NET, enableExecuteCommand: true }));
  clock.advance(1000);
  const [arn] = (await ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: 's' }))).taskArns!;
  const out = await ecs.send(new ExecuteCommandCommand({ cluster: 'c', task: arn!, command: 'ls', interactive: true }));
  t.equal(out.taskArn, arn);
});

t.test('refusals: exec disabled, stopped task, container, interactive, unknown task or cluster', async (t) => {
  const clock = new ManualClock(Date.parse('2026-04-01T08:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  await setup(ecs);
  const disabled = await run(ecs, 'one', false);
  const two = await run(ecs, 'two', true);
  const stopped = await run(ecs, 'one', true);
  clock.advance(200);
  await ecs.send(new StopTaskCommand({ cluster: 'c', task: stopped.taskArn! }));
  clock.advance(1000);
  const exec = (over: Partial<ExecuteCommandCommandInput>) =>
    fail(ecs.send(new ExecuteCommandCommand({ cluster: 'c', task: two.taskArn!, container: 'app', command: 'sh', interactive: true, ...over })));
  const cases: Array<[string, Partial<ExecuteCommandCommandInput>, string]> = [
    ['exec not enabled', { task: disabled.taskArn!, container: undefined }, NOT_ENABLED],
    ['stopped task', { task: stopped.taskArn!, container: undefined }, NOT_ENABLED],
    ['unknown container', { container: 'nope' }, 'The container nope does not exist in the task.'],
    ['two containers, none named', { container: undefined }, 'The task has more than one container: specify the container to run the command in.'],
    ['interactive false', { interactive: false }, 'Interactive is the only mode supported currently.'],
    ['unknown task', { task: 'ffffffffffffffffffffffffffffffff' }, 'The referenced task was not found'],
  ];
  const ids: string[] = [];
  for (const [label, over, message] of cases) {
    const e = await exec(over);
    t.type(e, InvalidParameterException, label);
    t.equal(e?.message, message, label);
    ids.push(e!.$metadata.requestId!);
  }
  t.type(await exec({ cluster: 'nope' }), ClusterNotFoundException);
  const missing = await fail(ecs.send(new ExecuteCommandCommand({ cluster: 'c', task: two.taskArn!, interactive: true } as never)));
  t.equal(missing?.message, 'Command can not be blank.');
  const ok = await ecs.send(new ExecuteCommandCommand({ cluster: 'c', task: two.taskArn!, container: 'sidecar', command: 'sh', interactive: true }));
  t.equal(ok.containerName, 'sidecar');
  const records = await emu.records();
  for (const id of ids) {
    t.match(recordFor(records, id), { eventName: 'ExecuteCommand', errorCode: 'InvalidParameterException', responseElements: null });
  }
});
