import t from 'tap';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  DescribeServicesCommand,
  DescribeTaskSetsCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  DeleteServiceCommand,
  TaskSetNotFoundException,
  UpdateServiceCommand,
  UpdateServicePrimaryTaskSetCommand,
  UpdateTaskSetCommand,
  type ECSClient,
  type ECSServiceException,
  type Service,
  type TaskSet,
} from '@aws-sdk/client-ecs';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ManualClock } from '../../emulator/index.js';
import { recordFor, startTestEmulator, type TestContext } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}`;
const FAST = { provisioningMs: 200, pendingMs: 200, stoppingMs: 200, deprovisioningMs: 200, stoppedTaskRetentionMs: 3_600_000 };
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'] } };
const T0 = Date.UTC(2026, 0, 1, 12);
const TG = (color: string) => [{ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${color}/0123456789abcdef`, containerName: 'app', containerPort: 80 }];

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

async function register(ecs: ECSClient, image: string) {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image, portMappings: [{ containerPort: 80 }] }],
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

async function setup(t: TestContext) {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { timings: FAST, clock });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  const td1 = await register(emu.ecs, 'nginx:1');
  return { ...emu, clock, td1 };
}

const describe = async (ecs: ECSClient, name = 'web'): Promise<Service> =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: [name] }))).services![0]!;

const summary = (sets: TaskSet[] | undefined) => (sets ?? []).map((s) => `${s.status} ${s.scale!.value}% ${s.runningCount}/${s.computedDesiredCount} ${s.stabilityStatus}`);

/** ecspresso's wait for CODE_DEPLOY services (kayac/ecspresso `WaitTaskSetStable`): one task set, PRIMARY, STEADY_STATE. */
const ecspressoStable = (s: Service) => s.taskSets?.length === 1 && s.taskSets[0]!.status === 'PRIMARY' && s.taskSets[0]!.stabilityStatus === 'STEADY_STATE';

t.test('a CODE_DEPLOY blue/green, driven through task sets as CodeDeploy drives it', async (t) => {
  const { ecs, clock, td1, records, url } = await setup(t);
  const created = (
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        loadBalancers: TG('blue'),
        deploymentController: { type: 'CODE_DEPLOY' },
      }),
    )
  ).service!;
  t.same(created.deploymentController, { type: 'CODE_DEPLOY' });
  t.same(created.deployments, [], 'a CODE_DEPLOY service lists no deployments (CreateService documents it)');
  t.equal(created.taskSets?.length, 1, 'it starts with one task set');
  const blue = created.taskSets![0]!;
  t.match(blue.id, /^ecs-svc\/\d{19}$/);
  t.equal(blue.taskSetArn, `${ARN}:task-set/prod/web/${blue.id}`);
  t.equal(blue.status, 'PRIMARY');
  t.same(blue.scale, { value: 100, unit: 'PERCENT' });
  t.equal(blue.taskDefinition, td1);
  t.same(blue.loadBalancers, TG('blue'));
  t.equal(created.taskDefinition, td1);
  t.equal(created.runningCount, 0);

  clock.advance(1000);
  let svc = await describe(ecs);
  t.same(summary(svc.taskSets), ['PRIMARY 100% 2/2 STEADY_STATE']);
  t.equal(svc.runningCount, 2, 'the service counts its task sets\' tasks');
  t.ok(ecspressoStable(svc));
  t.same((await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }))).serviceDeployments, [], 'no service deployments: task sets are its deployments');

  // CodeDeploy's deployment: a replacement (green) task set at 100 %, with the green target group.
  const td2 = await register(ecs, 'nginx:2');
  const green = (
    await ecs.send(
      new CreateTaskSetCommand({
        cluster: 'prod',
        service: 'web',
        taskDefinition: 'web',
        externalId: 'd-ABCDEFGHI',
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        loadBalancers: TG('green'),
        scale: { value: 100, unit: 'PERCENT' },
      }),
    )
  ).taskSet!;
  t.equal(green.taskDefinition, td2, 'the latest ACTIVE revision');
  t.equal(green.status, 'ACTIVE');
  t.equal(green.startedBy, 'CODE_DEPLOY');
  t.equal(green.externalId, 'd-ABCDEFGHI');
  t.equal(green.computedDesiredCount, 0, 'the response comes before ECS computes it (AWS example)');
  t.equal(green.stabilityStatus, 'STABILIZING');
  t.same(green.tags, []);

  svc = await describe(ecs);
  t.same(summary(svc.taskSets), ['PRIMARY 100% 2/2 STEADY_STATE', 'ACTIVE 100% 0/2 STABILIZING']);
  t.notOk(ecspressoStable(svc));
  clock.advance(400);
  svc = await describe(ecs);
  t.same(summary(svc.taskSets), ['PRIMARY 100% 2/2 STEADY_STATE', 'ACTIVE 100% 2/2 STEADY_STATE']);
  t.equal(svc.runningCount, 4);
  t.equal(svc.events![0]!.message, '(service web) has reached a steady state.');
  t.equal(svc.events![1]!.message, `(service web, taskSet ${green.id}) updated state to STEADY_STATE.`);
  t.match(svc.events![2]!.message, new RegExp(`^\\(service web, taskSet ${green.id}\\) has started 2 tasks: `));

  // Traffic moves: green becomes PRIMARY, blue is scaled to 0 and deleted.
  const switched = (await ecs.send(new UpdateServicePrimaryTaskSetCommand({ cluster: 'prod', service: 'web', primaryTaskSet: green.taskSetArn }))).taskSet!;
  t.equal(switched.status, 'PRIMARY');
  svc = await describe(ecs);
  t.equal(svc.taskDefinition, td2, 'the service shows its PRIMARY task set');
  t.same(svc.taskSets!.map((s) => s.status), ['ACTIVE', 'PRIMARY']);
  const scaled = (await ecs.send(new UpdateTaskSetCommand({ cluster: 'prod', service: 'web', taskSet: blue.id, scale: { value: 0, unit: 'PERCENT' } }))).taskSet!;
  t.same(scaled.scale, { value: 0, unit: 'PERCENT' });
  t.equal(scaled.computedDesiredCount, 2, 'still the count from before the call, as in AWS\'s example');
  const deleted = (await ecs.send(new DeleteTaskSetCommand({ cluster: 'prod', service: 'web', taskSet: blue.taskSetArn }))).taskSet!;
  t.equal(deleted.status, 'DRAINING');
  svc = await describe(ecs);
  t.notOk(ecspressoStable(svc), 'blue is still draining');
  clock.advance(400);
  svc = await describe(ecs);
  t.same(summary(svc.taskSets), ['PRIMARY 100% 2/2 STEADY_STATE']);
  t.ok(ecspressoStable(svc), 'stable after the switch: one PRIMARY task set in STEADY_STATE');
  t.same(svc.deployments, [], 'so the SDK\'s servicesStable waiter, which wants one deployment, never succeeds on it (boto/botocore#2865)');
  const gone = await ecs.send(new DescribeTaskSetsCommand({ cluster: 'prod', service: 'web', taskSets: [blue.id!] }));
  t.same(gone.failures, [{ arn: blue.taskSetArn, reason: 'MISSING' }]);
  const tasks = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;
  t.equal(tasks.length, 2);
  t.same((await ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: green.id }))).taskArns!.sort(), tasks.sort(), 'the tasks are green\'s');

  // UpdateService on a CODE_DEPLOY service: desiredCount and a few settings only.
  const refused = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: `${td1}` })));
  t.equal(refused?.message, 'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.');
  const forced = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true })));
  t.equal(forced?.message, 'Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.');
  const lbs = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', loadBalancers: TG('red') })));
  t.equal(lbs?.message, 'Unable to update load balancers on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3, healthCheckGracePeriodSeconds: 30 }));
  clock.advance(400);
  t.same(summary((await describe(ecs)).taskSets), ['PRIMARY 100% 3/3 STEADY_STATE'], 'a new desiredCount rescales every task set');

  const recs = await records();
  for (const name of ['CreateTaskSet', 'UpdateTaskSet', 'UpdateServicePrimaryTaskSet', 'DeleteTaskSet']) {
    const rec = recs.find((r) => r.eventName === name)!;
    t.equal(rec.readOnly, false, name);
    t.ok(rec.responseElements.taskSet.taskSetArn, `${name} records its response`);
  }
  // Event history finds a task set's events by its ARN.
  const cloudTrail = new CloudTrailClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
  t.teardown(() => cloudTrail.destroy());
  const history = await cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: green.taskSetArn }] }));
  t.same(history.Events!.map((e) => e.EventName).sort(), ['CreateTaskSet', 'UpdateServicePrimaryTaskSet']);
  t.ok(history.Events![0]!.Resources!.some((r) => r.ResourceType === 'AWS::ECS::TaskSet' && r.ResourceName === green.taskSetArn));
  const describeRec = recordFor(recs, gone.$metadata.requestId);
  t.equal(describeRec.readOnly, true);
  t.equal(describeRec.responseElements, null);
});

t.test('an EXTERNAL service: task sets at a share of desiredCount, rounded up; tags; deletion needs a scale of 0 or force', async (t) => {
  const { ecs, clock } = await setup(t);
  // As terraform-provider-aws 5.100 sends it for an EXTERNAL service: an empty capacity provider strategy.
  const created = (
    await ecs.send(
      new CreateServiceCommand({ cluster: 'prod', serviceName: 'ext', desiredCount: 3, capacityProviderStrategy: [], deploymentController: { type: 'EXTERNAL' } }),
    )
  ).service!;
  t.same(created.taskSets, []);
  t.notOk(created.taskDefinition, 'an EXTERNAL service has no task definition of its own');
  const a = (
    await ecs.send(
      new CreateTaskSetCommand({
        cluster: 'prod',
        service: 'ext',
        taskDefinition: 'web:1',
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        scale: { value: 50, unit: 'PERCENT' },
        tags: [{ key: 'color', value: 'blue' }],
      }),
    )
  ).taskSet!;
  t.same(a.tags, [{ key: 'color', value: 'blue' }]);
  t.notOk(a.startedBy, 'startedBy is not used for external deployments');
  const withTags = await ecs.send(new DescribeTaskSetsCommand({ cluster: `${ARN}:cluster/prod`, service: `${ARN}:service/prod/ext`, include: ['TAGS'] }));
  t.same(withTags.taskSets![0]!.tags, [{ key: 'color', value: 'blue' }]);
  t.notOk((await ecs.send(new DescribeTaskSetsCommand({ cluster: 'prod', service: 'ext' }))).taskSets![0]!.tags);
  t.same((await ecs.send(new ListTagsForResourceCommand({ resourceArn: a.taskSetArn }))).tags, [{ key: 'color', value: 'blue' }]);

  clock.advance(400);
  let svc = await describe(ecs, 'ext');
  t.same(summary(svc.taskSets), ['ACTIVE 50% 2/2 STEADY_STATE'], '50 % of 3 is 1.5, rounded up to 2');
  t.notOk(svc.taskDefinition, 'no PRIMARY task set yet');
  await ecs.send(new UpdateServicePrimaryTaskSetCommand({ cluster: 'prod', service: 'ext', primaryTaskSet: a.id }));
  svc = await describe(ecs, 'ext');
  t.match(svc.taskDefinition, /web:1$/);
  t.equal(svc.launchType, 'FARGATE');

  const b = (await ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web', launchType: 'FARGATE', networkConfiguration: NETWORK }))).taskSet!;
  t.same(b.scale, { value: 0, unit: 'PERCENT' }, 'no scale given: 0 %, as in AWS\'s example');
  await ecs.send(new UpdateTaskSetCommand({ cluster: 'prod', service: 'ext', taskSet: b.taskSetArn, scale: { value: 10, unit: 'PERCENT' } }));
  clock.advance(400);
  t.same(summary((await describe(ecs, 'ext')).taskSets), ['PRIMARY 50% 2/2 STEADY_STATE', 'ACTIVE 10% 1/1 STEADY_STATE']);

  const primary = await fail(ecs.send(new DeleteTaskSetCommand({ cluster: 'prod', service: 'ext', taskSet: a.id })));
  t.type(primary, InvalidParameterException);
  t.match(primary?.message, /primary task set/);
  const scaledUp = await fail(ecs.send(new DeleteTaskSetCommand({ cluster: 'prod', service: 'ext', taskSet: b.id })));
  t.match(scaledUp?.message, /scaled above 0/);
  const forced = (await ecs.send(new DeleteTaskSetCommand({ cluster: 'prod', service: 'ext', taskSet: b.id, force: true }))).taskSet!;
  t.equal(forced.status, 'DRAINING');
  t.equal(forced.runningCount! + forced.pendingCount!, 1, 'the response comes before its task is stopped');
  const again = (await ecs.send(new DeleteTaskSetCommand({ cluster: 'prod', service: 'ext', taskSet: b.id, force: true }))).taskSet!;
  t.equal(again.status, 'DRAINING', 'deleting a draining task set again returns it');
  const draining = await fail(ecs.send(new UpdateTaskSetCommand({ cluster: 'prod', service: 'ext', taskSet: b.id, scale: { value: 5, unit: 'PERCENT' } })));
  t.type(draining, InvalidParameterException);

  await register(ecs, 'nginx:2');
  const refused = await fail(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web:2' })));
  t.equal(refused?.message, 'Unable to update task definition on services with an EXTERNAL deployment controller. Create a new task set instead.');

  await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'ext', force: true }));
  const inactive = await fail(ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web' })));
  t.type(inactive, ServiceNotActiveException);
});

t.test('task sets: cross-resource errors and bad input', async (t) => {
  const { ecs } = await setup(t);
  await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'rolling', taskDefinition: 'web', desiredCount: 0, launchType: 'FARGATE', networkConfiguration: NETWORK }));
  await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'ext', desiredCount: 1, deploymentController: { type: 'EXTERNAL' } }));

  const message = 'Amazon ECS only supports task set management on services configured to use external deployment controllers.';
  const onEcs = await fail(ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'rolling', taskDefinition: 'web' })));
  t.type(onEcs, InvalidParameterException, 'a task set for a service with the ECS controller is refused');
  t.equal(onEcs?.message, message);
  const describeOnEcs = await fail(ecs.send(new DescribeTaskSetsCommand({ cluster: 'prod', service: 'rolling' })));
  t.equal(describeOnEcs?.message, message);

  const invalid = await fail(ecs.send(new DescribeTaskSetsCommand({ cluster: 'prod', service: 'ext', taskSets: [`${ARN}:task/prod/0123456789abcdef0123456789abcdef`] })));
  t.equal(invalid?.message, 'Task Set Identifier is invalid');
  const unknown = await fail(ecs.send(new UpdateTaskSetCommand({ cluster: 'prod', service: 'ext', taskSet: 'ecs-svc/1234567890123456789', scale: { value: 1, unit: 'PERCENT' } })));
  t.type(unknown, TaskSetNotFoundException);
  const badScale = await fail(ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web', scale: { value: 101, unit: 'PERCENT' } })));
  t.equal(badScale?.message, 'Scale value must be between 0 and 100.');
  const noNetwork = await fail(ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web', launchType: 'FARGATE' })));
  t.equal(noNetwork?.message, "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  const noTd = await fail(ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'nothing' })));
  t.equal(noTd?.message, 'TaskDefinition not found.');

  for (let i = 0; i < 5; i++) {
    await ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web', launchType: 'FARGATE', networkConfiguration: NETWORK }));
  }
  const sixth = await fail(ecs.send(new CreateTaskSetCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web', launchType: 'FARGATE', networkConfiguration: NETWORK })));
  t.equal(sixth?.message, '5 deployments exist on the service. Unable to create new TaskSet since this exceeds the maximum limit.');

  const launch = await fail(ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'ext2', desiredCount: 1, launchType: 'FARGATE', deploymentController: { type: 'EXTERNAL' } })));
  t.type(launch, InvalidParameterException);
  t.match(launch?.message, /^launchType can not be specified for a service that uses the EXTERNAL deployment controller/);
  const daemon = await fail(ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'd', taskDefinition: 'web', schedulingStrategy: 'DAEMON', deploymentController: { type: 'CODE_DEPLOY' } })));
  t.type(daemon, InvalidParameterException);
});
