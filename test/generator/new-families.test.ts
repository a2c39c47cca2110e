import t from 'tap';
import { generate, type TrailRecord } from './generated-trail.js';

const ACCOUNT = '111122223333';

/**
 * The operations of the account-settings, task, daemon, gateway and Express families in a scenario:
 * steps call them like any other, later steps use their results, and the records are the server's.
 * The ExecuteCommand steps are what Datadog's "New user seen executing a command in an ECS task" keys
 * on (eventName ExecuteCommand, userIdentity.arn, requestParameters.container).
 */
const SCENARIO = `
accountId: "${ACCOUNT}"
regions: [us-east-1]
# One record per step: what AWS adds for them is tested in test/service-events/.
serviceEvents: false
start: 2026-05-04T09:00:00Z
duration: 2h
actors:
  admin:   { type: Root, client: console, sourceIp: 203.0.113.10 }
  deploy:  { type: AssumedRole, roleName: deploy, sessionName: ci-1, client: terraform, sourceIp: 20.1.2.3 }
  intruder: { type: IAMUser, userName: mallory, client: aws-cli, sourceIp: 198.51.100.66 }
  reader:  { type: IAMUser, userName: ro, client: aws-cli, sourceIp: 198.51.100.7, deny: [ExecuteCommand] }
steps:
  - { at: +1m, actor: admin, call: PutAccountSettingDefault, params: { name: containerInsights, value: enhanced } }
  - { id: cluster, actor: deploy, call: CreateCluster, params: { clusterName: prod } }
  - id: td
    actor: deploy
    call: RegisterTaskDefinition
    params:
      family: web
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions: [{ name: web, image: "public.ecr.aws/nginx/nginx:1.27" }]
  - id: run
    actor: deploy
    call: RunTask
    params:
      cluster: prod
      taskDefinition: web
      launchType: FARGATE
      enableExecuteCommand: true
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-0a1b2c3d4e5f60718] } }
  - id: exec
    after: 5m
    actor: intruder
    call: ExecuteCommand
    flag: a user who never used ECS Exec opened a shell in a production task
    params: { cluster: prod, task: "\${steps.run.tasks[0].taskArn}", container: web, command: /bin/sh, interactive: true }
  - { actor: reader, call: ExecuteCommand, expectError: AccessDeniedException, params: { cluster: prod, task: "\${steps.run.tasks[0].taskArn}", command: /bin/sh, interactive: true } }
  - { actor: deploy, call: UpdateTaskProtection, params: { cluster: prod, tasks: ["\${steps.run.tasks[0].taskArn}"], protectionEnabled: true } }
  - { id: dtd, actor: deploy, call: RegisterDaemonTaskDefinition, params: { family: agent, containerDefinitions: [{ name: agent, image: "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest" }] } }
  - id: daemon
    actor: deploy
    call: CreateDaemon
    params:
      daemonName: agent
      clusterArn: "\${steps.cluster.cluster.clusterArn}"
      daemonTaskDefinitionArn: "\${steps.dtd.daemonTaskDefinitionArn}"
      capacityProviderArns: ["arn:aws:ecs:us-east-1:${ACCOUNT}:capacity-provider/mi"]
  - { actor: deploy, call: DescribeDaemon, params: { daemonArn: "\${steps.daemon.daemonArn}" } }
  - { id: gw, actor: deploy, call: CreateGateway, params: { name: edge, infrastructureRoleArn: "arn:aws:iam::${ACCOUNT}:role/infra", configuration: { hostSharedAlb: {} } } }
  - { actor: deploy, call: AssociateGatewayWithCluster, params: { gateway: "\${steps.gw.gatewayArn}", cluster: prod } }
  - id: express
    actor: deploy
    call: CreateExpressGatewayService
    params:
      serviceName: shop
      cluster: prod
      infrastructureRoleArn: "arn:aws:iam::${ACCOUNT}:role/infra"
      executionRoleArn: "arn:aws:iam::${ACCOUNT}:role/exec"
      primaryContainer: { image: "public.ecr.aws/nginx/nginx:1.27" }
`;

const only = (records: TrailRecord[], name: string, ok = true) => {
  const found = records.filter((r) => r.eventName === name && (ok ? !r.errorCode : r.errorCode));
  if (found.length !== 1) throw new Error(`expected one ${name}, found ${found.length}`);
  return found[0]!;
};

t.test('scenarios use the new families; their records are what the server writes', async (t) => {
  const trail = await generate(t, SCENARIO);
  const records = await trail.records();
  t.equal(records.length, 13, 'one record per step');
  t.same(trail.summary.byError, { AccessDenied: 1 });
  t.match(only(records, 'CreateCluster').responseElements.cluster.settings, [{ name: 'containerInsights', value: 'enhanced' }], 'the account default set two steps earlier');
  const exec = only(records, 'ExecuteCommand');
  t.match(exec, {
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/mallory` },
    requestParameters: { container: 'web', command: '/bin/sh', interactive: true },
    responseElements: { containerName: 'web', session: { sessionId: /^ecs-execute-command-/, tokenValue: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
    readOnly: false,
  });
  t.same(trail.summary.flagged.map((f) => [f.step, f.eventName, f.eventId]), [['exec', 'ExecuteCommand', exec.eventID]], 'the flagged step names its record');
  const denied = only(records, 'ExecuteCommand', false);
  t.equal(denied.errorCode, 'AccessDenied');
  t.match(denied.errorMessage, /^User: arn:aws:iam::111122223333:user\/ro is not authorized to perform: ecs:ExecuteCommand on resource: arn:aws:ecs:us-east-1:111122223333:task\/prod\/[0-9a-f]{32} /);
  t.match(only(records, 'UpdateTaskProtection').responseElements, { failures: [{ reason: 'TASK_NOT_VALID' }] }, 'a standalone task cannot be protected');
  t.match(only(records, 'CreateDaemon').responseElements, { daemonArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:daemon/prod/agent`, status: 'ACTIVE' });
  t.match(only(records, 'DescribeDaemon'), { readOnly: true, responseElements: null });
  t.match(only(records, 'AssociateGatewayWithCluster').responseElements, { status: 'ACTIVE' });
  t.match(only(records, 'CreateExpressGatewayService').responseElements.service, { serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/shop` });
});
