import t from 'tap';
import { generate, type TrailRecord } from './generated-trail.js';

const ACCOUNT = '111122223333';

/** One explicit call per actor type, at known times, plus a few that must fail. */
const SCENARIO = `
accountId: "${ACCOUNT}"
regions: [us-east-1]
# The records of the actors' own calls; what AWS adds is tested in test/service-events/.
serviceEvents: false
start: 2025-03-03T08:00:00Z
duration: 1h
actors:
  user:      { type: IAMUser, userName: alice, client: aws-cli, sourceIp: 198.51.100.7 }
  console:   { type: IAMUser, userName: bob, client: console, sourceIp: 203.0.113.9 }
  role:      { type: AssumedRole, roleName: service-role/deploy, sessionName: gha-77, client: terraform, sourceIp: 20.1.2.3 }
  stack:     { type: AssumedRole, roleName: cfn-exec, sessionName: AWSCloudFormation, client: cloudformation }
  root:      { type: Root, client: console, sourceIp: 203.0.113.10 }
  federated: { type: FederatedUser, federatedName: vendor, issuerUserName: broker, client: boto3, sourceIp: 192.0.2.5 }
  reader:
    type: AssumedRole
    roleName: readonly
    sessionName: oncall
    client: sdk-js
    sourceIp: 198.51.100.99
    deny: [UpdateService, RunTask, DeleteCluster]
steps:
  - { id: cluster, at: +1m, actor: stack, call: CreateCluster, params: { clusterName: prod } }
  - id: td
    actor: role
    call: RegisterTaskDefinition
    params:
      family: web
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions: [{ name: web, image: "public.ecr.aws/nginx/nginx:1.27", essential: true }]
  - id: svc
    actor: role
    call: CreateService
    params:
      cluster: \${steps.cluster.cluster.clusterArn}
      serviceName: web
      taskDefinition: \${steps.td.taskDefinition.taskDefinitionArn}
      desiredCount: 1
      launchType: FARGATE
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-0a1b2c3d4e5f60718] } }
  - { id: look, actor: user, call: DescribeServices, params: { cluster: prod, services: ["\${steps.svc.service.serviceArn}"] } }
  - { actor: console, call: DescribeClusters, params: { clusters: ["\${steps.cluster.cluster.clusterArn}"] } }
  - { actor: root, call: ListClusters }
  - { actor: federated, call: ListServices, params: { cluster: prod } }
  - id: denied-update
    actor: reader
    call: UpdateService
    expectError: AccessDeniedException
    flag: a read-only role tried to change a service
    params: { cluster: prod, service: web, desiredCount: 5 }
  - id: denied-run
    actor: reader
    call: RunTask
    expectError: AccessDeniedException
    params: { cluster: prod, taskDefinition: web, launchType: FARGATE }
  - { id: missing, actor: user, call: ListServices, expectError: ClusterNotFoundException, params: { cluster: nope } }
`;

const byName = (records: TrailRecord[], arnPart: string, eventName: string) => {
  const r = records.find((x) => x.userIdentity.arn?.includes(arnPart) && x.eventName === eventName);
  if (!r) throw new Error(`no ${eventName} by ${arnPart}`);
  return r;
};

t.test('every actor type appears in records as the server would record it', async (t) => {
  const trail = await generate(t, SCENARIO);
  const records = await trail.records();
  t.equal(records.length, 10);

  const user = byName(records, 'user/alice', 'DescribeServices');
  t.match(user.userIdentity, { type: 'IAMUser', userName: 'alice', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
  t.match(user.userIdentity.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
  t.notOk(user.userIdentity.sessionContext, 'a long-term key has no session');
  t.equal(user.sourceIPAddress, '198.51.100.7');
  t.match(user.userAgent, /^aws-cli\/2\.\S+ .*md\/command#ecs\.describe-services$/);
  t.same(user.tlsDetails, { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'ecs.us-east-1.amazonaws.com' });
  t.equal(user.readOnly, true);

  const console = byName(records, 'user/bob', 'DescribeClusters');
  t.equal(console.sessionCredentialFromConsole, 'true');
  t.match(console.userIdentity.accessKeyId, /^ASIA/, 'console sessions use temporary keys');
  t.match(console.userAgent, /^Mozilla\/5\.0/);

  const role = byName(records, 'assumed-role/deploy/gha-77', 'CreateService');
  t.match(role.userIdentity, {
    type: 'AssumedRole',
    principalId: /^AROA[A-Z2-7]{17}:gha-77$/,
    sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/service-role/deploy`, userName: 'deploy' } },
  });
  t.match(role.userAgent, /Terraform\/\S+ .*terraform-provider-aws/);
  t.equal(role.readOnly, false);

  const stack = byName(records, 'assumed-role/cfn-exec/', 'CreateCluster');
  t.equal(stack.userIdentity.invokedBy, 'cloudformation.amazonaws.com');
  t.equal(stack.sourceIPAddress, 'cloudformation.amazonaws.com');
  t.equal(stack.userAgent, 'cloudformation.amazonaws.com');
  t.notOk('tlsDetails' in stack, 'no tlsDetails on a call a service made');

  const root = byName(records, ':root', 'ListClusters');
  t.match(root.userIdentity, { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` });
  t.equal(root.requestParameters, null, 'an empty request is recorded as null');

  const fed = byName(records, 'federated-user/vendor', 'ListServices');
  t.match(fed.userIdentity, { type: 'FederatedUser', principalId: `${ACCOUNT}:vendor`, sessionContext: { sessionIssuer: { type: 'IAMUser', userName: 'broker' } } });
  t.match(fed.userAgent, /^Boto3\//);
  for (const r of records) {
    t.equal(r.recipientAccountId, ACCOUNT);
    t.equal(r.eventSource, 'ecs.amazonaws.com');
    t.match(r.eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    t.match(r.requestID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
});

t.test('steps that use earlier results give consistent ARNs across records', async (t) => {
  const records = await (await generate(t, SCENARIO)).records();
  const cluster = records.find((r) => r.eventName === 'CreateCluster')!;
  const td = records.find((r) => r.eventName === 'RegisterTaskDefinition')!;
  const svc = records.find((r) => r.eventName === 'CreateService')!;
  const clusterArn = cluster.responseElements.cluster.clusterArn;
  const tdArn = td.responseElements.taskDefinition.taskDefinitionArn;
  t.equal(clusterArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`);
  t.equal(tdArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1`);
  t.equal(svc.requestParameters.cluster, clusterArn);
  t.equal(svc.requestParameters.taskDefinition, tdArn);
  t.equal(svc.responseElements.service.clusterArn, clusterArn);
  t.equal(svc.responseElements.service.taskDefinition, tdArn);
  const look = records.find((r) => r.eventName === 'DescribeServices')!;
  t.same(look.requestParameters.services, [svc.responseElements.service.serviceArn]);
  const describe = records.find((r) => r.eventName === 'DescribeClusters')!;
  t.same(describe.requestParameters.clusters, [clusterArn]);
});

t.test('denied and failed calls carry the right error fields', async (t) => {
  const trail = await generate(t, SCENARIO);
  const records = await trail.records();
  const update = byName(records, 'assumed-role/readonly/oncall', 'UpdateService');
  const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/readonly/oncall`;
  t.equal(update.errorCode, 'AccessDenied', 'the trail records IAM denials as AccessDenied');
  t.equal(
    update.errorMessage,
    `User: ${arn} is not authorized to perform: ecs:UpdateService on resource: arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web because no identity-based policy allows the ecs:UpdateService action`,
  );
  t.equal(update.responseElements, null);
  t.same(update.requestParameters, { cluster: 'prod', service: 'web', desiredCount: 5 });
  const run = byName(records, 'assumed-role/readonly/oncall', 'RunTask');
  t.match(run.errorMessage, `ecs:RunTask on resource: arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1 because`, 'RunTask is denied on the task definition');
  const missing = byName(records, 'user/alice', 'ListServices');
  t.equal(missing.errorCode, 'ClusterNotFoundException');
  t.equal(missing.errorMessage, 'Cluster not found.');
  t.same(trail.summary.byError, { AccessDenied: 2, ClusterNotFoundException: 1 }, 'counted as the records say');
  t.equal(trail.summary.flagged.length, 1);
  t.match(trail.summary.flagged[0], { step: 'denied-update', eventName: 'UpdateService', eventId: update.eventID, errorCode: 'AccessDenied' });
});

t.test('background failures: throttling, missing clusters, bad parameters', async (t) => {
  const trail = await generate(t, `
start: 2025-03-03T00:00:00Z
duration: 6h
actors:
  poller:
    type: IAMUser
    userName: poller
    background: { callsPerHour: 200, failures: { rate: 0.3 } }
steps:
  - { actor: poller, call: CreateCluster, params: { clusterName: prod } }
`);
  const records = await trail.records();
  const throttled = records.filter((r) => r.errorCode === 'ThrottlingException');
  t.ok(throttled.length > 10, `throttled calls (${throttled.length})`);
  for (const r of throttled) t.equal(r.errorMessage, 'Rate exceeded');
  const missing = records.filter((r) => r.errorCode === 'ClusterNotFoundException');
  t.ok(missing.length > 10, 'calls naming a cluster that does not exist');
  for (const r of missing) t.not(r.requestParameters.cluster, 'prod');
  const bad = records.filter((r) => r.errorCode === 'InvalidParameterException');
  t.ok(bad.length > 10, 'bad parameters');
  const messages = new Set(bad.map((r) => `${r.eventName}: ${r.errorMessage}`));
  t.ok(messages.has('DescribeServices: service names can have at most 10 items.'), 'too many services at once');
  t.ok(messages.has('DescribeTasks: taskId longer than 36.'), 'a container id where a task id belongs');
  t.ok([...messages].some((m) => /maxResults/.test(m)), 'a page size out of range');
  t.notOk(missing.some((r) => /(staging|old|v1).*\1/.test(r.requestParameters.cluster)), 'stale names read like real ones');
  // Each throttled call is retried by the SDK (at most three attempts), the same request a few seconds on.
  const seq = records.slice().sort((x, y) => x.eventTime.localeCompare(y.eventTime));
  let retried = 0;
  for (const r of throttled) {
    const at = Date.parse(r.eventTime);
    const same = seq.filter((x) => x !== r && x.eventName === r.eventName && JSON.stringify(x.requestParameters) === JSON.stringify(r.requestParameters) && Date.parse(x.eventTime) >= at && Date.parse(x.eventTime) <= at + 5000);
    if (same.length > 0) retried++;
  }
  t.ok(retried / throttled.length > 0.6, `throttled calls are followed by their retries (${retried}/${throttled.length}; the last of three attempts is not)`);
  t.ok(seq.some((x, i) => x.errorCode === 'ThrottlingException' && seq.slice(i + 1, i + 4).some((y) => y.eventName === x.eventName && !y.errorCode && JSON.stringify(y.requestParameters) === JSON.stringify(x.requestParameters))), 'a retry that gets through');
  const failed = throttled.length + missing.length + bad.length;
  t.ok(failed / records.length > 0.2 && failed / records.length < 0.45, `about 30% fail, retries of throttled calls on top (${failed}/${records.length})`);
  const reads = records.filter((r) => r.readOnly).length;
  t.ok(reads / records.length > 0.9, `read-only calls dominate (${reads}/${records.length})`);
});

t.test('background follows working hours in the actor\'s time zone', async (t) => {
  const trail = await generate(t, `
start: 2025-03-03T00:00:00Z
duration: 2d
actors:
  dev:
    type: IAMUser
    userName: dev
    workingHours: { from: "09:00", to: "17:00", utcOffset: "+02:00", days: [Mon] }
    background: { callsPerHour: 60, offHours: 0 }
`);
  const records = await trail.records();
  t.ok(records.length > 300, `about 8 hours × 60 calls (${records.length})`);
  for (const r of records) {
    t.ok(r.eventTime >= '2025-03-03T07:00:00Z' && r.eventTime < '2025-03-03T15:00:00Z', `${r.eventTime} is Monday 09:00–17:00 at +02:00`);
  }
});
