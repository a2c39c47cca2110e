import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate, type TrailRecord } from '../generator/generated-trail.js';

/**
 * The generator writes what AWS adds for ECS's work as the server does (docs/service-side-events.md),
 * on its simulated clock, the same bytes from the same seed; scenarios can have a task call AWS with
 * its task role, chain STS sessions, and name AWSService and service-linked role actors.
 */

const ACCOUNT = '210987654321';
const TASK_ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-task`;
const EXEC_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const TG = `arn:aws:elasticloadbalancing:eu-central-1:${ACCOUNT}:targetgroup/orders/6d0ecf831eec9f09`;

const SCENARIO = `
accountId: "${ACCOUNT}"
regions: [eu-central-1]
start: 2026-02-02T10:00:00Z
duration: 2h
actors:
  ci: { type: AssumedRole, roleName: deploy, sessionName: gha-1, client: sdk-go, sourceIp: 198.51.100.20 }
steps:
  - { id: cluster, actor: ci, call: CreateCluster, params: { clusterName: orders } }
  - id: td
    actor: ci
    call: RegisterTaskDefinition
    params:
      family: orders
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "512"
      memory: "1024"
      taskRoleArn: ${TASK_ROLE}
      executionRoleArn: ${EXEC_ROLE}
      containerDefinitions: [{ name: app, image: "public.ecr.aws/nginx/nginx:1.27", portMappings: [{ containerPort: 80 }] }]
  - id: svc
    actor: ci
    call: CreateService
    params:
      cluster: orders
      serviceName: orders
      taskDefinition: orders
      desiredCount: 1
      launchType: FARGATE
      loadBalancers: [{ targetGroupArn: "${TG}", containerName: app, containerPort: 80 }]
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-0f00], securityGroups: [sg-0bad] } }
  - id: tasks
    actor: ci
    at: +10m
    call: ListTasks
    params: { cluster: orders }
  - id: whoami
    at: +20m
    task: \${steps.tasks.taskArns[0]}
    service: sts
    call: GetCallerIdentity
  - at: +21m
    task: \${steps.tasks.taskArns[0]}
    service: s3
    call: ListBuckets
  - { at: +90m, actor: ci, call: UpdateService, params: { cluster: orders, service: orders, desiredCount: 0 } }
`;

const bySource = (records: TrailRecord[], source: string) => records.filter((r) => r.eventSource === source);

t.test('generated: the service events of a load-balanced Fargate service, on the clock, and calls with its task role', async (t) => {
  const trail = await generate(t, SCENARIO, { seed: 7 });
  const records = await trail.records();
  t.same(trail.summary.byError, {});
  const svc = records.find((r) => r.eventName === 'CreateService')!;
  const at = (r: TrailRecord) => Date.parse(r.eventTime) - Date.parse(svc.eventTime);
  const service = records.filter((r) => r.eventSource !== 'ecs.amazonaws.com' && r.eventSource !== 's3.amazonaws.com' && !(r.eventSource === 'sts.amazonaws.com' && r.eventName === 'GetCallerIdentity'));
  t.same(
    service.map((r) => [r.eventName, r.userIdentity.type === 'AWSService' ? r.userIdentity.invokedBy : r.userIdentity.arn.split('/').slice(-2).join('/'), r.eventSource === 'iam.amazonaws.com' ? 'iam' : at(r)]),
    [
      ['CreateServiceLinkedRole', 'deploy/gha-1', 'iam'],
      ['AssumeRole', 'ecs.amazonaws.com', 0],
      ['CreateNetworkInterface', 'AWSServiceRoleForECS/ecs-eni-provisioning', 0],
      ['AssumeRole', 'ecs-tasks.amazonaws.com', 1000],
      ['AssumeRole', 'ecs-tasks.amazonaws.com', 1000],
      ['AssumeRole', 'ecs.amazonaws.com', 2000],
      ['RegisterTargets', 'AWSServiceRoleForECS/ecs-service-scheduler', 2000],
      // The scale-in 90 minutes later: the scheduler's session of an hour has ended; a new one.
      ['AssumeRole', 'ecs.amazonaws.com', 90 * 60_000 - 30_000 * 2],
      ['DeregisterTargets', 'AWSServiceRoleForECS/ecs-service-scheduler', 90 * 60_000 - 60_000],
      ['AssumeRole', 'ecs.amazonaws.com', 90 * 60_000 - 60_000 + 1000],
      ['DeleteNetworkInterface', 'AWSServiceRoleForECS/ecs-eni-provisioning', 90 * 60_000 - 60_000 + 1000],
    ],
    'each at its moment: ENI while PROVISIONING, roles as PENDING begins, targets at RUNNING and at the stop, ENI at DEPROVISIONING',
  );
  t.equal(service[0]!.awsRegion, 'us-east-1', 'IAM in us-east-1');
  t.ok(service.slice(1).every((r) => r.awsRegion === 'eu-central-1'));

  const role = service.find((r) => r.eventName === 'AssumeRole' && r.requestParameters.roleArn === TASK_ROLE)!;
  const taskId = role.requestParameters.roleSessionName as string;
  t.match(taskId, /^[0-9a-f]{32}$/);
  for (const r of records.filter((x) => x.eventSource === 's3.amazonaws.com' || x.eventName === 'GetCallerIdentity')) {
    t.equal(r.userIdentity.type, 'AssumedRole');
    t.equal(r.userIdentity.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/orders-task/${taskId}`);
    t.equal(r.userIdentity.accessKeyId, role.responseElements.credentials.accessKeyId, "the key ECS's AssumeRole returned");
    t.equal(r.userIdentity.sessionContext.attributes.creationDate, role.eventTime);
    t.match(r.userAgent, / exec-env\/AWS_ECS_FARGATE /, 'an SDK inside a Fargate task');
    t.ok(r.tlsDetails, 'a client call over TLS');
  }
  const s3 = bySource(records, 's3.amazonaws.com')[0]!;
  t.equal(s3.eventName, 'ListBuckets');
  t.equal(s3.requestParameters, null);
  t.equal(s3.readOnly, true);
  t.equal(s3.tlsDetails.clientProvidedHostHeader, 's3.eu-central-1.amazonaws.com');
  const register = service.find((r) => r.eventName === 'RegisterTargets')!;
  const eni = service.find((r) => r.eventName === 'CreateNetworkInterface')!;
  t.same(register.requestParameters, { targetGroupArn: TG, targets: [{ id: eni.responseElements.networkInterface.privateIpAddress, port: 80 }] });
  t.same(eni.requestParameters.groupSet, { items: [{ groupId: 'sg-0bad' }] });
});

t.test('generated: the same seed gives the same bytes; turning service events off leaves the other records as they were', async (t) => {
  const a = await generate(t, SCENARIO, { seed: 11 });
  const b = await generate(t, SCENARIO, { seed: 11 });
  const filesA = await a.files();
  t.same(filesA, await b.files());
  for (const f of filesA) t.ok((await readFile(join(a.dir, f))).equals(await readFile(join(b.dir, f))), f);

  const withoutTaskCalls = SCENARIO.split('  - id: whoami')[0] + '  - { at: +90m, actor: ci, call: UpdateService, params: { cluster: orders, service: orders, desiredCount: 0 } }\n';
  const on = await (await generate(t, withoutTaskCalls, { seed: 11 })).records();
  const offTrail = await generate(t, withoutTaskCalls, { seed: 11, serviceEvents: false });
  const off = await offTrail.records();
  t.same(new Set(off.map((r) => r.eventSource)), new Set(['ecs.amazonaws.com']));
  t.same(off, on.filter((r) => r.eventSource === 'ecs.amazonaws.com'), 'the ECS records are the same, byte for byte in content');
  t.equal(offTrail.summary.byActor['(AWS services)'], undefined);
});

t.test('generated: a task step needs the task role session', async (t) => {
  const noRole = SCENARIO.replace(`      taskRoleArn: ${TASK_ROLE}\n`, '');
  await t.rejects(generate(t, noRole, { seed: 1 }), /task [0-9a-f]{32} has no task role session: its task definition \(or RunTask overrides\) names no taskRoleArn/);
  await t.rejects(generate(t, SCENARIO, { seed: 1, serviceEvents: false }), /need its task role session, which ECS makes only with service events on/);
});

t.test('generated: an STS chain, AWSService and service-linked role actors', async (t) => {
  const trail = await generate(
    t,
    `
accountId: "${ACCOUNT}"
regions: [us-east-1]
start: 2026-02-02T10:00:00Z
duration: 1h
serviceEvents: false
actors:
  dev: { type: IAMUser, userName: dev, client: aws-cli, sourceIp: 203.0.113.5 }
  ecs-tasks: { type: AWSService, invokedBy: ecs-tasks.amazonaws.com }
  scheduler:
    type: AssumedRole
    roleName: aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS
    sessionName: ecs-service-scheduler
    invokedBy: ecs.amazonaws.com
steps:
  - { id: a, actor: dev, service: sts, call: AssumeRole, params: { RoleArn: "arn:aws:iam::${ACCOUNT}:role/ops", RoleSessionName: dev-ops } }
  - { id: b, credentials: a, service: sts, call: AssumeRole, params: { RoleArn: "arn:aws:iam::${ACCOUNT}:role/admin", RoleSessionName: ops-admin } }
  - { credentials: b, call: ListClusters }
  - { actor: ecs-tasks, service: sts, call: AssumeRole, params: { RoleArn: "arn:aws:iam::${ACCOUNT}:role/app", RoleSessionName: 0123456789abcdef0123456789abcdef } }
  - { actor: scheduler, service: elasticloadbalancing, call: DescribeTargetHealth, params: { targetGroupArn: "${TG}" } }
`,
  );
  const r = await trail.records();
  t.same(r.map((x) => x.eventName), ['AssumeRole', 'AssumeRole', 'ListClusters', 'AssumeRole', 'DescribeTargetHealth']);
  const [a, b, list, service, health] = r;
  t.equal(a!.userIdentity.type, 'IAMUser');
  t.equal(b!.userIdentity.type, 'AssumedRole');
  t.equal(b!.userIdentity.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ops/dev-ops`);
  t.equal(b!.userIdentity.accessKeyId, a!.responseElements.credentials.accessKeyId);
  t.equal(list!.userIdentity.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/admin/ops-admin`);
  t.equal(list!.userIdentity.accessKeyId, b!.responseElements.credentials.accessKeyId);
  t.equal(list!.sourceIPAddress, '203.0.113.5', "the issuer's address and client");
  t.strictSame(service!.userIdentity, { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' });
  t.equal(service!.sourceIPAddress, 'ecs-tasks.amazonaws.com');
  t.notOk('tlsDetails' in service!);
  t.equal(health!.userIdentity.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-service-scheduler`);
  t.strictSame(Object.keys(health!.userIdentity.sessionContext), ['sessionIssuer', 'attributes'], 'a service-linked role session');
  t.equal(health!.userIdentity.sessionContext.sessionIssuer.arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`);
  t.equal(health!.sourceIPAddress, 'ecs.amazonaws.com');
  t.equal(health!.readOnly, true);
  t.equal(health!.eventSource, 'elasticloadbalancing.amazonaws.com');
});
