import t from 'tap';
import {
  ClientException,
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateDaemonCommand,
  DaemonNotFoundException,
  DeleteDaemonCommand,
  DeleteDaemonTaskDefinitionCommand,
  DescribeDaemonCommand,
  DescribeDaemonDeploymentsCommand,
  DescribeDaemonRevisionsCommand,
  DescribeDaemonTaskDefinitionCommand,
  InvalidParameterException,
  ListDaemonDeploymentsCommand,
  ListDaemonTaskDefinitionsCommand,
  ListDaemonsCommand,
  ListTagsForResourceCommand,
  RegisterDaemonTaskDefinitionCommand,
  TagResourceCommand,
  UpdateDaemonCommand,
  waitUntilDaemonActive,
  waitUntilDaemonDeploymentSuccessful,
  waitUntilDaemonTaskDefinitionDeleted,
  type ECSClient,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const P = `arn:aws:ecs:us-east-1:${ACCOUNT}`;
const CP = `${P}:capacity-provider/mi`;
const TIMINGS = { ...DEFAULT_TIMINGS, provisioningMs: 1000, pendingMs: 1000, stoppingMs: 1000, deprovisioningMs: 1000 };
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);
const WAIT = { maxWaitTime: 60, minDelay: 1, maxDelay: 1 };

const register = (ecs: ECSClient, image = 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest') =>
  ecs.send(
    new RegisterDaemonTaskDefinitionCommand({
      family: 'monitoring-agent',
      cpu: '128',
      memory: '256',
      containerDefinitions: [{ name: 'agent', image, memory: 256 }],
      tags: [{ key: 'team', value: 'obs' }],
    }),
  );

t.test('daemon task definitions: revisions, describe, list, delete until DELETED', async (t) => {
  const clock = new ManualClock(Date.parse('2026-05-01T00:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  const first = await register(ecs);
  t.equal(first.daemonTaskDefinitionArn, `${P}:daemon-task-definition/monitoring-agent:1`);
  const second = await register(ecs, 'busybox');
  t.equal(second.daemonTaskDefinitionArn, `${P}:daemon-task-definition/monitoring-agent:2`);

  const latest = (await ecs.send(new DescribeDaemonTaskDefinitionCommand({ daemonTaskDefinition: 'monitoring-agent' }))).daemonTaskDefinition!;
  t.match(latest, { revision: 2, status: 'ACTIVE', family: 'monitoring-agent', cpu: '128', memory: '256', volumes: [] });
  t.match(latest.containerDefinitions, [{ name: 'agent', image: 'busybox', essential: true, mountPoints: [], secrets: [] }]);
  t.match(latest.registeredBy, /^arn:aws:iam::123456789012:user\//);
  t.type(latest.registeredAt, Date);
  t.same((await ecs.send(new ListTagsForResourceCommand({ resourceArn: first.daemonTaskDefinitionArn }))).tags, [{ key: 'team', value: 'obs' }]);

  const listed = await ecs.send(new ListDaemonTaskDefinitionsCommand({ familyPrefix: 'monitoring' }));
  t.same(listed.daemonTaskDefinitions?.map((d) => d.arn), [first.daemonTaskDefinitionArn, second.daemonTaskDefinitionArn], 'ascending by default');
  const desc = await ecs.send(new ListDaemonTaskDefinitionsCommand({ sort: 'DESC', revision: 'LAST_REGISTERED' }));
  t.same(desc.daemonTaskDefinitions?.map((d) => d.arn), [second.daemonTaskDefinitionArn]);

  const del = await ecs.send(new DeleteDaemonTaskDefinitionCommand({ daemonTaskDefinition: 'monitoring-agent:1' }));
  t.equal(del.daemonTaskDefinitionArn, first.daemonTaskDefinitionArn);
  const deleting = (await ecs.send(new DescribeDaemonTaskDefinitionCommand({ daemonTaskDefinition: first.daemonTaskDefinitionArn }))).daemonTaskDefinition!;
  t.equal(deleting.status, 'DELETE_IN_PROGRESS');
  t.type(deleting.deleteRequestedAt, Date);
  t.same((await ecs.send(new ListDaemonTaskDefinitionsCommand({ status: 'DELETE_IN_PROGRESS' }))).daemonTaskDefinitions?.map((d) => d.arn), [first.daemonTaskDefinitionArn]);
  clock.advance(1000);
  await waitUntilDaemonTaskDefinitionDeleted({ client: ecs, ...WAIT }, { daemonTaskDefinition: first.daemonTaskDefinitionArn });
  const again = await fail(ecs.send(new DeleteDaemonTaskDefinitionCommand({ daemonTaskDefinition: 'monitoring-agent:1' })));
  t.type(again, ClientException, 'only an ACTIVE revision can be deleted');

  const bad: Array<[string, () => Promise<unknown>, string]> = [
    ['blank family', () => ecs.send(new RegisterDaemonTaskDefinitionCommand({ family: '', containerDefinitions: [{ image: 'x' }] })), 'Family can not be blank.'],
    ['bad family', () => ecs.send(new RegisterDaemonTaskDefinitionCommand({ family: 'a b', containerDefinitions: [{ image: 'x' }] })), 'Family contains invalid characters.'],
    ['no containers', () => ecs.send(new RegisterDaemonTaskDefinitionCommand({ family: 'f', containerDefinitions: [] })), 'Container list cannot be empty.'],
    ['no image', () => ecs.send(new RegisterDaemonTaskDefinitionCommand({ family: 'f', containerDefinitions: [{ name: 'a' } as never] })), 'Container.image should not be null or empty.'],
    ['unknown revision', () => ecs.send(new DescribeDaemonTaskDefinitionCommand({ daemonTaskDefinition: 'monitoring-agent:9' })), 'Unable to describe daemon task definition.'],
    ['delete needs a revision', () => ecs.send(new DeleteDaemonTaskDefinitionCommand({ daemonTaskDefinition: 'monitoring-agent' })), 'A daemon task definition revision must be specified.'],
  ];
  for (const [label, call, message] of bad) {
    const e = await fail(call());
    t.type(e, ClientException, label);
    t.equal(e?.message, message, label);
  }
  const records = await emu.records();
  t.match(recordFor(records, first.$metadata.requestId), { eventName: 'RegisterDaemonTaskDefinition', readOnly: false, responseElements: { daemonTaskDefinitionArn: first.daemonTaskDefinitionArn } });
  t.match(recordFor(records, del.$metadata.requestId), { eventName: 'DeleteDaemonTaskDefinition', readOnly: false });
  t.match(records.find((r) => r.eventName === 'DescribeDaemonTaskDefinition'), { readOnly: true, responseElements: null });
});

t.test('a daemon: created ACTIVE, deployed on the clock, updated, deleted until gone', async (t) => {
  const clock = new ManualClock(Date.parse('2026-05-01T00:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const td1 = (await register(ecs)).daemonTaskDefinitionArn!;
  const td2 = (await register(ecs, 'busybox')).daemonTaskDefinitionArn!;

  const created = await ecs.send(
    new CreateDaemonCommand({
      daemonName: 'mon',
      clusterArn: `${P}:cluster/c`,
      daemonTaskDefinitionArn: td1,
      capacityProviderArns: [CP],
      deploymentConfiguration: { bakeTimeInMinutes: 5, drainPercent: 10 },
      tags: [{ key: 'k', value: 'v' }],
      clientToken: 'token-1',
    }),
  );
  const daemonArn = `${P}:daemon/c/mon`;
  t.match(created, { daemonArn, status: 'ACTIVE', deploymentArn: new RegExp(`^${P}:daemon-deployment/c/mon/[A-Za-z0-9]{16}$`) });
  t.same((await ecs.send(new CreateDaemonCommand({ daemonName: 'mon', clusterArn: `${P}:cluster/c`, daemonTaskDefinitionArn: td1, capacityProviderArns: [CP], clientToken: 'token-1' }))).deploymentArn, created.deploymentArn, 'same clientToken: same daemon');
  await waitUntilDaemonActive({ client: ecs, ...WAIT }, { daemonArn });

  const deployments = async (arn: string) => (await ecs.send(new DescribeDaemonDeploymentsCommand({ daemonDeploymentArns: [arn] }))).daemonDeployments![0]!;
  t.equal((await deployments(created.deploymentArn!)).status, 'PENDING');
  clock.advance(1000);
  const running = await deployments(created.deploymentArn!);
  t.match(running, { status: 'IN_PROGRESS', circuitBreaker: { status: 'MONITORING' }, alarms: { status: 'DISABLED' }, deploymentConfiguration: { bakeTimeInMinutes: 5, drainPercent: 10 } });
  clock.advance(1000 + 5 * 60_000);
  await waitUntilDaemonDeploymentSuccessful({ client: ecs, ...WAIT }, { daemonDeploymentArns: [created.deploymentArn!] });
  const done = await deployments(created.deploymentArn!);
  t.match(done, { status: 'SUCCESSFUL', statusReason: 'Deployment completed successfully.', sourceDaemonRevisions: [], circuitBreaker: { status: 'MONITORING_COMPLETE', failureCount: 0 } });
  t.type(done.finishedAt, Date);

  const described = (await ecs.send(new DescribeDaemonCommand({ daemonArn }))).daemon!;
  t.match(described, { daemonArn, clusterArn: `${P}:cluster/c`, status: 'ACTIVE', deploymentArn: created.deploymentArn });
  t.equal(described.currentRevisions?.length, 1);
  const revisionArn = described.currentRevisions![0]!.arn!;
  t.match(revisionArn, new RegExp(`^${P}:daemon-revision/c/mon/\\d{19}$`));
  t.same(described.currentRevisions![0]!.capacityProviders, [{ arn: CP, runningCount: 0, withoutDaemonCount: 0 }]);
  const revision = (await ecs.send(new DescribeDaemonRevisionsCommand({ daemonRevisionArns: [revisionArn, `${P}:daemon-revision/c/mon/1`] })));
  t.match(revision.daemonRevisions, [{ daemonRevisionArn: revisionArn, daemonArn, daemonTaskDefinitionArn: td1, critical: true, enableExecuteCommand: false, propagateTags: 'NONE' }]);
  t.match(revision.daemonRevisions?.[0]?.containerImages, [{ containerName: 'agent', imageDigest: /^sha256:[0-9a-f]{64}$/ }]);
  t.same(revision.failures, [{ arn: `${P}:daemon-revision/c/mon/1`, reason: 'MISSING' }]);

  const updated = await ecs.send(new UpdateDaemonCommand({ daemonArn, daemonTaskDefinitionArn: td2, capacityProviderArns: [CP], enableExecuteCommand: true }));
  t.match(updated, { daemonArn, status: 'ACTIVE' });
  t.not(updated.deploymentArn, created.deploymentArn);
  const during = (await ecs.send(new DescribeDaemonCommand({ daemonArn }))).daemon!;
  t.equal(during.currentRevisions?.length, 2, 'while rolling out, the old revision is current too');
  const third = await ecs.send(new UpdateDaemonCommand({ daemonArn, daemonTaskDefinitionArn: td1, capacityProviderArns: [CP] }));
  t.equal((await deployments(updated.deploymentArn!)).status, 'STOPPED', 'a newer deployment stops the one in progress');
  const listed = await ecs.send(new ListDaemonDeploymentsCommand({ daemonArn }));
  t.same(listed.daemonDeployments?.map((d) => d.daemonDeploymentArn), [third.deploymentArn, updated.deploymentArn, created.deploymentArn], 'newest first');
  t.same((await ecs.send(new ListDaemonDeploymentsCommand({ daemonArn, status: ['SUCCESSFUL'] }))).daemonDeployments?.map((d) => d.daemonDeploymentArn), [created.deploymentArn]);
  t.same((await ecs.send(new ListDaemonsCommand({ clusterArn: 'c' }))).daemonSummariesList?.map((d) => d.daemonArn), [daemonArn]);
  t.same((await ecs.send(new ListDaemonsCommand({ clusterArn: 'c', capacityProviderArns: [`${P}:capacity-provider/other`] }))).daemonSummariesList, []);

  await ecs.send(new TagResourceCommand({ resourceArn: daemonArn, tags: [{ key: 'more', value: '1' }] }));
  t.same((await ecs.send(new ListTagsForResourceCommand({ resourceArn: daemonArn }))).tags, [{ key: 'k', value: 'v' }, { key: 'more', value: '1' }]);

  const deleted = await ecs.send(new DeleteDaemonCommand({ daemonArn }));
  t.equal(deleted.status, 'DELETE_IN_PROGRESS');
  t.equal((await ecs.send(new DescribeDaemonCommand({ daemonArn }))).daemon?.status, 'DELETE_IN_PROGRESS');
  const twice = await fail(ecs.send(new DeleteDaemonCommand({ daemonArn })));
  t.type(twice, InvalidParameterException);
  t.match(twice?.message, /deployment deletion is ongoing/, 'the fragment the Terraform provider matches');
  const notActive = await fail(ecs.send(new UpdateDaemonCommand({ daemonArn, daemonTaskDefinitionArn: td1, capacityProviderArns: [CP] })));
  t.equal(notActive?.name, 'DaemonNotActiveException');
  clock.advance(2000 + 5 * 60_000);
  const gone = await fail(ecs.send(new DescribeDaemonCommand({ daemonArn })));
  t.type(gone, DaemonNotFoundException, 'once its last deployment finished the daemon is gone');
  t.same((await ecs.send(new ListDaemonsCommand({ clusterArn: 'c' }))).daemonSummariesList, []);

  const records = await emu.records();
  t.match(recordFor(records, created.$metadata.requestId), {
    eventName: 'CreateDaemon',
    readOnly: false,
    requestParameters: { daemonName: 'mon', capacityProviderArns: [CP] },
    responseElements: { daemonArn, status: 'ACTIVE', deploymentArn: created.deploymentArn },
  });
  t.match(recordFor(records, deleted.$metadata.requestId), { eventName: 'DeleteDaemon', responseElements: { status: 'DELETE_IN_PROGRESS' } });
  for (const name of ['DescribeDaemon', 'DescribeDaemonDeployments', 'DescribeDaemonRevisions', 'ListDaemons', 'ListDaemonDeployments']) {
    t.match(records.find((r) => r.eventName === name && !r.errorCode), { readOnly: true, responseElements: null }, `${name} is read-only`);
  }
});

t.test('CreateDaemon and friends refuse bad input', async (t) => {
  const { ecs } = await startTestEmulator(t, {});
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const td = (await register(ecs)).daemonTaskDefinitionArn!;
  const base = { daemonName: 'd', clusterArn: 'c', daemonTaskDefinitionArn: td, capacityProviderArns: [CP] };
  const cases: Array<[string, () => Promise<unknown>, string, string | RegExp]> = [
    ['no name', () => ecs.send(new CreateDaemonCommand({ ...base, daemonName: '' })), 'InvalidParameterException', 'DaemonName can not be blank.'],
    ['bad name', () => ecs.send(new CreateDaemonCommand({ ...base, daemonName: 'a b' })), 'InvalidParameterException', /^Daemon name must be/],
    ['no capacity provider', () => ecs.send(new CreateDaemonCommand({ ...base, capacityProviderArns: [] })), 'InvalidParameterException', 'CapacityProviderArns can not be blank.'],
    ['not a capacity provider ARN', () => ecs.send(new CreateDaemonCommand({ ...base, capacityProviderArns: ['mi'] })), 'InvalidParameterException', 'Invalid capacity provider ARN: mi'],
    ['drainPercent over 100', () => ecs.send(new CreateDaemonCommand({ ...base, deploymentConfiguration: { drainPercent: 150 } })), 'InvalidParameterException', 'drainPercent must be between 0 and 100'],
    ['unknown cluster', () => ecs.send(new CreateDaemonCommand({ ...base, clusterArn: 'nope' })), 'ClusterNotFoundException', 'Cluster not found.'],
    ['unknown task definition', () => ecs.send(new CreateDaemonCommand({ ...base, daemonTaskDefinitionArn: 'x:1' })), 'ClientException', 'Unable to describe daemon task definition.'],
    ['bad propagateTags', () => ecs.send(new CreateDaemonCommand({ ...base, propagateTags: 'TASK' as never })), 'InvalidParameterException', 'propagateTags should be one of [DAEMON,NONE]'],
    ['unknown daemon', () => ecs.send(new DescribeDaemonCommand({ daemonArn: `${P}:daemon/c/nope` })), 'DaemonNotFoundException', 'Daemon not found.'],
    ['not a daemon ARN', () => ecs.send(new DescribeDaemonCommand({ daemonArn: `${P}:cluster/c` })), 'InvalidParameterException', /^Invalid daemon ARN/],
    ['too many deployment ARNs', () => ecs.send(new DescribeDaemonDeploymentsCommand({ daemonDeploymentArns: Array(21).fill('x') })), 'InvalidParameterException', 'daemonDeploymentArns can have at most 20 items.'],
    ['bad deployment status filter', () => ecs.send(new ListDaemonDeploymentsCommand({ daemonArn: `${P}:daemon/c/d`, status: ['DONE' as never] })), 'InvalidParameterException', /^status should be one of/],
    ['ListDaemons on an unknown cluster', () => ecs.send(new ListDaemonsCommand({ clusterArn: 'nope' })), 'ClusterNotFoundException', 'Cluster not found.'],
    ['wrong JSON type', () => ecs.send(new CreateDaemonCommand({ ...base, capacityProviderArns: 'x' as never })), 'SerializationException', 'Expected list or null'],
    ['too many revision ARNs', () => ecs.send(new DescribeDaemonRevisionsCommand({ daemonRevisionArns: Array(21).fill('x') })), 'InvalidParameterException', 'daemonRevisionArns can have at most 20 items.'],
    ['no revision ARNs', () => ecs.send(new DescribeDaemonRevisionsCommand({ daemonRevisionArns: [] })), 'InvalidParameterException', 'DaemonRevisionArns can not be blank.'],
    ['bad sort', () => ecs.send(new ListDaemonTaskDefinitionsCommand({ sort: 'UP' as never })), 'InvalidParameterException', 'sort should be one of [ASC,DESC]'],
    ['bad status filter', () => ecs.send(new ListDaemonTaskDefinitionsCommand({ status: 'DELETED' as never })), 'InvalidParameterException', 'status should be one of [ACTIVE,DELETE_IN_PROGRESS,ALL]'],
    ['update an unknown daemon', () => ecs.send(new UpdateDaemonCommand({ daemonArn: `${P}:daemon/c/nope`, daemonTaskDefinitionArn: td, capacityProviderArns: [CP] })), 'DaemonNotFoundException', 'Daemon not found.'],
    ['delete an unknown daemon', () => ecs.send(new DeleteDaemonCommand({ daemonArn: `${P}:daemon/c/nope` })), 'DaemonNotFoundException', 'Daemon not found.'],
  ];
  for (const [label, call, code, message] of cases) {
    const e = await fail(call());
    t.equal(e?.name, code, label);
    if (typeof message === 'string') t.equal(e?.message, message, label);
    else t.match(e?.message, message, label);
  }
  await ecs.send(new CreateDaemonCommand(base));
  const noTd = await fail(ecs.send(new UpdateDaemonCommand({ daemonArn: `${P}:daemon/c/d`, capacityProviderArns: [CP] } as never)));
  t.equal(noTd?.message, 'DaemonTaskDefinitionArn can not be blank.');
  const dup = await fail(ecs.send(new CreateDaemonCommand(base)));
  t.equal(dup?.message, 'A daemon named d already exists in the cluster c.');
  t.type(await fail(ecs.send(new ListDaemonsCommand({ clusterArn: 'c', maxResults: 101 }))), InvalidParameterException);
  t.type(await fail(ecs.send(new CreateDaemonCommand({ ...base, daemonName: 'd2', clusterArn: undefined }))), ClusterNotFoundException, 'without clusterArn: the default cluster');
});
