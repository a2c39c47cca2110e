import t from 'tap';
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * A service behind a load balancer: the service scheduler's session of ECS's service-linked role
 * (`AWSServiceRoleForECS/ecs-service-scheduler`, the ECS best-practices guide's record) registers each
 * task with the target group as it becomes RUNNING and deregisters it when its stop is requested
 * (docs/service-side-events.md §5).
 */

const T0 = Date.parse('2026-05-04T12:00:00Z');
const ACCOUNT = '123456789012';
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web/0123456789abcdef`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

t.test('a Fargate service with a target group: RegisterTargets when tasks run, DeregisterTargets and ENI deletion when they stop', async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock, serviceEvents: true });
  const ecs = emu.ecs;
  await ecs.send(new CreateClusterCommand({ clusterName: 'web' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  clock.advance(10_000);
  const createdAt = clock.now();
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'web',
      serviceName: 'web',
      taskDefinition: 'web',
      desiredCount: 2,
      launchType: 'FARGATE',
      loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 8080 }],
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a', 'subnet-0b'] } },
    }),
  );
  clock.advance(60_000);
  const scaledAt = clock.now();
  await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'web', desiredCount: 0 }));
  clock.advance(60_000);
  const records = (await emu.records()).filter((r) => r.eventSource !== 'ecs.amazonaws.com' && r.eventSource !== 'iam.amazonaws.com');

  const creates = records.filter((r) => r.eventName === 'CreateNetworkInterface');
  t.equal(creates.length, 2, 'one ENI per task');
  const ips = creates.map((r) => r.responseElements.networkInterface.privateIpAddress).sort();

  const registers = records.filter((r) => r.eventName === 'RegisterTargets');
  t.equal(registers.length, 2, 'each task registered once');
  for (const r of registers) {
    t.equal(r.eventTime, iso(createdAt + 2000), 'as the task becomes RUNNING (PROVISIONING 1 s + PENDING 1 s)');
    t.equal(r.eventSource, 'elasticloadbalancing.amazonaws.com');
    t.equal(r.userIdentity.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-service-scheduler`);
    t.equal(r.userIdentity.invokedBy, 'ecs.amazonaws.com');
    t.equal(r.sourceIPAddress, 'ecs.amazonaws.com');
    t.equal(r.userAgent, 'ecs.amazonaws.com');
    t.equal(r.readOnly, false);
    t.equal(r.responseElements, null);
    t.notOk('tlsDetails' in r);
    t.equal(r.requestParameters.targetGroupArn, TG);
  }
  t.strictSame(registers.map((r) => r.requestParameters.targets[0].id).sort(), ips, "awsvpc targets are the tasks' private addresses");
  t.strictSame(registers.map((r) => r.requestParameters.targets[0].port), [8080, 8080], 'on the container port');

  const deregisters = records.filter((r) => r.eventName === 'DeregisterTargets');
  t.equal(deregisters.length, 2);
  for (const r of deregisters) t.equal(r.eventTime, iso(scaledAt), 'when the scheduler stops the task (DEACTIVATING)');
  t.strictSame(deregisters.map((r) => r.requestParameters.targets[0].id).sort(), ips);
  const deletes = records.filter((r) => r.eventName === 'DeleteNetworkInterface');
  t.equal(deletes.length, 2);
  for (const r of deletes) t.equal(r.eventTime, iso(scaledAt + 1000), 'after the containers stopped (DEPROVISIONING)');

  // Two sessions of the service-linked role, each assumed once within its hour, before its first use.
  const sessions = records.filter((r) => r.eventName === 'AssumeRole').map((r) => r.requestParameters.roleSessionName);
  t.strictSame(sessions.sort(), ['ecs-eni-provisioning', 'ecs-service-scheduler']);
  const scheduler = records.find((r) => r.eventName === 'AssumeRole' && r.requestParameters.roleSessionName === 'ecs-service-scheduler')!;
  t.equal(scheduler.eventTime, registers[0]!.eventTime);
  for (const r of [...registers, ...deregisters]) t.equal(r.userIdentity.accessKeyId, scheduler.responseElements.credentials.accessKeyId);
});
