import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  type RegisterTaskDefinitionCommandInput,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DEFAULT_TIMINGS, ManualClock } from '../../emulator/index.js';
import { listLogFiles, readTrailRecords, startTestEmulator } from '../helpers/test-emulator.js';
import { fargateTaskDefinition } from '../helpers/task-definitions.js';

/**
 * A Fargate task with a task role and an execution role, run through the real ECS client against a
 * live emulator: the records AWS adds to the trail (docs/service-side-events.md §2, §4, §6) are read
 * back from the log files, with their times on the injected clock and their order.
 */

const T0 = Date.parse('2026-04-01T09:00:00Z');
const ACCOUNT = '123456789012';
const TASK_ROLE = `arn:aws:iam::${ACCOUNT}:role/app-task`;
const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
// The real records (the project's research samples, beside the repository where they are available;
// the explicit key list below checks the same order without them).
const FLAWS2_FILE = '/work/shared/samples/sts-AssumeRole-AWSService-ecs-tasks-flaws2-logfile-20181128T2235Z.json';
const FLAWS2 = existsSync(FLAWS2_FILE) ? JSON.parse(readFileSync(FLAWS2_FILE, 'utf8')).Records : undefined;
/** A Fargate task definition with the task role, one container, and `extra` (e.g. the execution role). */
const fargateFamily = (family: string, container: string, image: string, extra: Partial<RegisterTaskDefinitionCommandInput> = {}) =>
  fargateTaskDefinition(family, [{ name: container, image }], { taskRoleArn: TASK_ROLE, ...extra });
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

t.test('a Fargate RunTask with a task role and an execution role: ENI, both roles assumed, ENI deleted, on the clock', async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock, serviceEvents: true });
  const ecs = emu.client('AKIAIOSFODNN7EXAMPLE', 'eu-west-1');
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(fargateFamily('api', 'api', 'nginx:1.27', { executionRoleArn: EXECUTION_ROLE }));
  clock.advance(60_000);
  const ran = await ecs.send(
    new RunTaskCommand({
      cluster: 'prod',
      taskDefinition: 'api',
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aa11bb22cc33dd44'], securityGroups: ['sg-0123456789abcdef0'] } },
    }),
  );
  const task = ran.tasks![0]!;
  const taskId = task.taskArn!.split('/').at(-1)!;
  const ranAt = T0 + 60_000;
  // Default timings: PROVISIONING 1 s, PENDING 1 s, STOPPING 1 s, DEPROVISIONING 1 s.
  clock.advance(30_000);
  const described = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [task.taskArn!] }));
  const details = Object.fromEntries(described.tasks![0]!.attachments![0]!.details!.map((d) => [d.name, d.value]));
  await ecs.send(new StopTaskCommand({ cluster: 'prod', task: task.taskArn! }));
  const stoppedAt = ranAt + 30_000;
  clock.advance(30_000);

  const records = await emu.records();
  // Files are read region by region; within a region, in the order they were written.
  const service = records.filter((r) => r.eventSource !== 'ecs.amazonaws.com').sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  t.strictSame(
    service.map((r) => [r.eventTime, r.eventName, r.userIdentity.type, r.userIdentity.arn ?? r.userIdentity.invokedBy, r.awsRegion]),
    [
      [iso(T0), 'CreateServiceLinkedRole', 'IAMUser', `arn:aws:iam::${ACCOUNT}:user/ecs-trail-user-xample`, 'us-east-1'],
      [iso(ranAt), 'AssumeRole', 'AWSService', 'ecs.amazonaws.com', 'eu-west-1'],
      [iso(ranAt), 'CreateNetworkInterface', 'AssumedRole', `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-eni-provisioning`, 'eu-west-1'],
      [iso(ranAt + 1000), 'AssumeRole', 'AWSService', 'ecs-tasks.amazonaws.com', 'eu-west-1'],
      [iso(ranAt + 1000), 'AssumeRole', 'AWSService', 'ecs-tasks.amazonaws.com', 'eu-west-1'],
      [iso(stoppedAt + 1000), 'DeleteNetworkInterface', 'AssumedRole', `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-eni-provisioning`, 'eu-west-1'],
    ],
    'what AWS adds, when: the ENI at PROVISIONING, both roles as PENDING begins, the ENI deleted at DEPROVISIONING',
  );
  // In the journal (and so the files) in the order they happened, between the calls they follow.
  const names = records.map((r) => r.eventName);
  t.ok(names.indexOf('RunTask') < names.indexOf('CreateNetworkInterface'), 'the ENI after the RunTask that placed the task');
  t.ok(names.indexOf('CreateNetworkInterface') < names.indexOf('StopTask') && names.indexOf('StopTask') < names.indexOf('DeleteNetworkInterface'));

  const [taskRole, executionRole] = service.filter((r) => r.userIdentity.invokedBy === 'ecs-tasks.amazonaws.com');
  t.strictSame(taskRole!.requestParameters, { roleArn: TASK_ROLE, roleSessionName: taskId }, 'the session is named after the task id (flaws2)');
  t.strictSame(executionRole!.requestParameters, { roleArn: EXECUTION_ROLE, roleSessionName: taskId }, 'the execution role too, same second, after the task role (flaws2)');
  for (const r of [taskRole!, executionRole!]) {
    // The flaws2 records' keys, with the members CloudTrail added since (readOnly, managementEvent, eventCategory).
    if (FLAWS2) {
      const flawsKeys = Object.keys(FLAWS2[0]);
      const ours = Object.keys(r).filter((k) => flawsKeys.includes(k));
      t.strictSame(ours, flawsKeys, 'every member of the real record, in its order');
    }
    t.strictSame(Object.keys(r), [
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'managementEvent',
      'recipientAccountId', 'sharedEventID', 'eventCategory',
    ]);
    t.strictSame(r.userIdentity, { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' });
    t.equal(r.sourceIPAddress, 'ecs-tasks.amazonaws.com');
    t.equal(r.userAgent, 'ecs-tasks.amazonaws.com');
    t.equal(r.readOnly, true);
    t.equal(r.managementEvent, true);
    t.notOk('tlsDetails' in r, 'no tlsDetails: an AWS service called');
    t.strictSame(r.resources, [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: r.requestParameters.roleArn }]);
    t.match(r.sharedEventID, /^[0-9a-f-]{36}$/);
    t.strictSame(Object.keys(r.responseElements), ['credentials'], 'credentials only, no assumedRoleUser (flaws2)');
    t.match(r.responseElements.credentials.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
    t.equal(r.responseElements.credentials.expiration, 'Apr 1, 2026, 3:01:01 PM', 'six hours later, as a Java date (flaws2: +6 h)');
  }
  t.not(taskRole!.sharedEventID, executionRole!.sharedEventID);

  const create = service.find((r) => r.eventName === 'CreateNetworkInterface')!;
  t.equal(create.requestParameters.subnetId, 'subnet-0aa11bb22cc33dd44');
  t.strictSame(create.requestParameters.groupSet, { items: [{ groupId: 'sg-0123456789abcdef0' }] });
  t.equal(create.requestParameters.description, `arn:aws:ecs:eu-west-1:${ACCOUNT}:attachment/${described.tasks![0]!.attachments![0]!.id}`);
  const eni = create.responseElements.networkInterface;
  t.equal(eni.networkInterfaceId, details.networkInterfaceId, 'the interface DescribeTasks reports');
  t.equal(eni.privateIpAddress, details.privateIPv4Address);
  t.equal(eni.macAddress, details.macAddress);
  t.equal(eni.status, 'pending');
  t.equal(create.readOnly, false);
  t.equal(create.userIdentity.invokedBy, 'ecs.amazonaws.com');
  t.equal(create.sourceIPAddress, 'ecs.amazonaws.com');
  t.strictSame(Object.keys(create.userIdentity.sessionContext), ['sessionIssuer', 'attributes'], 'a service-linked role session (2026 records)');
  const slr = service[1]!;
  t.equal(create.userIdentity.accessKeyId, slr.responseElements.credentials.accessKeyId, 'the key the service-linked role AssumeRole returned');
  t.equal(create.userIdentity.sessionContext.attributes.creationDate, slr.eventTime);
  t.strictSame(slr.requestParameters, {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    roleSessionName: 'ecs-eni-provisioning',
    durationSeconds: 3600,
  });
  const deleted = service.at(-1)!;
  t.strictSame(deleted.requestParameters, { networkInterfaceId: details.networkInterfaceId });
  t.equal(deleted.responseElements._return, true);
  t.equal(deleted.userIdentity.accessKeyId, create.userIdentity.accessKeyId, 'the same session, within its hour');

  const iam = service[0]!;
  t.strictSame(iam.requestParameters, { aWSServiceName: 'ecs.amazonaws.com' });
  t.equal(iam.responseElements.role.roleName, 'AWSServiceRoleForECS');
  t.equal(iam.responseElements.role.path, '/aws-service-role/ecs.amazonaws.com/');
  t.equal(iam.userIdentity.invokedBy, 'ecs.amazonaws.com');
  t.equal(iam.sourceIPAddress, 'ecs.amazonaws.com');
  t.equal(decodeURIComponent(iam.responseElements.role.assumeRolePolicyDocument).includes('"Service": ["ecs.amazonaws.com"]'), true);

  const files = await listLogFiles(emu.trailDir);
  t.ok(files.some((f) => f.includes('/CloudTrail/us-east-1/')), 'IAM events go to us-east-1 log files');
  t.ok(files.some((f) => f.includes('/CloudTrail/eu-west-1/')));

  // Event history shows them too, as any event.
  const ct = new CloudTrailClient({ region: 'eu-west-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
  t.teardown(() => ct.destroy());
  const sts = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'sts.amazonaws.com' }] }));
  t.strictSame(sts.Events!.map((e) => e.EventName), ['AssumeRole', 'AssumeRole', 'AssumeRole']);
  const byRole = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: TASK_ROLE }] }));
  t.equal(byRole.Events!.length, 1, 'found by the role it assumed');
  t.equal(JSON.parse(byRole.Events![0]!.CloudTrailEvent!).requestParameters.roleSessionName, taskId);
  const ec2 = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'ec2.amazonaws.com' }] }));
  t.strictSame(ec2.Events!.map((e) => e.EventName), ['DeleteNetworkInterface', 'CreateNetworkInterface']);
  t.equal(ec2.Events![0]!.Username, 'ecs-eni-provisioning');
});

t.test("calls made with the task role's credentials carry its session (key and creation date of the AssumeRole)", async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock, serviceEvents: true });
  const ecs = emu.ecs;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await ecs.send(fargateFamily('worker', 'w', 'busybox'));
  const ran = await ecs.send(
    new RunTaskCommand({ cluster: 'c', taskDefinition: 'worker', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }),
  );
  const taskArn = ran.tasks![0]!.taskArn!;
  const taskId = taskArn.split('/').at(-1)!;
  const early = await fetch(`${emu.url}/_ecs-trail/task-credentials/${taskId}`);
  t.equal(early.status, 404, 'no credentials while the task is PROVISIONING');
  await early.arrayBuffer();
  clock.advance(5000);
  await emu.running.flush();
  const answer = await fetch(`${emu.url}/_ecs-trail/task-credentials/${taskId}`);
  t.equal(answer.status, 200);
  const creds = (await answer.json()) as Record<string, string>;
  t.strictSame(Object.keys(creds), ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration'], "the task credential endpoint's members");
  t.equal(creds.RoleArn, TASK_ROLE);

  const inside = new ECSClient({
    region: 'us-east-1',
    endpoint: emu.url,
    credentials: { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.Token! },
    maxAttempts: 1,
  });
  t.teardown(() => inside.destroy());
  clock.advance(60_000);
  await inside.send(new ListClustersCommand({}));
  const records = await emu.records();
  const assumed = records.find((r) => r.eventName === 'AssumeRole' && r.requestParameters.roleArn === TASK_ROLE)!;
  const call = records.find((r) => r.eventName === 'ListClusters')!;
  t.equal(call.userIdentity.type, 'AssumedRole');
  t.equal(call.userIdentity.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app-task/${taskId}`, 'session name = task id (flaws2 ListBuckets)');
  t.equal(call.userIdentity.accessKeyId, assumed.responseElements.credentials.accessKeyId, "the ASIA key the task's AssumeRole returned");
  t.equal(call.userIdentity.sessionContext.attributes.creationDate, assumed.eventTime, 'created when ECS assumed the role');
  t.equal(call.userIdentity.sessionContext.sessionIssuer.arn, TASK_ROLE);
  t.notOk('invokedBy' in call.userIdentity, 'the code calls directly');
});

t.test('--service-events off: the trail holds only the calls clients made', async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock, serviceEvents: false });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await emu.ecs.send(fargateFamily('f', 'c', 'busybox', { executionRoleArn: EXECUTION_ROLE }));
  const ran = await emu.ecs.send(
    new RunTaskCommand({ cluster: 'c', taskDefinition: 'f', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }),
  );
  clock.advance(10_000);
  await emu.ecs.send(new StopTaskCommand({ cluster: 'c', task: ran.tasks![0]!.taskArn! }));
  clock.advance(10_000);
  const records = await emu.records();
  t.strictSame(records.map((r) => r.eventName), ['CreateCluster', 'RegisterTaskDefinition', 'RunTask', 'StopTask']);
  t.strictSame(new Set(records.map((r) => r.eventSource)), new Set(['ecs.amazonaws.com']));
  const creds = await fetch(`${emu.url}/_ecs-trail/task-credentials/${ran.tasks![0]!.taskArn!.split('/').at(-1)}`);
  t.equal(creds.status, 404);
  t.match(((await creds.json()) as { message: string }).message, /service events are off/);
});

t.test('what is due by close is written; what would happen later ends with the emulator', async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock, serviceEvents: true });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await emu.ecs.send(fargateFamily('f', 'c', 'busybox'));
  await emu.ecs.send(
    new RunTaskCommand({ cluster: 'c', taskDefinition: 'f', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }),
  );
  // The role is assumed when PENDING begins, one second on; the clock does not get there.
  await emu.running.close();
  const records = await readTrailRecords(emu.trailDir);
  t.ok(records.some((r) => r.eventName === 'CreateNetworkInterface'), 'the ENI was due when RunTask was answered');
  t.notOk(records.some((r) => r.userIdentity.invokedBy === 'ecs-tasks.amazonaws.com'), 'no task role AssumeRole: PENDING was still ahead');
});

t.test('on the system clock, events come out when due without any further call (the timer)', async (t) => {
  let sawRole: (r: unknown) => void;
  const roleAssumed = new Promise((resolve) => (sawRole = resolve));
  const emu = await startTestEmulator(t, {
    serviceEvents: true,
    timings: { ...DEFAULT_TIMINGS, provisioningMs: 50, pendingMs: 50, stoppingMs: 50, deprovisioningMs: 50 },
    onCall: (c) => {
      if (c.principal.invokedBy === 'ecs-tasks.amazonaws.com') sawRole(c);
    },
  });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await emu.ecs.send(fargateFamily('f', 'c', 'busybox'));
  const ran = await emu.ecs.send(
    new RunTaskCommand({ cluster: 'c', taskDefinition: 'f', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }),
  );
  const record = (await roleAssumed) as { eventTime: number; requestParameters: { roleSessionName: string } };
  t.equal(record.requestParameters.roleSessionName, ran.tasks![0]!.taskArn!.split('/').at(-1), 'written by the timer, durable before it was announced');
  t.ok(record.eventTime >= ran.tasks![0]!.createdAt!.getTime() + 50, 'dated when PENDING began, after 50 ms of PROVISIONING');
});
