import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from './generated-trail.js';

const example = (name: string) => readFile(join(import.meta.dirname, '../../examples/scenarios', name), 'utf8');

t.test('suspicious-night-activity: the flagged events are in the trail, and only the intruder\'s', async (t) => {
  const trail = await generate(t, await example('suspicious-night-activity.yaml'), { seed: 3 });
  const records = await trail.records();
  const flagged = new Map(trail.summary.flagged.map((f) => [f.eventId, f]));
  t.equal(flagged.size, 14);
  const found = records.filter((r) => flagged.has(r.eventID));
  t.equal(found.length, flagged.size, 'every flagged eventID is in a log file');
  const night = (r: Record<string, any>) => r.eventTime >= '2025-06-11T02:10:00Z' && r.eventTime < '2025-06-11T02:31:00Z';
  for (const r of found) {
    t.equal(r.userIdentity.arn, 'arn:aws:iam::777788889999:user/svc-backup-legacy');
    t.ok(night(r), 'at night');
  }
  const regions = ['ap-southeast-1', 'eu-central-1', 'sa-east-1', 'us-east-1'];
  for (const op of ['CreateCluster', 'RegisterTaskDefinition', 'CreateService']) {
    t.same(found.filter((r) => r.eventName === op).map((r) => r.awsRegion).sort(), regions, `one ${op} in each of four regions`);
  }
  const denied = found.filter((r) => r.errorCode);
  t.same(denied.map((r) => [r.eventName, r.errorCode]), [['ListTaskDefinitions', 'AccessDenied']], 'the probe is the one refused call');
  for (const r of found.filter((r) => r.eventName === 'RegisterTaskDefinition')) {
    t.match(r.requestParameters, { requiresCompatibilities: ['FARGATE'], cpu: '16384', memory: '32768', networkMode: 'awsvpc' });
    const container = r.requestParameters.containerDefinitions[0];
    t.match(container.image, /xmrig/);
    t.ok(container.command.some((a: string) => a.startsWith('stratum+ssl://')), 'a mining-pool command');
    t.notOk(container.privileged, 'no privileged container: Fargate would refuse it');
    t.same(r.responseElements.taskDefinition.compatibilities, ['EC2', 'FARGATE'], 'ECS accepted it for Fargate');
  }
  for (const r of found.filter((r) => r.eventName === 'CreateService')) {
    t.match(r.requestParameters, { desiredCount: 25, launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } });
    t.equal(r.responseElements.service.taskDefinition, `arn:aws:ecs:${r.awsRegion}:777788889999:task-definition/${r.requestParameters.taskDefinition}:1`);
    t.equal(r.responseElements.service.clusterArn, `arn:aws:ecs:${r.awsRegion}:777788889999:cluster/${r.requestParameters.cluster}`, 'in the cluster it created');
  }
  const intruder = records.filter((r) => r.userIdentity.arn?.endsWith('user/svc-backup-legacy'));
  t.equal(intruder[0]!.eventID, trail.summary.flagged[0]!.eventId, 'the first call of the never-seen identity is the first flagged');
  t.notOk(intruder.some((r) => r.errorCode && r.errorCode !== 'AccessDenied'), 'real ECS accepts every call the intruder makes');
  const noise = records.filter((r) => night(r) && !flagged.has(r.eventID) && !r.userIdentity.arn?.endsWith('user/svc-backup-legacy'));
  t.ok(noise.length > 0, 'background calls go on while the intruder acts');
});

t.test('deploy-and-update runs to the end with consistent ARNs', async (t) => {
  const trail = await generate(t, await example('deploy-and-update.yaml'), { seed: 1 });
  const records = await trail.records();
  const ci = records.filter((r) => r.eventSource === 'ecs.amazonaws.com' && r.userIdentity.arn?.includes('assumed-role/github-actions-deploy/'));
  t.same(ci.map((r) => r.eventName), ['CreateCluster', 'RegisterTaskDefinition', 'CreateService', 'DescribeServices', 'RegisterTaskDefinition', 'UpdateService']);
  const roll = ci[5]!;
  t.equal(roll.requestParameters.taskDefinition, 'arn:aws:ecs:eu-west-1:111122223333:task-definition/shop-web:2');
  t.equal(roll.responseElements.service.taskDefinition, roll.requestParameters.taskDefinition);
  t.ok(records.some((r) => r.eventName === 'DeleteService' && !r.errorCode), 'the service is torn down');
});

t.test('ec2-cluster-life: agents register with the instance role, tasks land on instances, the drained instance empties and leaves', async (t) => {
  const trail = await generate(t, await example('ec2-cluster-life.yaml'), { seed: 1 });
  const records = await trail.records();
  t.same(trail.summary.byError, {}, 'every call succeeds');
  const agents = records.filter((r) => r.userAgent.startsWith('Amazon ECS Agent'));
  const registered = agents.filter((r) => r.eventName === 'RegisterContainerInstance');
  t.equal(registered.length, 4, 'three with the cluster, one joining later');
  for (const r of agents) {
    t.match(r.userIdentity.arn, /^arn:aws:sts::444455556666:assumed-role\/ecsInstanceRole\/i-0[0-9a-f]{16}$/);
    t.equal(r.userIdentity.sessionContext.ec2RoleDelivery, '2.0');
    t.match(r.sourceIPAddress, /^10\.0\./);
    t.match(r.vpcEndpointId, /^vpce-/);
  }
  const create = records.find((r) => r.eventName === 'CreateCluster')!;
  t.same(registered.slice(0, 3).map((r) => r.eventTime), Array(3).fill(create.eventTime), 'the first three join as the cluster is created');
  t.same(agents.filter((r) => r.eventName === 'DiscoverPollEndpoint').map((r) => r.readOnly), [true, true, true]);

  const privileged = records.find((r) => r.eventName === 'RegisterTaskDefinition' && r.requestParameters.family === 'node-exporter')!;
  t.match(privileged.requestParameters, { networkMode: 'host', pidMode: 'host', containerDefinitions: [{ privileged: true }] });
  t.same(privileged.responseElements.taskDefinition.compatibilities, ['EXTERNAL', 'EC2']);
  const daemon = records.find((r) => r.eventName === 'CreateService' && r.requestParameters.serviceName === 'node-exporter')!;
  t.match(daemon.responseElements.service, { schedulingStrategy: 'DAEMON', desiredCount: 3 });
  const run = records.find((r) => r.eventName === 'RunTask')!;
  t.notOk('launchType' in run.requestParameters, 'RunTask names no launch type');
  t.match(run.responseElements.tasks[0], { launchType: 'EC2', containerInstanceArn: /:container-instance\/payments-ec2\/[0-9a-f]{32}$/ });
  const exited = agents.find((r) => r.eventName === 'SubmitTaskStateChange')!;
  const runner = registered.find((r) => r.responseElements.containerInstance.containerInstanceArn === run.responseElements.tasks[0].containerInstanceArn)!;
  t.equal(exited.userIdentity.arn, runner.userIdentity.arn, 'the agent of the instance running the task reports it');
  t.same(exited.responseElements, { acknowledgment: 'ACK' });
  const drain = records.find((r) => r.eventName === 'UpdateContainerInstancesState')!;
  t.equal(drain.responseElements.containerInstances[0].status, 'DRAINING');
  const dereg = records.find((r) => r.eventName === 'DeregisterContainerInstance')!;
  t.notOk(dereg.requestParameters.force, 'no force needed: draining emptied it');
  t.match(dereg.responseElements.containerInstance, { status: 'INACTIVE', runningTasksCount: 0 });
  t.equal(trail.summary.flagged.length, 2);
});
