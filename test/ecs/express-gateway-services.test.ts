import t from 'tap';
import {
  CreateExpressGatewayServiceCommand,
  DeleteExpressGatewayServiceCommand,
  DescribeClustersCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateExpressGatewayServiceCommand,
  waitUntilServicesStable,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const P = `arn:aws:ecs:us-east-1:${ACCOUNT}`;
const INFRA = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRoleForExpressServices`;
const EXEC = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const TIMINGS = { ...DEFAULT_TIMINGS, provisioningMs: 1000, pendingMs: 1000, stoppingMs: 1000, deprovisioningMs: 1000 };
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

t.test('an Express service is an ECS service with a task definition, an endpoint and a lifecycle', async (t) => {
  const clock = new ManualClock(Date.parse('2026-06-01T09:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  const created = await ecs.send(
    new CreateExpressGatewayServiceCommand({
      serviceName: 'api',
      infrastructureRoleArn: INFRA,
      executionRoleArn: EXEC,
      primaryContainer: { image: 'public.ecr.aws/nginx/nginx:latest', environment: [{ name: 'MODE', value: 'prod' }] },
      tags: [{ key: 'app', value: 'api' }],
    }),
  );
  const svc = created.service!;
  const serviceArn = `${P}:service/default/api`;
  t.match(svc, {
    cluster: `${P}:cluster/default`,
    serviceName: 'api',
    serviceArn,
    infrastructureRoleArn: INFRA,
    status: { statusCode: 'ACTIVE' },
    tags: [{ key: 'app', value: 'api' }],
  });
  t.match(svc.currentDeployment, new RegExp(`^${P}:service-deployment/default/api/\\d{19}$`));
  const cfg = svc.activeConfigurations![0]!;
  t.match(cfg, {
    executionRoleArn: EXEC,
    taskDefinitionArn: `${P}:task-definition/api:1`,
    cpu: '256',
    memory: '512',
    cpuArchitecture: 'X86_64',
    healthCheckPath: '/ping',
    primaryContainer: { image: 'public.ecr.aws/nginx/nginx:latest', containerPort: 80 },
    scalingTarget: { minTaskCount: 1, autoScalingMetric: 'AVERAGE_CPU', autoScalingTargetValue: 60 },
    serviceRevisionArn: new RegExp(`^${P}:service-revision/default/api/\\d{19}$`),
  });
  t.match(cfg.ingressPaths, [{ accessType: 'PUBLIC', endpoint: /^https:\/\/ap-[0-9a-f]{32}\.ecs\.us-east-1\.on\.aws$/ }]);
  t.equal(cfg.networkConfiguration?.subnets?.length, 2, 'the default VPC\'s subnets');

  t.match((await ecs.send(new DescribeClustersCommand({ clusters: ['default'] }))).clusters, [{ status: 'ACTIVE', capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }], 'the default cluster was made for it');
  const td = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:1' }))).taskDefinition!;
  t.match(td, { requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', executionRoleArn: EXEC });
  t.match(td.containerDefinitions, [{ name: 'Main', image: 'public.ecr.aws/nginx/nginx:latest', portMappings: [{ containerPort: 80, name: 'port-80' }], environment: [{ name: 'MODE', value: 'prod' }] }]);
  const ecsService = (await ecs.send(new DescribeServicesCommand({ cluster: 'default', services: ['api'] }))).services![0]!;
  t.match(ecsService, { serviceArn, desiredCount: 1, launchType: 'FARGATE', taskDefinition: `${P}:task-definition/api:1` });
  clock.advance(3000);
  await waitUntilServicesStable({ client: ecs, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { cluster: 'default', services: ['api'] });
  t.equal((await ecs.send(new ListTasksCommand({ cluster: 'default', serviceName: 'api' }))).taskArns?.length, 1, 'it runs minTaskCount tasks');

  const described = (await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn }))).service!;
  t.notOk(described.tags, 'tags only with include TAGS');
  t.same((await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn, include: ['TAGS'] }))).service?.tags, [{ key: 'app', value: 'api' }]);

  const updated = await ecs.send(
    new UpdateExpressGatewayServiceCommand({ serviceArn, primaryContainer: { image: 'public.ecr.aws/nginx/nginx:1.27', containerPort: 8080 }, scalingTarget: { minTaskCount: 2, maxTaskCount: 4 }, cpu: '512', memory: '1024' }),
  );
  t.match(updated.service, { serviceArn, serviceName: 'api', cluster: `${P}:cluster/default`, status: { statusCode: 'ACTIVE' } });
  t.match(updated.service?.targetConfiguration, { taskDefinitionArn: `${P}:task-definition/api:2`, cpu: '512', memory: '1024', executionRoleArn: EXEC, primaryContainer: { containerPort: 8080 } });
  const after = (await ecs.send(new DescribeServicesCommand({ cluster: 'default', services: ['api'] }))).services![0]!;
  t.match(after, { desiredCount: 2, taskDefinition: `${P}:task-definition/api:2` }, 'the ECS service rolls out the new revision at the new minimum');
  t.equal((await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn }))).service?.activeConfigurations?.[0]?.taskDefinitionArn, `${P}:task-definition/api:2`);

  const deleted = await ecs.send(new DeleteExpressGatewayServiceCommand({ serviceArn }));
  t.equal(deleted.service?.status?.statusCode, 'DRAINING');
  const draining = await fail(ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn, cpu: '256' })));
  t.type(draining, ServiceNotActiveException);
  t.equal(draining?.message, 'Service is in DRAINING status');
  clock.advance(10_000);
  t.equal((await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn }))).service?.status?.statusCode, 'INACTIVE');
  const inactive = await fail(ecs.send(new DeleteExpressGatewayServiceCommand({ serviceArn })));
  t.equal(inactive?.message, 'Cannot perform this operation on a service in INACTIVE status');

  const records = await emu.records();
  t.match(recordFor(records, created.$metadata.requestId), {
    eventName: 'CreateExpressGatewayService',
    readOnly: false,
    requestParameters: { serviceName: 'api', infrastructureRoleArn: INFRA },
    responseElements: { service: { serviceArn, status: { statusCode: 'ACTIVE' } } },
  });
  t.match(recordFor(records, updated.$metadata.requestId), { eventName: 'UpdateExpressGatewayService', responseElements: { service: { serviceArn } } });
  t.match(recordFor(records, deleted.$metadata.requestId), { eventName: 'DeleteExpressGatewayService', responseElements: { service: { status: { statusCode: 'DRAINING' } } } });
  t.match(records.find((r) => r.eventName === 'DescribeExpressGatewayService'), { readOnly: true, responseElements: null });
  t.notOk(records.some((r) => ['RegisterTaskDefinition', 'CreateService', 'CreateCluster', 'UpdateService', 'DeleteService'].includes(r.eventName)), 'the calls ECS makes inside are not API calls of the caller');
});

t.test('an Express service from the caller\'s own task definition, and bad input', async (t) => {
  const { ecs } = await startTestEmulator(t, {});
  const mainTd = await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'own', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'Main', image: 'nginx', portMappings: [{ containerPort: 80, name: 'http' }] }] }),
  );
  const noMain = await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'bad', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'app', image: 'nginx' }] }),
  );
  const own = await ecs.send(new CreateExpressGatewayServiceCommand({ serviceName: 'own', infrastructureRoleArn: INFRA, taskDefinitionArn: mainTd.taskDefinition!.taskDefinitionArn }));
  t.equal(own.service?.activeConfigurations?.[0]?.taskDefinitionArn, mainTd.taskDefinition!.taskDefinitionArn);
  const generated = await ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: INFRA, executionRoleArn: EXEC, primaryContainer: { image: 'ghcr.io/acme/shop:1' } }));
  t.match(generated.service?.serviceName, /^shop-[0-9a-f]{8}$/, 'a generated name when none is given');
  const cases: Array<[string, () => Promise<unknown>, string, string | RegExp]> = [
    ['no infrastructure role', () => ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: '', executionRoleArn: EXEC, primaryContainer: { image: 'x' } })), 'InvalidParameterException', 'InfrastructureRoleArn can not be blank.'],
    ['no container', () => ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: INFRA, executionRoleArn: EXEC })), 'InvalidParameterException', 'PrimaryContainer can not be blank.'],
    ['no execution role', () => ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: INFRA, primaryContainer: { image: 'x' } })), 'InvalidParameterException', 'ExecutionRoleArn can not be blank.'],
    ['task definition and container', () => ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: INFRA, taskDefinitionArn: 'own:1', cpu: '512' })), 'InvalidParameterException', "You can't specify cpu together with taskDefinitionArn."],
    ['task definition without Main', () => ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: INFRA, taskDefinitionArn: noMain.taskDefinition!.taskDefinitionArn })), 'InvalidParameterException', /container named Main/],
    ['bad health check path', () => ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: INFRA, executionRoleArn: EXEC, primaryContainer: { image: 'x' }, healthCheckPath: 'health' })), 'InvalidParameterException', 'The health check path must start with a forward slash.'],
    ['no Fargate size', () => ecs.send(new CreateExpressGatewayServiceCommand({ infrastructureRoleArn: INFRA, executionRoleArn: EXEC, primaryContainer: { image: 'x' }, cpu: '256', memory: '4096' })), 'ClientException', 'No Fargate configuration exists for given values.'],
    ['unknown named cluster', () => ecs.send(new CreateExpressGatewayServiceCommand({ cluster: 'nope', infrastructureRoleArn: INFRA, executionRoleArn: EXEC, primaryContainer: { image: 'x' } })), 'ClusterNotFoundException', 'Cluster not found.'],
    ['name taken', () => ecs.send(new CreateExpressGatewayServiceCommand({ serviceName: 'own', infrastructureRoleArn: INFRA, executionRoleArn: EXEC, primaryContainer: { image: 'x' } })), 'InvalidParameterException', 'A service named own already exists in the cluster default.'],
    ['describe unknown', () => ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: `${P}:service/default/nope` })), 'ResourceNotFoundException', 'The specified resource is not found.'],
    ['update unknown', () => ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn: `${P}:service/default/nope` })), 'ServiceNotFoundException', 'Service not found.'],
    ['min over max', () => ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn: own.service!.serviceArn!, scalingTarget: { minTaskCount: 5, maxTaskCount: 2 } })), 'InvalidParameterException', /minTaskCount/],
  ];
  for (const [label, call, code, message] of cases) {
    const e = await fail(call());
    t.equal(e?.name, code, label);
    if (typeof message === 'string') t.equal(e?.message, message, label);
    else t.match(e?.message, message, label);
  }
  t.type(await fail(ecs.send(new DeleteExpressGatewayServiceCommand({ serviceArn: `${P}:service/default/nope` }))), ServiceNotFoundException);
});
