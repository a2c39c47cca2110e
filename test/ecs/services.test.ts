import t from 'tap';
import {
  ClientException,
  ClusterContainsServicesException,
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
  waitUntilServicesInactive,
  waitUntilServicesStable,
  type CreateServiceCommandInput,
  type ECSClient,
  type ECSServiceException,
  type Service,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { recordFor, startTestEmulator, type TestContext } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const SVC_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:service`;
const TD_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition`;
const FAST = { provisioningMs: 200, pendingMs: 200, stoppingMs: 200, deprovisioningMs: 200, stoppedTaskRetentionMs: 3_600_000 };
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'], assignPublicIp: 'ENABLED' as const } };
const wait = { maxWaitTime: 30, minDelay: 1, maxDelay: 1 };

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

async function registerFargate(ecs: ECSClient, image = 'nginx:1') {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image }],
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

const webService = (over: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput => ({
  cluster: 'prod',
  serviceName: 'web',
  taskDefinition: 'web',
  desiredCount: 2,
  launchType: 'FARGATE',
  networkConfiguration: NETWORK,
  ...over,
});

async function setup(t: TestContext, clock?: ManualClock) {
  const emu = await startTestEmulator(t, { timings: FAST, ...(clock ? { clock } : {}) });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await registerFargate(emu.ecs);
  return emu;
}

const describe = async (ecs: ECSClient, name = 'web'): Promise<Service> =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: [name] }))).services![0]!;

const describeTasks = async (ecs: ECSClient, arns: string[]) =>
  (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks!;

const taskIdsIn = (message: string | undefined) => [...(message ?? '').matchAll(/\(task ([0-9a-f]{32})\)/g)].map((m) => m[1]);

t.test('CreateService starts its tasks; waitUntilServicesStable sees it steady', async (t) => {
  const { ecs, records } = await setup(t);
  const created = (await ecs.send(new CreateServiceCommand(webService({ tags: [{ key: 'team', value: 'a' }] })))).service!;
  t.equal(created.serviceArn, `${SVC_ARN}/prod/web`);
  t.equal(created.clusterArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`);
  t.equal(created.status, 'ACTIVE');
  t.equal(created.desiredCount, 2);
  t.equal(created.runningCount, 0);
  // ECS answers before its scheduler starts anything (AWS's CreateService example: pendingCount 0, events []).
  t.equal(created.pendingCount, 0, 'the response shows no task yet');
  t.equal(created.taskDefinition, `${TD_ARN}/web:1`, 'a bare family means its latest revision');
  t.equal(created.launchType, 'FARGATE');
  t.equal(created.platformVersion, 'LATEST');
  t.equal(created.platformFamily, 'Linux');
  t.same(created.deploymentConfiguration, {
    deploymentCircuitBreaker: { enable: false, rollback: false },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
  });
  t.equal(created.schedulingStrategy, 'REPLICA');
  t.same(created.deploymentController, { type: 'ECS' });
  t.same(created.loadBalancers, []);
  t.same(created.serviceRegistries, []);
  t.same(created.placementConstraints, []);
  t.same(created.placementStrategy, []);
  t.same(created.networkConfiguration, NETWORK);
  t.equal(created.enableECSManagedTags, false);
  t.equal(created.propagateTags, 'NONE');
  t.equal(created.enableExecuteCommand, false);
  t.match(created.createdBy, /^arn:aws:iam::123456789012:/);
  t.type(created.createdAt, Date);
  t.same(created.tags, [{ key: 'team', value: 'a' }]);

  t.equal(created.deployments?.length, 1);
  const d = created.deployments![0]!;
  t.match(d.id, /^ecs-svc\/\d{19}$/);
  t.equal(d.status, 'PRIMARY');
  t.equal(d.taskDefinition, `${TD_ARN}/web:1`);
  t.equal(d.desiredCount, 2);
  t.equal(d.pendingCount, 0);
  t.equal(d.runningCount, 0);
  t.equal(d.failedTasks, 0);
  t.equal(d.launchType, 'FARGATE');
  t.equal(d.rolloutState, 'IN_PROGRESS');
  t.equal(d.rolloutStateReason, `ECS deployment ${d.id} in progress.`);
  t.same(d.networkConfiguration, NETWORK);
  t.same(created.events, [], 'no event in the response');
  t.match(created.currentServiceDeployment, /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/[\w-]{21}$/);

  // The scheduler acts right after: the next read shows the tasks provisioning and the event.
  const next = await describe(ecs);
  t.equal(next.pendingCount, 2, 'the new tasks are provisioning');
  t.equal(next.deployments![0]!.pendingCount, 2);
  t.equal(next.events?.length, 1);
  t.match(next.events![0]!.message, /^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/);

  // The scheduler's tasks: startedBy the deployment, in the service's group.
  const listed = await ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: d.id }));
  t.equal(listed.taskArns?.length, 2);
  const tasks = await describeTasks(ecs, listed.taskArns!);
  for (const task of tasks) {
    t.equal(task.group, 'service:web');
    t.equal(task.startedBy, d.id);
    t.equal(task.taskDefinitionArn, `${TD_ARN}/web:1`);
    t.equal(task.launchType, 'FARGATE');
  }
  t.same(taskIdsIn(next.events![0]!.message).sort(), tasks.map((x) => x.taskArn!.split('/').pop()).sort());

  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
  const stable = await describe(ecs);
  t.equal(stable.runningCount, 2);
  t.equal(stable.pendingCount, 0);
  t.equal(stable.deployments![0]!.rolloutState, 'COMPLETED');
  t.equal(stable.deployments![0]!.rolloutStateReason, `ECS deployment ${d.id} completed.`);
  t.same(
    stable.events!.map((e) => e.message!.replace(/\(task [0-9a-f]+\)/g, '(task X)')),
    [
      '(service web) has reached a steady state.',
      `(service web) (deployment ${d.id}) deployment completed.`,
      '(service web) has started 2 tasks: (task X) (task X).',
    ],
    'events newest first',
  );
  t.notOk(stable.tags, 'tags only with include TAGS');

  const cluster = (await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters![0]!;
  t.equal(cluster.activeServicesCount, 1);
  t.equal(cluster.runningTasksCount, 2);

  const recs = await records();
  const create = recs.filter((r) => r.eventName === 'CreateService');
  t.equal(create.length, 1);
  t.equal(create[0]!.responseElements.service.serviceArn, `${SVC_ARN}/prod/web`);
  t.equal(create[0]!.requestParameters.serviceName, 'web');
  t.equal(recs.filter((r) => r.eventName === 'RunTask').length, 0, 'the scheduler starting tasks is not an API call');
});

t.test('a rolling update to a new revision replaces the tasks, then the old deployment goes', async (t) => {
  const { ecs } = await setup(t);
  const created = (await ecs.send(new CreateServiceCommand(webService()))).service!;
  const oldId = created.deployments![0]!.id!;
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
  const oldTasks = (await ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: oldId }))).taskArns!;

  const rev2 = await registerFargate(ecs, 'nginx:2');
  const updated = (await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }))).service!;
  t.equal(updated.taskDefinition, rev2);
  t.equal(updated.deployments?.length, 2, 'two deployments during the rollout');
  const [primary, active] = updated.deployments!;
  t.equal(primary!.status, 'PRIMARY');
  t.equal(primary!.taskDefinition, rev2);
  t.equal(primary!.rolloutState, 'IN_PROGRESS');
  t.not(primary!.id, oldId);
  t.equal(active!.status, 'ACTIVE');
  t.equal(active!.id, oldId);
  t.equal(active!.taskDefinition, `${TD_ARN}/web:1`);
  t.equal(active!.runningCount, 2, 'the old tasks keep running until the new ones run');
  t.equal(updated.runningCount, 2);
  t.equal(updated.pendingCount, 0, 'the response shows no new task yet');
  t.equal(primary!.pendingCount, 0);
  t.equal((await describe(ecs)).pendingCount, 2, 'the next read does');

  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
  const done = await describe(ecs);
  t.equal(done.deployments?.length, 1);
  t.equal(done.deployments![0]!.id, primary!.id);
  t.equal(done.deployments![0]!.rolloutState, 'COMPLETED');
  t.equal(done.runningCount, 2);

  const old = await describeTasks(ecs, oldTasks);
  for (const task of old) {
    t.equal(task.lastStatus, 'STOPPED');
    t.equal(task.stopCode, 'ServiceSchedulerInitiated');
    t.equal(task.stoppedReason, `Scaling activity initiated by (deployment ${oldId})`);
  }
  const stopped = done.events!.find((e) => e.message!.includes('has stopped'));
  t.match(stopped?.message, /^\(service web\) has stopped 2 running tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/);
  t.same(taskIdsIn(stopped?.message).sort(), oldTasks.map((a) => a.split('/').pop()).sort());
  t.ok(done.events!.some((e) => e.message === `(service web) (deployment ${primary!.id}) deployment completed.`));

  // forceNewDeployment with the same revision also rolls the tasks.
  const forced = (await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true }))).service!;
  t.equal(forced.deployments?.length, 2);
  t.equal(forced.deployments![0]!.taskDefinition, rev2);
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
});

t.test('a desiredCount change scales the PRIMARY deployment', async (t) => {
  const { ecs } = await setup(t);
  const created = (await ecs.send(new CreateServiceCommand(webService({ desiredCount: 1 })))).service!;
  const id = created.deployments![0]!.id!;
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });

  const up = (await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }))).service!;
  t.equal(up.desiredCount, 3);
  t.equal(up.deployments?.length, 1, 'no new deployment for a scale');
  t.equal(up.deployments![0]!.id, id);
  t.equal(up.deployments![0]!.desiredCount, 3);
  t.equal(up.runningCount, 1);
  t.equal(up.pendingCount, 0, 'the response comes before the scheduler acts');
  t.equal(up.events![0]!.message, '(service web) has reached a steady state.', 'and has no event of this change yet');
  const scaling = await describe(ecs);
  t.equal(scaling.pendingCount, 2);
  t.match(scaling.events![0]!.message, /^\(service web\) has started 2 tasks: /);
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
  t.equal((await describe(ecs)).runningCount, 3);

  const down = (await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 }))).service!;
  t.equal(down.desiredCount, 1);
  t.equal(down.runningCount, 3, 'the response shows the tasks before they are stopped');
  const shrinking = await describe(ecs);
  t.match(shrinking.events![0]!.message, /^\(service web\) has stopped 2 running tasks: /);
  const stoppedIds = taskIdsIn(shrinking.events![0]!.message);
  const stopping = await describeTasks(ecs, stoppedIds as string[]);
  t.same(stopping.map((x) => x.desiredStatus), ['STOPPED', 'STOPPED'], 'the surplus tasks are stopped at once');
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
  const listed = await ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: id, desiredStatus: 'STOPPED' }));
  t.same(listed.taskArns!.map((a) => a.split('/').pop()).sort(), stoppedIds.sort());
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: id }))).taskArns?.length, 1);
});

t.test('DeleteService drains the service to INACTIVE; waitUntilServicesInactive', async (t) => {
  const { ecs } = await setup(t);
  await ecs.send(new CreateServiceCommand(webService({ tags: [{ key: 'k', value: 'v' }] })));
  await waitUntilServicesStable({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });

  const refused = await fail(ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web' })));
  t.type(refused, InvalidParameterException);
  t.equal(refused?.message, 'The service cannot be stopped while it is scaled above 0.');

  const inUse = await fail(ecs.send(new DeleteClusterCommand({ cluster: 'prod' })));
  t.type(inUse, ClusterContainsServicesException);
  t.equal(inUse?.message, 'The Cluster cannot be deleted while Services are active.');

  const deleted = (await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: `${SVC_ARN}/prod/web`, force: true }))).service!;
  t.equal(deleted.status, 'DRAINING');
  t.equal(deleted.desiredCount, 0);
  t.equal(deleted.runningCount, 2, 'the response comes before the tasks are stopped');
  t.match((await describe(ecs)).events![0]!.message, /^\(service web\) has stopped 2 running tasks: /);
  const drainingCluster = (await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters![0]!;
  t.equal(drainingCluster.activeServicesCount, 0, 'a DRAINING service is not an active one');

  await waitUntilServicesInactive({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
  const gone = await describe(ecs);
  t.equal(gone.status, 'INACTIVE', 'an INACTIVE service is still describable');
  t.equal(gone.runningCount, 0);
  const taskArns = (await ecs.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' }))).taskArns!;
  for (const task of await describeTasks(ecs, taskArns)) t.equal(task.stopCode, 'ServiceSchedulerInitiated');
  t.same((await ecs.send(new ListServicesCommand({ cluster: 'prod' }))).serviceArns, []);

  const notActive = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 })));
  t.type(notActive, ServiceNotActiveException);
  t.equal(notActive?.message, 'Service was not ACTIVE.');
  const again = (await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web', force: true }))).service!;
  t.equal(again.status, 'INACTIVE', 'deleting an INACTIVE service returns it');

  const recreated = (await ecs.send(new CreateServiceCommand(webService({ desiredCount: 0 })))).service!;
  t.equal(recreated.status, 'ACTIVE', 'an INACTIVE name can be used again');
  t.equal(recreated.serviceArn, `${SVC_ARN}/prod/web`);
  const withTags = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'], include: ['TAGS'] }));
  t.same(withTags.services![0]!.tags, [], 'the old service took its tags with it');
  await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web' }));
  await waitUntilServicesInactive({ client: ecs, ...wait }, { cluster: 'prod', services: ['web'] });
  await ecs.send(new DeleteClusterCommand({ cluster: 'prod' }));
});

t.test('CreateService errors', async (t) => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const { ecs } = await setup(t, clock);

  const noCluster = await fail(ecs.send(new CreateServiceCommand(webService({ cluster: 'nope' }))));
  t.type(noCluster, ClusterNotFoundException);
  t.equal(noCluster?.message, 'Cluster not found.');

  const noTd = await fail(ecs.send(new CreateServiceCommand(webService({ taskDefinition: 'nothing' }))));
  t.type(noTd, ClientException);
  t.equal(noTd?.message, 'TaskDefinition not found.');

  const badRev = await fail(ecs.send(new CreateServiceCommand(webService({ taskDefinition: 'web:7' }))));
  t.type(badRev, InvalidParameterException);
  t.equal(badRev?.message, 'Invalid revision number.');

  const negative = await fail(ecs.send(new CreateServiceCommand(webService({ desiredCount: -1 }))));
  t.type(negative, InvalidParameterException);

  const noNetwork = await fail(ecs.send(new CreateServiceCommand(webService({ networkConfiguration: undefined }))));
  t.type(noNetwork, InvalidParameterException);
  t.equal(noNetwork?.message, "Network Configuration must be provided when networkMode 'awsvpc' is specified.");

  const first = (await ecs.send(new CreateServiceCommand(webService({ clientToken: 'a' })))).service!;
  const same = (await ecs.send(new CreateServiceCommand(webService({ clientToken: 'b' })))).service!;
  t.equal(same.serviceArn, first.serviceArn, 'an identical request returns the existing service');
  t.same(same.deployments!.map((d) => d.id), first.deployments!.map((d) => d.id), 'and starts nothing');
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns?.length, 2);
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns?.length, 2);

  const differs = await fail(ecs.send(new CreateServiceCommand(webService({ desiredCount: 3 }))));
  t.type(differs, InvalidParameterException);
  t.equal(differs?.message, 'Creation of service was not idempotent.');

  await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web', force: true }));
  t.equal((await describe(ecs)).status, 'DRAINING', 'the clock has not moved: still draining');
  const draining = await fail(ecs.send(new CreateServiceCommand(webService())));
  t.type(draining, InvalidParameterException);
  t.equal(draining?.message, 'Unable to Start a service that is still Draining.');
  const stillInUse = await fail(ecs.send(new DeleteClusterCommand({ cluster: 'prod' })));
  t.type(stillInUse, ClusterContainsServicesException, 'a DRAINING service keeps the cluster');

  clock.advance(1000);
  t.equal((await describe(ecs)).status, 'INACTIVE');
  const recreated = (await ecs.send(new CreateServiceCommand(webService()))).service!;
  t.equal(recreated.status, 'ACTIVE');
  t.not(recreated.deployments![0]!.id, first.deployments![0]!.id);
});

t.test('UpdateService and DeleteService on a missing service; service names and ARNs', async (t) => {
  const { ecs } = await setup(t, new ManualClock(Date.UTC(2026, 0, 1)));
  for (const send of [
    () => ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'ghost', desiredCount: 1 })),
    () => ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'ghost' })),
  ]) {
    const err = await fail(send());
    t.type(err, ServiceNotFoundException);
    t.equal(err?.message, 'Service not found.');
  }
  const noCluster = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'nope', service: 'web' })));
  t.type(noCluster, ClusterNotFoundException);

  await ecs.send(new CreateServiceCommand(webService({ desiredCount: 0, tags: [{ key: 'k', value: 'v' }] })));
  const out = await ecs.send(
    new DescribeServicesCommand({
      cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`,
      services: ['web', `${SVC_ARN}/prod/web`, `${SVC_ARN}/web`, 'ghost', `${SVC_ARN}/prod/ghost`],
      include: ['TAGS'],
    }),
  );
  t.equal(out.services?.length, 3, 'a name, a long ARN and a short ARN all find it');
  t.same(out.services![0]!.tags, [{ key: 'k', value: 'v' }]);
  t.same(out.failures, [
    { arn: `${SVC_ARN}/ghost`, reason: 'MISSING' },
    { arn: `${SVC_ARN}/prod/ghost`, reason: 'MISSING' },
  ]);

  const empty = await fail(ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: [] })));
  t.type(empty, InvalidParameterException);
  t.equal(empty?.message, 'Services cannot be empty.');
  const many = await fail(
    ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: Array.from({ length: 11 }, (_, i) => `s${i}`) })),
  );
  t.type(many, InvalidParameterException);
  t.equal(many?.message, 'service names can have at most 10 items.');

  const byArn = (await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: `${SVC_ARN}/prod/web`, desiredCount: 1 }))).service!;
  t.equal(byArn.desiredCount, 1);

  const negative = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: -2 })));
  t.type(negative, InvalidParameterException);
  const unknownTd = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'other' })));
  t.type(unknownTd, ClientException);
  t.equal(unknownTd?.message, 'TaskDefinition not found.');
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'ec2only', containerDefinitions: [{ name: 'a', image: 'busybox', memory: 64 }] }));
  const incompatible = await fail(
    ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'ec2only', desiredCount: 5 })),
  );
  t.type(incompatible, InvalidParameterException);
  t.equal(incompatible?.message, 'Task definition does not support launch_type FARGATE.');
  const unchanged = await describe(ecs);
  t.equal(unchanged.desiredCount, 1, 'a refused update changes nothing');
  t.equal(unchanged.deployments?.length, 1);
  t.equal(unchanged.taskDefinition, `${TD_ARN}/web:1`);
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns?.length, 1);
});

t.test('ListServices filters and pages', async (t) => {
  const { ecs } = await setup(t, new ManualClock(Date.UTC(2026, 0, 1)));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'ec2', containerDefinitions: [{ name: 'a', image: 'busybox', memory: 64 }] }));
  for (let i = 0; i < 11; i++) {
    await ecs.send(new CreateServiceCommand(webService({ serviceName: `s${String(i).padStart(2, '0')}`, desiredCount: 0 })));
  }
  // EC2 on a cluster without container instances: the service exists but cannot place its task.
  const ec2 = (
    await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'ec2', taskDefinition: 'ec2', desiredCount: 1, launchType: 'EC2' }))
  ).service!;
  t.equal(ec2.launchType, 'EC2');
  t.equal(ec2.runningCount, 0);
  t.match((await describe(ecs, 'ec2')).events![0]!.message, /^\(service ec2\) was unable to place a task because no container instance met all of its requirements\./);

  const first = await ecs.send(new ListServicesCommand({ cluster: 'prod' }));
  t.equal(first.serviceArns?.length, 10, 'ten per page by default');
  t.ok(first.nextToken);
  const second = await ecs.send(new ListServicesCommand({ cluster: 'prod', nextToken: first.nextToken }));
  t.equal(second.serviceArns?.length, 2);
  t.notOk(second.nextToken);
  t.equal(new Set([...first.serviceArns!, ...second.serviceArns!]).size, 12);

  const five = await ecs.send(new ListServicesCommand({ cluster: 'prod', maxResults: 5 }));
  t.equal(five.serviceArns?.length, 5);
  const tooMany = await fail(ecs.send(new ListServicesCommand({ cluster: 'prod', maxResults: 101 })));
  t.type(tooMany, InvalidParameterException);

  t.same((await ecs.send(new ListServicesCommand({ cluster: 'prod', launchType: 'EC2' }))).serviceArns, [`${SVC_ARN}/prod/ec2`]);
  t.equal((await ecs.send(new ListServicesCommand({ cluster: 'prod', launchType: 'FARGATE', maxResults: 100 }))).serviceArns?.length, 11);
  t.same((await ecs.send(new ListServicesCommand({ cluster: 'prod', schedulingStrategy: 'DAEMON' }))).serviceArns, []);
  const noCluster = await fail(ecs.send(new ListServicesCommand({ cluster: 'nope' })));
  t.type(noCluster, ClusterNotFoundException);
});

t.test('events and counters follow the clock through a rolling update; one trail record per call', async (t) => {
  const t0 = Date.UTC(2026, 0, 1, 12);
  const clock = new ManualClock(t0);
  const { ecs, records } = await setup(t, clock);
  let calls = 3; // CreateCluster, RegisterTaskDefinition, and the CreateService below
  const created = (await ecs.send(new CreateServiceCommand(webService()))).service!;
  const d1 = created.deployments![0]!.id!;

  const at = async (ms: number) => {
    clock.set(ms);
    calls++;
    return describe(ecs);
  };
  let s = await at(t0 + 200);
  t.equal(s.pendingCount, 2, 'PENDING after provisioning');
  t.equal(s.runningCount, 0);
  s = await at(t0 + 400);
  t.equal(s.runningCount, 2);
  t.equal(s.deployments![0]!.rolloutState, 'COMPLETED');
  t.same(
    s.events!.map((e) => e.createdAt!.getTime()),
    [t0 + 400, t0 + 400, t0],
    'completion and steady state when the tasks reach RUNNING',
  );

  const t1 = t0 + 10_000;
  clock.set(t1);
  await registerFargate(ecs, 'nginx:2');
  const updateOut = await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' }));
  const updated = updateOut.service!;
  calls += 2;
  const d2 = updated.deployments![0]!.id!;

  s = await at(t1 + 500);
  t.equal(s.deployments?.length, 2);
  t.equal(s.deployments![0]!.runningCount, 2, 'new tasks RUNNING at t1+400');
  t.equal(s.deployments![1]!.runningCount, 0, 'old tasks STOPPING since t1+400');
  t.equal(s.deployments![1]!.desiredCount, 0);
  t.equal(s.runningCount, 2);
  t.equal(s.deployments![0]!.rolloutState, 'IN_PROGRESS');
  t.equal(s.events![0]!.createdAt!.getTime(), t1 + 400);
  t.match(s.events![0]!.message, /has stopped 2 running tasks/);

  s = await at(t1 + 800);
  t.equal(s.deployments?.length, 1, 'the old deployment is gone once its tasks are STOPPED (awsvpc: +200 stopping, +200 deprovisioning)');
  t.equal(s.deployments![0]!.id, d2);
  t.equal(s.deployments![0]!.rolloutState, 'COMPLETED');
  t.same(
    s.events!.map((e) => [e.createdAt!.getTime(), e.message!.replace(/\(task [0-9a-f]+\)/g, '(task X)')]),
    [
      [t1 + 800, '(service web) has reached a steady state.'],
      [t1 + 800, `(service web) (deployment ${d2}) deployment completed.`],
      [t1 + 400, '(service web) has stopped 2 running tasks: (task X) (task X).'],
      [t1, '(service web) has started 2 tasks: (task X) (task X).'],
      [t0 + 400, '(service web) has reached a steady state.'],
      [t0 + 400, `(service web) (deployment ${d1}) deployment completed.`],
      [t0, '(service web) has started 2 tasks: (task X) (task X).'],
    ],
  );

  // Deleting while a rollout is under way stops everything now.
  clock.set(t1 + 20_000);
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true }));
  const del = (await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web', force: true }))).service!;
  calls += 2;
  t.equal(del.status, 'DRAINING');
  t.ok(del.events!.every((e) => e.createdAt!.getTime() < t1 + 20_000), 'the response has no event of the delete yet');
  s = await at(t1 + 20_000);
  t.equal(s.events![0]!.createdAt!.getTime(), t1 + 20_000);
  t.match(s.events![0]!.message, /has stopped 4 running tasks/, 'old and new tasks stop together');
  s = await at(t1 + 20_400);
  t.equal(s.status, 'INACTIVE');
  t.notOk(s.events!.some((e) => e.createdAt!.getTime() > t1 + 20_000), 'no steady state planned after the delete');

  const recs = await records();
  t.equal(recs.length, calls, 'one record per API call and none for the scheduler');
  const upd = recordFor(recs, updateOut.$metadata.requestId);
  t.equal(upd.eventName, 'UpdateService');
});

t.test('the scheduler replaces a task stopped by StopTask once it is STOPPED', async (t) => {
  const t0 = Date.UTC(2026, 0, 1, 12);
  const clock = new ManualClock(t0);
  const { ecs, records } = await setup(t, clock);
  const created = (await ecs.send(new CreateServiceCommand(webService()))).service!;
  const d = created.deployments![0]!.id!;
  clock.set(t0 + 1000);
  const [victim] = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;
  await ecs.send(new StopTaskCommand({ cluster: 'prod', task: victim! }));

  clock.set(t0 + 1500); // the stopped task is STOPPED at t0+1400 (200 stopping + 200 deprovisioning)
  let s = await describe(ecs);
  t.equal(s.runningCount, 1);
  t.equal(s.pendingCount, 1, 'its replacement is on its way');
  t.equal(s.deployments?.length, 1);
  t.equal(s.events![0]!.createdAt!.getTime(), t0 + 1400, 'started when the lost task was seen STOPPED');
  t.match(s.events![0]!.message, /^\(service web\) has started 1 tasks: \(task [0-9a-f]{32}\)\.$/);
  const replacementId = taskIdsIn(s.events![0]!.message)[0]!;
  const [replacement] = await describeTasks(ecs, [replacementId]);
  t.equal(replacement!.startedBy, d);
  t.equal(replacement!.createdAt!.getTime(), t0 + 1400);

  clock.set(t0 + 1800);
  s = await describe(ecs);
  t.equal(s.runningCount, 2);
  t.equal(s.events![0]!.message, '(service web) has reached a steady state.');
  t.equal(s.events![0]!.createdAt!.getTime(), t0 + 1800);
  const again = await describe(ecs);
  t.equal(again.events!.length, s.events!.length, 'looking again starts nothing more');
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns?.length, 2);
  t.equal((await records()).filter((r) => r.eventName === 'RunTask').length, 0);
});
