import t from 'tap';
import {
  ContinueServiceDeploymentCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  type CreateServiceCommandInput,
  type DeploymentConfiguration,
  type ECSClient,
  type ECSServiceException,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { recordFor, startTestEmulator, type TestContext } from '../helpers/test-emulator.js';
import { fargateTaskDefinition } from '../helpers/task-definitions.js';

const FAST = { provisioningMs: 200, pendingMs: 200, stoppingMs: 200, deprovisioningMs: 200, stoppedTaskRetentionMs: 3_600_000 };
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'] } };
const T0 = Date.UTC(2026, 0, 1, 12);
const MINUTE = 60_000;
const LB = [
  {
    targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/0123456789abcdef',
    containerName: 'app',
    containerPort: 80,
    advancedConfiguration: {
      alternateTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/0123456789abcdef',
      productionListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3',
      roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers',
    },
  },
];

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

async function register(ecs: ECSClient, image: string) {
  await ecs.send(fargateTaskDefinition('web', [{ name: 'app', image, portMappings: [{ containerPort: 80 }] }]));
}

const service = (deploymentConfiguration: DeploymentConfiguration, over: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput => ({
  cluster: 'prod',
  serviceName: 'web',
  taskDefinition: 'web',
  desiredCount: 2,
  launchType: 'FARGATE',
  networkConfiguration: NETWORK,
  loadBalancers: LB,
  deploymentConfiguration,
  ...over,
});

async function setup(t: TestContext, deploymentConfiguration: DeploymentConfiguration) {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { timings: FAST, clock });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await register(emu.ecs, 'nginx:1');
  await emu.ecs.send(new CreateServiceCommand(service(deploymentConfiguration)));
  return { ...emu, clock };
}

/** The newest service deployment, described. */
async function current(ecs: ECSClient): Promise<ServiceDeployment> {
  const [brief] = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', maxResults: 1 }))).serviceDeployments!;
  return (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [brief!.serviceDeploymentArn!] }))).serviceDeployments![0]!;
}

/** Everything through its first hook-free, bake-free stages. */
async function deployNewRevision(ecs: ECSClient, clock: ManualClock, image: string) {
  clock.advance(10 * MINUTE);
  await register(ecs, image);
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }));
}

const weights = (d: ServiceDeployment) => ({
  stage: d.lifecycleStage,
  green: [d.targetServiceRevision!.requestedTestTrafficWeight, d.targetServiceRevision!.requestedProductionTrafficWeight],
  blue: d.sourceServiceRevisions!.map((s) => [s.requestedTestTrafficWeight, s.requestedProductionTrafficWeight]),
});

t.test('ECS-native blue/green: green scales up, a pause hook holds it until ContinueServiceDeployment, bake time, clean-up; then servicesStable', async (t) => {
  const config: DeploymentConfiguration = {
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 5,
    lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' } }],
  };
  const { ecs, clock, records } = await setup(t, config);
  // The first deployment has no blue; let it through.
  clock.advance(1000);
  let d = await current(ecs);
  await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: d.lifecycleHookDetails![0]!.hookId }));
  clock.advance(5 * MINUTE);
  t.equal((await current(ecs)).status, 'SUCCESSFUL');
  const blueTasks = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;

  const start = clock.now() + 10 * MINUTE;
  await deployNewRevision(ecs, clock, 'nginx:2');
  d = await current(ecs);
  t.equal(d.status, 'IN_PROGRESS');
  t.same(weights(d), { stage: 'SCALE_UP', green: [0, 0], blue: [[100, 100]] }, 'green scales up taking no traffic');
  let svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!;
  t.same(svc.deployments!.map((x) => [x.status, x.desiredCount, x.runningCount, x.pendingCount]), [['PRIMARY', 2, 0, 2], ['ACTIVE', 2, 2, 0]]);

  clock.advance(400);
  d = await current(ecs);
  t.same(weights(d), { stage: 'POST_TEST_TRAFFIC_SHIFT', green: [100, 0], blue: [[0, 100]] }, 'test traffic on green, production on blue');
  const hook = d.lifecycleHookDetails![0]!;
  t.match(hook.hookId, /^ecs-pause-[A-Za-z0-9_-]{43}$/);
  t.same(hook, { hookId: hook.hookId, targetType: 'PAUSE', status: 'AWAITING_ACTION', expiresAt: new Date(start + 400 + 60 * MINUTE), timeoutAction: 'ROLLBACK' });
  clock.advance(20 * MINUTE);
  t.equal((await current(ecs)).lifecycleStage, 'POST_TEST_TRAFFIC_SHIFT', 'the pause holds');

  const cont = await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: hook.hookId, action: 'CONTINUE' }));
  t.equal(cont.serviceDeploymentArn, d.serviceDeploymentArn);
  d = await current(ecs);
  t.same(weights(d), { stage: 'BAKE_TIME', green: [100, 100], blue: [[0, 0]] }, 'production traffic shifted; both run through the bake time');
  svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!;
  t.equal(svc.deployments!.length, 2, 'not stable while blue still runs');

  clock.advance(5 * MINUTE);
  d = await current(ecs);
  t.equal(d.lifecycleStage, 'CLEAN_UP');
  t.equal(d.status, 'IN_PROGRESS', 'blue is being stopped');
  clock.advance(400);
  d = await current(ecs);
  t.equal(d.status, 'SUCCESSFUL');
  t.equal(d.finishedAt!.getTime(), clock.now(), 'when blue\'s tasks (awsvpc: stopping, deprovisioning) were STOPPED');
  t.same(d.deploymentConfiguration!.lifecycleHooks, config.lifecycleHooks);
  t.equal(d.deploymentConfiguration!.strategy, 'BLUE_GREEN');
  t.equal(d.deploymentConfiguration!.bakeTimeInMinutes, 5);

  // The switch is over: one deployment, every task running, and the SDK waiter agrees at once.
  const stable = await waitUntilServicesStable({ client: ecs, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { cluster: 'prod', services: ['web'] });
  t.equal(stable.state, 'SUCCESS');
  const running = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;
  t.equal(running.length, 2);
  t.notOk(running.some((a) => blueTasks.includes(a)), 'blue\'s tasks are gone');

  const recs = await records();
  const rec = recordFor(recs, cont.$metadata.requestId);
  t.equal(rec.eventName, 'ContinueServiceDeployment');
  t.equal(rec.readOnly, false);
  t.same(rec.requestParameters, { serviceDeploymentArn: d.serviceDeploymentArn, hookId: hook.hookId, action: 'CONTINUE' });
  t.same(rec.responseElements, { serviceDeploymentArn: d.serviceDeploymentArn });
});

t.test('a pause hook rolls back on ContinueServiceDeployment ROLLBACK, and on its timeout', async (t) => {
  const { ecs, clock } = await setup(t, {
    strategy: 'BLUE_GREEN',
    lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRE_SCALE_UP'], timeoutConfiguration: { timeoutInMinutes: 10 } }],
  });
  clock.advance(1000);
  let d = await current(ecs);
  t.equal(d.lifecycleStage, 'PRE_SCALE_UP');
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!.length, 0, 'nothing starts before the hook lets it');
  await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: d.lifecycleHookDetails![0]!.hookId }));
  clock.advance(1000);
  t.equal((await current(ecs)).status, 'SUCCESSFUL', 'no bake time given: 0');

  await deployNewRevision(ecs, clock, 'nginx:2');
  d = await current(ecs);
  await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: d.lifecycleHookDetails![0]!.hookId, action: 'ROLLBACK' }));
  d = await current(ecs);
  t.equal(d.status, 'ROLLBACK_SUCCESSFUL', 'green had no task yet: the rollback is over at once');
  t.equal(d.lifecycleHookDetails![0]!.status, 'FAILED');
  t.equal(d.rollback!.serviceRevisionArn, d.sourceServiceRevisions![0]!.arn);

  await deployNewRevision(ecs, clock, 'nginx:3');
  const started = clock.now();
  clock.advance(11 * MINUTE);
  d = await current(ecs);
  t.equal(d.status, 'ROLLBACK_SUCCESSFUL');
  t.equal(d.lifecycleHookDetails![0]!.status, 'TIMED_OUT');
  t.equal(d.rollback!.startedAt!.getTime(), started + 10 * MINUTE, 'dated to the timeout');
  t.equal(d.rollback!.reason, `The lifecycle hook ${d.lifecycleHookDetails![0]!.hookId} timed out.`);
  const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!;
  t.match(svc.taskDefinition, /:task-definition\/web:1$/, 'blue is PRIMARY again');

  const gone = await fail(ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: d.lifecycleHookDetails![0]!.hookId })));
  t.type(gone, InvalidParameterException);
});

t.test('a timed-out pause hook with action CONTINUE lets the deployment go on; Lambda hooks do not hold it', async (t) => {
  const { ecs, clock } = await setup(t, {
    strategy: 'BLUE_GREEN',
    lifecycleHooks: [
      { targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'], timeoutConfiguration: { timeoutInMinutes: 1, action: 'CONTINUE' } },
      {
        hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test',
        roleArn: 'arn:aws:iam::123456789012:role/ecs-hooks',
        lifecycleStages: ['TEST_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT'],
      },
    ],
  });
  clock.advance(30_000);
  t.equal((await current(ecs)).lifecycleStage, 'POST_SCALE_UP');
  clock.advance(MINUTE);
  const d = await current(ecs);
  t.equal(d.status, 'SUCCESSFUL');
  t.equal(d.finishedAt!.getTime(), T0 + 400 + MINUTE, 'continued at the timeout');
});

t.test('LINEAR shifts production traffic in steps, CANARY in two', async (t) => {
  const { ecs, clock } = await setup(t, { strategy: 'LINEAR', linearConfiguration: { stepPercent: 40, stepBakeTimeInMinutes: 2 } });
  clock.advance(1000);
  t.equal((await current(ecs)).status, 'IN_PROGRESS', 'steps take time even with no blue');
  clock.advance(10 * MINUTE);
  await deployNewRevision(ecs, clock, 'nginx:2');
  clock.advance(400);
  const steps = [];
  for (let i = 0; i < 3; i++) {
    steps.push(weights(await current(ecs)));
    clock.advance(2 * MINUTE);
  }
  t.same(steps, [
    { stage: 'PRODUCTION_TRAFFIC_SHIFT', green: [100, 40], blue: [[0, 60]] },
    { stage: 'PRODUCTION_TRAFFIC_SHIFT', green: [100, 80], blue: [[0, 20]] },
    { stage: 'CLEAN_UP', green: [100, 100], blue: [[0, 0]] },
  ]);
  clock.advance(1000);
  t.equal((await current(ecs)).status, 'SUCCESSFUL');

  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      forceNewDeployment: true,
      deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 12.5, canaryBakeTimeInMinutes: 3 }, bakeTimeInMinutes: 1 },
    }),
  );
  clock.advance(400);
  t.same(weights(await current(ecs)), { stage: 'PRODUCTION_TRAFFIC_SHIFT', green: [100, 12.5], blue: [[0, 87.5]] });
  clock.advance(3 * MINUTE);
  t.same(weights(await current(ecs)), { stage: 'BAKE_TIME', green: [100, 100], blue: [[0, 0]] });
  clock.advance(MINUTE + 400);
  t.equal((await current(ecs)).status, 'SUCCESSFUL');
});

t.test('deployment strategy input is checked', async (t) => {
  const clock = new ManualClock(T0);
  const { ecs } = await startTestEmulator(t, { timings: FAST, clock });
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await register(ecs, 'nginx:1');
  const attempt = (config: DeploymentConfiguration, over: Partial<CreateServiceCommandInput> = {}) => fail(ecs.send(new CreateServiceCommand(service(config, over))));
  const cases: [DeploymentConfiguration, RegExp, Partial<CreateServiceCommandInput>?][] = [
    [{ strategy: 'SLOW' as never }, /^strategy should be one of \[ROLLING,BLUE_GREEN,LINEAR,CANARY\]$/],
    [{ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1441 }, /^bakeTimeInMinutes must be between 0 and 1440$/],
    [{ strategy: 'BLUE_GREEN', linearConfiguration: { stepPercent: 10 } }, /only valid when the deployment strategy is LINEAR/],
    [{ strategy: 'LINEAR', linearConfiguration: { stepPercent: 2 } }, /^stepPercent must be a multiple of 0\.1 between 3 and 100$/],
    [{ strategy: 'CANARY', canaryConfiguration: { canaryPercent: 5.05 } }, /^canaryPercent must be a multiple of 0\.1/],
    [{ strategy: 'BLUE_GREEN', lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['SCALE_UP' as never] }] }, /^lifecycleStages should be one of/],
    [{ strategy: 'BLUE_GREEN', lifecycleHooks: [{ lifecycleStages: ['PRE_SCALE_UP'] }] }, /^hookTargetArn is required/],
    [{ strategy: 'BLUE_GREEN', lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: [] }] }, /^lifecycleStages can not be empty\.$/],
    [{ strategy: 'BLUE_GREEN' }, /only supported for services that use the ECS deployment controller/, { deploymentController: { type: 'CODE_DEPLOY' } }],
  ];
  for (const [config, message, over] of cases) {
    const err = await attempt(config, over);
    t.type(err, InvalidParameterException, JSON.stringify(config));
    t.match(err?.message, message);
  }
});
