import t from 'tap';
import {
  ClusterNotFoundException,
  ConflictException,
  ContinueServiceDeploymentCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  ServiceDeploymentNotFoundException,
  ServiceNotFoundException,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type ECSClient,
  type ECSServiceException,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { recordFor, startTestEmulator, type TestContext } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}`;
const FAST = { provisioningMs: 200, pendingMs: 200, stoppingMs: 200, deprovisioningMs: 200, stoppedTaskRetentionMs: 3_600_000 };
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'], assignPublicIp: 'ENABLED' as const } };
const T0 = Date.UTC(2026, 0, 1, 12);

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

async function register(ecs: ECSClient, image: string) {
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

async function setup(t: TestContext) {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { timings: FAST, clock });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  const td1 = await register(emu.ecs, 'nginx:1');
  return { ...emu, clock, td1 };
}

const describeService = async (ecs: ECSClient, name = 'web'): Promise<Service> =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: [name] }))).services![0]!;

const describeDeployment = async (ecs: ECSClient, arn: string): Promise<ServiceDeployment> =>
  (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0]!;

const list = async (ecs: ECSClient, extra: object = {}) =>
  (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', ...extra }))).serviceDeployments!;

t.test("Terraform's wait_for_steady_state: the PRIMARY deployment's service deployment, polled until SUCCESSFUL", async (t) => {
  const { ecs, clock, td1, records } = await setup(t);
  // As hashicorp/terraform-provider-aws statusServiceWaitForStable does it: note the time, create, read
  // the PRIMARY deployment, find the service deployment whose target revision carries its digits among
  // those created after that time, and poll it until SUCCESSFUL.
  const operationTime = new Date(clock.now());
  const created = await ecs.send(new CreateServiceCommand(webService()));
  const described = await describeService(ecs);
  const primary = described.deployments!.find((d) => d.status === 'PRIMARY')!;
  t.ok(primary.createdAt!.getTime() >= operationTime.getTime(), 'the PRIMARY deployment is new');
  const digits = primary.id!.split('/')[1]!;
  const briefs = await list(ecs, { createdAt: { after: operationTime } });
  t.equal(briefs.length, 1);
  const brief = briefs.find((b) => b.targetServiceRevisionArn!.includes(digits))!;
  t.ok(brief, 'the target revision ARN carries the deployment id digits');
  t.equal(brief.targetServiceRevisionArn, `${ARN}:service-revision/prod/web/${digits}`);
  t.match(brief.serviceDeploymentArn, /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/[A-Za-z0-9_-]{21}$/);
  t.equal(brief.serviceArn, `${ARN}:service/prod/web`);
  t.equal(brief.clusterArn, `${ARN}:cluster/prod`);
  t.equal(brief.status, 'IN_PROGRESS');
  t.equal(brief.createdAt!.getTime(), T0);
  t.equal(brief.startedAt!.getTime(), T0);
  t.notOk(brief.finishedAt);
  t.equal(created.service!.currentServiceDeployment, brief.serviceDeploymentArn, 'the service names its current deployment');

  const seen: string[] = [];
  let d: ServiceDeployment | undefined;
  for (let i = 0; i < 10; i++) {
    d = await describeDeployment(ecs, brief.serviceDeploymentArn!);
    if (seen.at(-1) !== d.status) seen.push(d.status!);
    if (d.status === 'SUCCESSFUL') break;
    clock.advance(100);
  }
  t.same(seen, ['IN_PROGRESS', 'SUCCESSFUL']);
  t.equal(d!.finishedAt!.getTime(), T0 + 400, 'finished when both tasks reached RUNNING (200 ms provisioning + 200 ms pending)');
  t.equal(d!.updatedAt!.getTime(), T0 + 400);
  t.same(d!.targetServiceRevision, { arn: brief.targetServiceRevisionArn, requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 });
  t.same(d!.sourceServiceRevisions, [], 'nothing ran before the first deployment');
  t.same(d!.deploymentConfiguration, { deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100 });
  t.same(d!.deploymentCircuitBreaker, { status: 'DISABLED', failureCount: 0, threshold: 3 });
  t.notOk(d!.alarms, 'no alarms configured');
  t.notOk(d!.lifecycleStage, 'a rolling update has no lifecycle stages');

  const service = await describeService(ecs);
  t.equal(service.currentServiceDeployment, brief.serviceDeploymentArn);
  t.same(service.currentServiceRevisions, [{ arn: brief.targetServiceRevisionArn, requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 }]);

  const revisions = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [brief.targetServiceRevisionArn!] }));
  t.same(revisions.failures, []);
  const r = revisions.serviceRevisions![0]!;
  t.equal(r.serviceRevisionArn, brief.targetServiceRevisionArn);
  t.equal(r.serviceArn, `${ARN}:service/prod/web`);
  t.equal(r.clusterArn, `${ARN}:cluster/prod`);
  t.equal(r.taskDefinition, td1);
  t.equal(r.launchType, 'FARGATE');
  t.equal(r.platformVersion, 'LATEST');
  t.same(r.networkConfiguration, NETWORK);
  t.same(r.containerImages, [{ containerName: 'app', image: 'nginx:1' }]);
  t.same(r.loadBalancers, []);
  t.equal(r.createdAt!.getTime(), T0);

  const recs = await records();
  const listRec = recs.find((x) => x.eventName === 'ListServiceDeployments')!;
  t.equal(listRec.readOnly, true);
  t.equal(listRec.responseElements, null, 'a read-only call shows no response');
  t.same(listRec.requestParameters.service, 'web');
  t.equal(listRec.eventSource, 'ecs.amazonaws.com');
  const describeRec = recs.find((x) => x.eventName === 'DescribeServiceDeployments')!;
  t.same(describeRec.requestParameters, { serviceDeploymentArns: [brief.serviceDeploymentArn] });
  t.equal(describeRec.readOnly, true);
  t.equal(recs.filter((x) => x.eventName === 'DescribeServiceRevisions').length, 1);
  // The create response as ECS documents it, in the record too: before the scheduler acted.
  const createRec = recs.find((x) => x.eventName === 'CreateService')!;
  t.equal(createRec.responseElements.service.pendingCount, 0);
  t.same(createRec.responseElements.service.events, []);
});

t.test('every deployment that needs new tasks is a service deployment; scaling alone is not', async (t) => {
  const { ecs, clock } = await setup(t);
  await ecs.send(new CreateServiceCommand(webService()));
  clock.advance(1000);
  const td2 = await register(ecs, 'nginx:2');
  const second = (await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }))).service!;
  clock.advance(1000);
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }));
  clock.advance(1000);
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true }));
  clock.advance(1000);

  const all = await list(ecs);
  t.equal(all.length, 3, 'create, new revision, forced deployment; the scale made none');
  t.same(all.map((b) => b.createdAt!.getTime()), [T0 + 3000, T0 + 1000, T0], 'newest first');
  t.same(all.map((b) => b.status), ['SUCCESSFUL', 'SUCCESSFUL', 'SUCCESSFUL']);

  const [forced, update, first] = await Promise.all(all.map((b) => describeDeployment(ecs, b.serviceDeploymentArn!)));
  t.same(update!.sourceServiceRevisions!.map((s) => s.arn), [first!.targetServiceRevision!.arn], 'the update replaced the first revision');
  t.same(update!.sourceServiceRevisions![0], { arn: first!.targetServiceRevision!.arn, requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 });
  t.equal(update!.targetServiceRevision!.arn, `${ARN}:service-revision/prod/web/${second.deployments![0]!.id!.split('/')[1]}`);
  t.equal(forced!.targetServiceRevision!.requestedTaskCount, 3, 'the forced deployment asks for the new desiredCount');
  const revs = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [update!.targetServiceRevision!.arn!, forced!.targetServiceRevision!.arn!] }));
  t.same(revs.serviceRevisions!.map((r) => r.taskDefinition), [td2, td2], 'a forced deployment is a new revision of the same task definition');

  t.equal((await list(ecs, { createdAt: { after: new Date(T0 + 500), before: new Date(T0 + 1000) } })).length, 1, 'both bounds inclusive');
  t.equal((await list(ecs, { status: ['IN_PROGRESS'] })).length, 0);
  const page = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', maxResults: 2 }));
  t.equal(page.serviceDeployments!.length, 2);
  const rest = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', maxResults: 2, nextToken: page.nextToken }));
  t.same(rest.serviceDeployments!.map((b) => b.serviceDeploymentArn), [all[2]!.serviceDeploymentArn]);
  t.notOk(rest.nextToken);
});

t.test('a deployment replaced mid-way is STOPPED; the newer one rolls out from both', async (t) => {
  const { ecs, clock } = await setup(t);
  await ecs.send(new CreateServiceCommand(webService()));
  clock.advance(1000);
  await register(ecs, 'nginx:2');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }));
  clock.advance(100);
  await register(ecs, 'nginx:3');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }));
  const [third, second] = await list(ecs);
  t.equal(second!.status, 'STOPPED');
  t.equal(second!.finishedAt!.getTime(), T0 + 1100);
  t.equal(second!.statusReason, 'A newer service deployment started.');
  t.equal(third!.status, 'IN_PROGRESS');
  const d = await describeDeployment(ecs, third!.serviceDeploymentArn!);
  t.equal(d.sourceServiceRevisions!.length, 2, 'both earlier revisions still had tasks');
  clock.advance(1000);
  t.equal((await describeDeployment(ecs, third!.serviceDeploymentArn!)).status, 'SUCCESSFUL');
  t.equal((await describeService(ecs)).deployments!.length, 1);
});

t.test('StopServiceDeployment rolls an update back to the revision that ran before', async (t) => {
  const { ecs, clock, td1, records } = await setup(t);
  await ecs.send(new CreateServiceCommand(webService()));
  clock.advance(1000);
  const oldTasks = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;
  await register(ecs, 'nginx:2');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }));
  clock.advance(100);
  const [target, first] = await list(ecs);
  const stopped = await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: target!.serviceDeploymentArn, stopType: 'ROLLBACK' }));
  t.equal(stopped.serviceDeploymentArn, target!.serviceDeploymentArn);

  let d = await describeDeployment(ecs, target!.serviceDeploymentArn!);
  t.equal(d.status, 'ROLLBACK_IN_PROGRESS');
  t.equal(d.stoppedAt!.getTime(), T0 + 1100);
  t.same(d.rollback, {
    reason: 'The service deployment was rolled back by StopServiceDeployment.',
    startedAt: new Date(T0 + 1100),
    serviceRevisionArn: (await describeDeployment(ecs, first!.serviceDeploymentArn!)).targetServiceRevision!.arn,
  });
  let svc = await describeService(ecs);
  t.equal(svc.taskDefinition, td1, 'the revision that ran before is PRIMARY again');
  t.equal(svc.deployments!.length, 2);

  // Another stop while rolling back changes nothing.
  await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: target!.serviceDeploymentArn }));
  clock.advance(1000);
  d = await describeDeployment(ecs, target!.serviceDeploymentArn!);
  t.equal(d.status, 'ROLLBACK_SUCCESSFUL');
  t.equal(d.finishedAt!.getTime(), T0 + 1500, 'when the new revision\'s tasks (awsvpc) were STOPPED');
  svc = await describeService(ecs);
  t.equal(svc.deployments!.length, 1);
  t.equal(svc.taskDefinition, td1);
  t.equal(svc.runningCount, 2);
  const running = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;
  t.same(running.sort(), oldTasks.sort(), 'the old tasks kept running throughout');

  const again = await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: target!.serviceDeploymentArn })));
  t.type(again, ConflictException, 'a finished deployment cannot be stopped');
  const done = await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: first!.serviceDeploymentArn })));
  t.type(done, ConflictException);

  const recs = await records();
  const rec = recordFor(recs, stopped.$metadata.requestId);
  t.equal(rec.eventName, 'StopServiceDeployment');
  t.equal(rec.readOnly, false);
  t.same(rec.requestParameters, { serviceDeploymentArn: target!.serviceDeploymentArn, stopType: 'ROLLBACK' });
  t.same(rec.responseElements, { serviceDeploymentArn: target!.serviceDeploymentArn });
  const refused = recs.filter((x) => x.eventName === 'StopServiceDeployment' && x.errorCode);
  t.same(refused.map((x) => x.errorCode), ['ConflictException', 'ConflictException']);
});

t.test('rolling updates keep within maximumPercent and minimumHealthyPercent', async (t) => {
  const { ecs, clock } = await setup(t);
  await ecs.send(new CreateServiceCommand(webService({ desiredCount: 4, deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 50 } })));
  clock.advance(1000);
  await register(ecs, 'nginx:2');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }));
  const counts = async () => {
    const s = await describeService(ecs);
    return s.deployments!.map((d) => `${d.status} desired ${d.desiredCount} running ${d.runningCount} pending ${d.pendingCount}`);
  };
  // 100 %: at most 4 tasks; 50 %: at least 2 RUNNING. Two old stop and two new start at once.
  t.same(await counts(), ['PRIMARY desired 4 running 0 pending 2', 'ACTIVE desired 2 running 4 pending 0']);
  clock.advance(400);
  // The first two new run: the other two old stop and the last two new start.
  t.same(await counts(), ['PRIMARY desired 4 running 2 pending 2', 'ACTIVE desired 0 running 2 pending 0']);
  clock.advance(400);
  t.same(await counts(), ['PRIMARY desired 4 running 4 pending 0']);
  const [brief] = await list(ecs);
  t.equal(brief!.status, 'SUCCESSFUL');
  t.equal(brief!.finishedAt!.getTime(), T0 + 1800);
  const svc = await describeService(ecs);
  const started = svc.events!.filter((e) => /has started \d tasks/.test(e.message!)).map((e) => e.createdAt!.getTime() - T0);
  t.same(started.sort((a, b) => a - b), [0, 1000, 1400], 'the second wave is dated to when it was due');

  // 100/100 leaves no room: the deployment cannot move.
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true, deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 100 } }));
  clock.advance(10_000);
  t.same(await counts(), ['PRIMARY desired 4 running 0 pending 0', 'ACTIVE desired 4 running 4 pending 0']);
  t.equal((await list(ecs))[0]!.status, 'IN_PROGRESS');
});

t.test('circuit breaker and alarms are reported as configured', async (t) => {
  const { ecs, clock } = await setup(t);
  await ecs.send(
    new CreateServiceCommand(
      webService({
        desiredCount: 10,
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
          alarms: { alarmNames: ['high-5xx', 'latency'], enable: true, rollback: true },
        },
      }),
    ),
  );
  const [brief] = await list(ecs);
  let d = await describeDeployment(ecs, brief!.serviceDeploymentArn!);
  t.same(d.deploymentCircuitBreaker, { status: 'MONITORING', failureCount: 0, threshold: 5 }, '50 % of 10');
  t.same(d.alarms, { status: 'MONITORING', alarmNames: ['high-5xx', 'latency'], triggeredAlarmNames: [] });
  clock.advance(1000);
  d = await describeDeployment(ecs, brief!.serviceDeploymentArn!);
  t.equal(d.status, 'SUCCESSFUL');
  t.equal(d.deploymentCircuitBreaker!.status, 'MONITORING_COMPLETE');
  t.equal(d.alarms!.status, 'MONITORING_COMPLETE');
});

t.test('bad input and cross-resource errors', async (t) => {
  const { ecs, clock } = await setup(t);
  await ecs.send(new CreateServiceCommand(webService()));
  const [brief] = await list(ecs);
  const arn = brief!.serviceDeploymentArn!;

  const noService = await fail(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'nope' })));
  t.type(noService, ServiceNotFoundException);
  const noCluster = await fail(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'nope', service: 'web' })));
  t.type(noCluster, ClusterNotFoundException);
  const blank = await fail(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: '' })));
  t.equal(blank?.message, 'Service can not be blank.');
  const badStatus = await fail(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', status: ['DONE' as never] })));
  t.type(badStatus, InvalidParameterException);
  const bigPage = await fail(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', maxResults: 101 })));
  t.equal(bigPage?.message, 'maxResults must be between 1 and 100');

  const missing = `${ARN}:service-deployment/prod/web/AAAAAAAAAAAAAAAAAAAAA`;
  const other = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/AAAAAAAAAAAAAAAAAAAAA';
  const mixed = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn, missing, other, 'not-an-arn'] }));
  t.same(mixed.serviceDeployments!.map((d) => d.serviceDeploymentArn), [arn]);
  t.same(mixed.failures, [missing, other, 'not-an-arn'].map((a) => ({ arn: a, reason: 'MISSING' })));
  const tooMany = await fail(ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: Array(21).fill(arn) })));
  t.equal(tooMany?.message, 'serviceDeploymentArns can have at most 20 items.');
  const empty = await fail(ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [] })));
  t.type(empty, InvalidParameterException);
  const revMissing = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [`${ARN}:service-revision/prod/web/1234567890123456789`] }));
  t.same(revMissing.failures, [{ arn: `${ARN}:service-revision/prod/web/1234567890123456789`, reason: 'MISSING' }]);

  const unknown = await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: missing })));
  t.type(unknown, ServiceDeploymentNotFoundException);
  t.equal(unknown?.message, 'Service deployment not found.');
  const abort = await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ABORT' })));
  t.type(abort, InvalidParameterException);
  const noHook = await fail(ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: 'ecs-pause-x' })));
  t.type(noHook, InvalidParameterException, 'a rolling update has no hook to continue');

  // The first deployment has nothing to roll back to.
  await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn }));
  const failed = await describeDeployment(ecs, arn);
  t.equal(failed.status, 'ROLLBACK_FAILED');
  t.match(failed.statusReason, /no previous service revision/);
  const finished = await fail(ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: 'ecs-pause-x' })));
  t.match(finished?.message, /only an IN_PROGRESS deployment can be continued/);

  // "When you delete a service, Amazon ECS deletes the corresponding service deployments."
  clock.advance(1000);
  await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web', force: true }));
  const gone = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  t.same(gone.failures, [{ arn, reason: 'MISSING' }]);
  t.same(await list(ecs), []);
  const tasks = (await ecs.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' }))).taskArns!;
  const described = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks }));
  t.ok(described.tasks!.every((x) => x.stopCode === 'ServiceSchedulerInitiated'));
});

t.test('the service-deployment operations check their input on the wire; every answered call has one record', async (t) => {
  const { url, records } = await setup(t);
  const signed = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd';
  const post = async (op: string, body: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${op}`, 'content-type': 'application/x-amz-json-1.1', authorization: signed },
      body,
    });
    return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: (await res.json()) as Record<string, unknown>, id: res.headers.get('x-amzn-requestid') };
  };
  const cases: [string, string, number, string?][] = [
    ['ListServiceDeployments', '{"cluster":null,"service":"web","maxResults":null}', 400, 'ClusterNotFoundException'], // null: the default cluster
    ['ListServiceDeployments', '{"cluster":7,"service":"web"}', 400, 'SerializationException'],
    ['ListServiceDeployments', '{"service":["web"]}', 400, 'SerializationException'],
    ['ListServiceDeployments', '{"cluster":"prod","service":"web","createdAt":"yesterday"}', 400, 'SerializationException'],
    ['ListServiceDeployments', '{"cluster":"prod","service":"web","maxResults":"5"}', 400, 'SerializationException'],
    ['DescribeServiceDeployments', '{"serviceDeploymentArns":"arn"}', 400, 'SerializationException'],
    ['DescribeServiceDeployments', '{"serviceDeploymentArns":[null]}', 400, 'SerializationException'],
    ['DescribeServiceRevisions', '{}', 400, 'InvalidParameterException'],
    ['StopServiceDeployment', '{"serviceDeploymentArn":{}}', 400, 'SerializationException'],
    ['StopServiceDeployment', '{"serviceDeploymentArn":"x","stopType":"LATER"}', 400, 'InvalidParameterException'],
    ['ContinueServiceDeployment', '{"serviceDeploymentArn":"x","hookId":null}', 400, 'InvalidParameterException'],
    ['DescribeServiceDeployments', '{"serviceDeploymentArns":["x"]}', 200],
  ];
  const ids: string[] = [];
  for (const [op, body, status, type] of cases) {
    const res = await post(op, body);
    t.equal(res.status, status, `${op} ${body}: ${JSON.stringify(res.body)}`);
    if (type) t.equal(res.type, type, `${op} ${body}`);
    ids.push(res.id!);
  }
  const recs = await records();
  for (const id of ids) t.equal(recs.filter((r) => r.requestID === id).length, 1, 'every answered call has one record');
  const nulled = recs.find((r) => r.requestID === ids[0])!;
  t.same(nulled.requestParameters, { service: 'web' }, 'a null member is not set, and not recorded');
});

t.test("ecspresso's --wait-until=deployed: the newest service deployment, polled until SUCCESSFUL or ROLLBACK_SUCCESSFUL", async (t) => {
  const { ecs, clock } = await setup(t);
  await ecs.send(new CreateServiceCommand(webService()));
  clock.advance(1000);
  // kayac/ecspresso WaitServiceDeployCompleted: after UpdateService, list the service's deployments,
  // take the one created last, and describe it until it ends.
  const waitDeployed = async (stopAfterPolls?: number) => {
    const briefs = await list(ecs);
    const newest = briefs.reduce((a, b) => (b.createdAt! > a.createdAt! ? b : a));
    for (let polls = 1; polls <= 20; polls++) {
      if (polls === stopAfterPolls) await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: newest.serviceDeploymentArn }));
      const d = await describeDeployment(ecs, newest.serviceDeploymentArn!);
      if (d.status === 'SUCCESSFUL' || d.status === 'ROLLBACK_SUCCESSFUL') return { status: d.status, polls };
      if (d.status === 'STOPPED' || d.status === 'ROLLBACK_FAILED' || d.status === 'STOP_REQUESTED') return { status: d.status, polls };
      clock.advance(100);
    }
    return { status: 'timed out', polls: 20 };
  };
  await register(ecs, 'nginx:2');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }));
  t.same(await waitDeployed(), { status: 'SUCCESSFUL', polls: 9 }, 'the new tasks run after 400 ms, the old ones are STOPPED 400 ms later');
  await register(ecs, 'nginx:3');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }));
  t.same(await waitDeployed(2), { status: 'ROLLBACK_SUCCESSFUL', polls: 6 }, 'interrupted and rolled back');
});

t.test('a rolling update on EC2 without room waits, reports why, and goes on when capacity comes', async (t) => {
  const { ecs, clock } = await setup(t);
  const { registerInstance } = await import('../helpers/ec2-instances.js');
  await registerInstance(ecs, 'prod', { memory: 4096 });
  const ec2Def = (image: string) =>
    ecs.send(new RegisterTaskDefinitionCommand({ family: 'ec2', containerDefinitions: [{ name: 'app', image, memory: 1500 }] }));
  await ec2Def('worker:1');
  await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: 'ec2', desiredCount: 2 }));
  clock.advance(1000);
  await ec2Def('worker:2');
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'ec2' }));
  clock.advance(60_000);
  let svc = await describeService(ecs);
  t.same(svc.deployments!.map((d) => [d.status, d.runningCount, d.pendingCount]), [['PRIMARY', 0, 0], ['ACTIVE', 2, 0]], 'no room for the new tasks: the old ones keep running');
  t.match(svc.events![0]!.message, /was unable to place a task because no container instance met all of its requirements\. The closest matching .* has insufficient memory available\./);
  t.equal((await list(ecs))[0]!.status, 'IN_PROGRESS');

  const arrival = clock.now();
  await registerInstance(ecs, 'prod', { memory: 4096 });
  svc = await describeService(ecs);
  t.same(svc.deployments!.map((d) => [d.status, d.pendingCount]), [['PRIMARY', 2], ['ACTIVE', 0]], 'the new tasks start on the new instance');
  const started = (await ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: svc.deployments![0]!.id }))).taskArns!;
  const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: started }))).tasks!;
  t.same(tasks.map((x) => x.createdAt!.getTime()), [arrival, arrival], 'dated when the capacity came, not when the wave was first due');
  clock.advance(5000);
  t.equal((await list(ecs))[0]!.status, 'SUCCESSFUL');
  t.equal((await describeService(ecs)).deployments!.length, 1);
});
