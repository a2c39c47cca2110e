import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { awsClientEnv } from '../helpers/aws-clients.js';

const run = promisify(execFile);
// Debian's AWS CLI v2 (2.9) ignores AWS_ENDPOINT_URL*, so every call passes --endpoint-url.
const AWS = '/usr/bin/aws';

/** `aws <args> --endpoint-url <url> --output json` with a fixed key and no config files; its JSON answer. */
function awsCli(url: string): (...args: string[]) => Promise<any> {
  const env = awsClientEnv({
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_DEFAULT_REGION: 'us-east-1',
  });
  return async (...args) => {
    const { stdout } = await run(AWS, [...args, '--endpoint-url', url, '--output', 'json'], { env, timeout: 120_000 });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
}

const missing = !existsSync(AWS);
if (missing && process.env.CI === 'true') t.fail(`${AWS} is missing: .ci/run installs Debian's awscli`);
{
  const skip = missing ? `${AWS} is missing (apt-get install awscli): skipping the AWS CLI v2 test` : false;
  t.test('AWS CLI v2: cluster, task definition, task, service, waiters, teardown', { skip }, async (t) => {
    const emu = await startTestEmulator(t, {
      timings: { provisioningMs: 300, pendingMs: 300, stoppingMs: 300, deprovisioningMs: 300, stoppedTaskRetentionMs: 3600_000 },
    });
    const aws = awsCli(emu.url);

    const created = await aws('ecs', 'create-cluster', '--cluster-name', 'cli-demo');
    t.equal(created.cluster.clusterArn, 'arn:aws:ecs:us-east-1:123456789012:cluster/cli-demo');

    const td = await aws(
      'ecs', 'register-task-definition',
      '--family', 'web',
      '--requires-compatibilities', 'FARGATE',
      '--network-mode', 'awsvpc',
      '--cpu', '256', '--memory', '512',
      '--container-definitions', JSON.stringify([{ name: 'web', image: 'public.ecr.aws/nginx/nginx:latest', essential: true }]),
    );
    t.equal(td.taskDefinition.taskDefinitionArn, 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1');

    const netConfig = 'awsvpcConfiguration={subnets=[subnet-0123456789abcdef0],assignPublicIp=ENABLED}';
    const ran = await aws(
      'ecs', 'run-task', '--cluster', 'cli-demo', '--task-definition', 'web', '--launch-type', 'FARGATE',
      '--network-configuration', netConfig,
    );
    const taskArn = ran.tasks[0].taskArn as string;
    t.match(taskArn, /^arn:aws:ecs:us-east-1:123456789012:task\/cli-demo\/[0-9a-f]{32}$/);

    await aws('ecs', 'wait', 'tasks-running', '--cluster', 'cli-demo', '--tasks', taskArn);
    const running = await aws('ecs', 'describe-tasks', '--cluster', 'cli-demo', '--tasks', taskArn);
    t.equal(running.tasks[0].lastStatus, 'RUNNING');

    await aws('ecs', 'stop-task', '--cluster', 'cli-demo', '--task', taskArn, '--reason', 'done');
    await aws('ecs', 'wait', 'tasks-stopped', '--cluster', 'cli-demo', '--tasks', taskArn);
    const stopped = await aws('ecs', 'describe-tasks', '--cluster', 'cli-demo', '--tasks', taskArn);
    t.equal(stopped.tasks[0].lastStatus, 'STOPPED');
    t.equal(stopped.tasks[0].stoppedReason, 'done');

    const svc = await aws(
      'ecs', 'create-service', '--cluster', 'cli-demo', '--service-name', 'web-svc', '--task-definition', 'web:1',
      '--desired-count', '2', '--launch-type', 'FARGATE', '--network-configuration', netConfig,
    );
    t.equal(svc.service.serviceArn, 'arn:aws:ecs:us-east-1:123456789012:service/cli-demo/web-svc');
    await aws('ecs', 'wait', 'services-stable', '--cluster', 'cli-demo', '--services', 'web-svc');
    const stable = await aws('ecs', 'describe-services', '--cluster', 'cli-demo', '--services', 'web-svc');
    t.equal(stable.services[0].runningCount, 2);

    await aws('ecs', 'delete-service', '--cluster', 'cli-demo', '--service', 'web-svc', '--force');
    await aws('ecs', 'wait', 'services-inactive', '--cluster', 'cli-demo', '--services', 'web-svc');
    const deleted = await aws('ecs', 'delete-cluster', '--cluster', 'cli-demo');
    t.equal(deleted.cluster.status, 'INACTIVE');

    // An ECS error reaches the CLI as the ECS error.
    const err = await aws('ecs', 'delete-cluster', '--cluster', 'nope').catch((e: { stderr: string; code: number }) => e);
    t.equal((err as { code: number }).code, 254);
    t.match((err as { stderr: string }).stderr, /ClusterNotFoundException/);

    const records = await emu.records();
    const names = records.map((r) => r.eventName);
    for (const op of ['CreateCluster', 'RegisterTaskDefinition', 'RunTask', 'DescribeTasks', 'StopTask', 'CreateService', 'DescribeServices', 'DeleteService', 'DeleteCluster']) {
      t.ok(names.includes(op), `the trail holds ${op}`);
    }
    t.ok(records.every((r) => String(r.userAgent).startsWith('aws-cli/2.')), 'userAgent is the CLI\'s, verbatim');
  });

  t.test('AWS CLI v2 on EC2 capacity: instances, placement, draining, attributes, capacity providers, cluster settings', { skip }, async (t) => {
    const emu = await startTestEmulator(t, { ec2Instances: 2 });
    const aws = awsCli(emu.url);
    await aws('ecs', 'create-cluster', '--cluster-name', 'ec2');
    const arns = (await aws('ecs', 'list-container-instances', '--cluster', 'ec2')).containerInstanceArns as string[];
    t.equal(arns.length, 2, 'the simulated instances registered');
    t.equal((await aws('ecs', 'list-container-instances', '--cluster', 'ec2', '--filter', 'attribute:ecs.availability-zone == us-east-1b')).containerInstanceArns.length, 1);
    await aws('ecs', 'register-task-definition', '--family', 'web', '--network-mode', 'bridge',
      '--container-definitions', JSON.stringify([{ name: 'web', image: 'nginx', memory: 256, portMappings: [{ containerPort: 80, hostPort: 8080 }] }]));
    const ran = await aws('ecs', 'run-task', '--cluster', 'ec2', '--task-definition', 'web', '--count', '3');
    t.equal(ran.tasks.length, 2, 'one per instance: the host port');
    t.same(ran.failures.map((f: { reason: string }) => f.reason), ['RESOURCE:PORTS', 'RESOURCE:PORTS']);
    const started = await aws('ecs', 'start-task', '--cluster', 'ec2', '--task-definition', 'web', '--container-instances', arns[0]!);
    t.same(started.failures.map((f: { reason: string }) => f.reason), ['RESOURCE:PORTS']);
    const drained = await aws('ecs', 'update-container-instances-state', '--cluster', 'ec2', '--container-instances', arns[0]!, '--status', 'DRAINING');
    t.equal(drained.containerInstances[0].status, 'DRAINING');
    await aws('ecs', 'put-attributes', '--cluster', 'ec2', '--attributes', `name=stack,value=prod,targetId=${arns[1]}`);
    const attrs = await aws('ecs', 'list-attributes', '--cluster', 'ec2', '--target-type', 'container-instance', '--attribute-name', 'stack');
    t.same(attrs.attributes, [{ name: 'stack', value: 'prod', targetType: 'container-instance', targetId: arns[1] }]);
    const providers = await aws('ecs', 'describe-capacity-providers');
    t.same(providers.capacityProviders.map((c: { name: string }) => c.name), ['FARGATE', 'FARGATE_SPOT']);
    const settings = await aws('ecs', 'update-cluster-settings', '--cluster', 'ec2', '--settings', 'name=containerInsights,value=enabled');
    t.same(settings.cluster.settings, [{ name: 'containerInsights', value: 'enabled' }]);
    const err = await aws('ecs', 'deregister-container-instance', '--cluster', 'ec2', '--container-instance', arns[1]!).catch((e: { stderr: string }) => e);
    t.match((err as { stderr: string }).stderr, /InvalidParameterException/, 'running tasks need --force');
    const gone = await aws('ecs', 'deregister-container-instance', '--cluster', 'ec2', '--container-instance', arns[1]!, '--force');
    t.equal(gone.containerInstance.status, 'INACTIVE');

    // The remaining operations once each, as the CLI sends them.
    const doc = JSON.stringify({ instanceId: 'i-0cafe0123456789ab', availabilityZone: 'us-east-1a', instanceType: 't3.medium' });
    const reg = await aws('ecs', 'register-container-instance', '--cluster', 'ec2', '--instance-identity-document', doc,
      '--total-resources', 'name=CPU,type=INTEGER,integerValue=2048', 'name=MEMORY,type=INTEGER,integerValue=3800',
      '--version-info', 'agentVersion=1.60.0,agentHash=abc1234,dockerVersion=DockerVersion: 20.10.13');
    const ci = reg.containerInstance.containerInstanceArn as string;
    t.equal((await aws('ecs', 'describe-container-instances', '--cluster', 'ec2', '--container-instances', ci)).containerInstances[0].ec2InstanceId, 'i-0cafe0123456789ab');
    t.equal((await aws('ecs', 'update-container-agent', '--cluster', 'ec2', '--container-instance', ci)).containerInstance.agentUpdateStatus, 'PENDING');
    t.match((await aws('ecs', 'discover-poll-endpoint', '--cluster', 'ec2', '--container-instance', ci)).endpoint, /^https:\/\/ecs-a-/);
    const task = ran.tasks[0].taskArn as string;
    t.equal((await aws('ecs', 'submit-container-state-change', '--cluster', 'ec2', '--task', task, '--container-name', 'web', '--status', 'RUNNING')).acknowledgment, 'ACK');
    t.equal((await aws('ecs', 'submit-task-state-change', '--cluster', 'ec2', '--task', task, '--status', 'STOPPED', '--reason', 'exited')).acknowledgment, 'ACK');
    t.equal((await aws('ecs', 'submit-attachment-state-changes', '--cluster', 'ec2', '--attachments', 'attachmentArn=arn:aws:ecs:us-east-1:123456789012:attachment/0d5c8f0a-1234-4a5b-9c8d-0123456789ab,status=ATTACHED')).acknowledgment, 'ACK');
    await aws('ecs', 'delete-attributes', '--cluster', 'ec2', '--attributes', `name=stack,targetId=${arns[1]}`).catch((e: { stderr: string }) => t.match(e.stderr, /TargetNotFoundException/, 'the deregistered instance is no target'));
    const asg = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0e5e4a8f-8a0b-4a5e-9f62-6d1a1c2b3c4d:autoScalingGroupName/cli';
    t.equal((await aws('ecs', 'create-capacity-provider', '--name', 'cli-asg', '--auto-scaling-group-provider', `autoScalingGroupArn=${asg}`)).capacityProvider.status, 'ACTIVE');
    t.equal((await aws('ecs', 'update-capacity-provider', '--name', 'cli-asg', '--auto-scaling-group-provider', 'managedTerminationProtection=DISABLED')).capacityProvider.updateStatus, 'UPDATE_COMPLETE');
    t.same((await aws('ecs', 'put-cluster-capacity-providers', '--cluster', 'ec2', '--capacity-providers', 'cli-asg', '--default-capacity-provider-strategy', 'capacityProvider=cli-asg,weight=1')).cluster.capacityProviders, ['cli-asg']);
    const inUse = await aws('ecs', 'delete-capacity-provider', '--capacity-provider', 'cli-asg').catch((e: { stderr: string }) => e);
    t.match((inUse as { stderr: string }).stderr, /associated with cluster: ec2/);
    t.equal((await aws('ecs', 'update-cluster', '--cluster', 'ec2', '--settings', 'name=containerInsights,value=enhanced')).cluster.settings[0].value, 'enhanced');
    const names = new Set((await emu.records()).map((r) => r.eventName));
    for (const op of ['RegisterContainerInstance', 'DiscoverPollEndpoint', 'SubmitTaskStateChange', 'PutClusterCapacityProviders', 'StartTask']) t.ok(names.has(op), `the trail holds ${op}`);
  });
}
