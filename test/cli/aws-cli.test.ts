import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { startTestEmulator } from '../helpers/test-emulator.js';

const run = promisify(execFile);
// Debian's AWS CLI v2 (2.9) ignores AWS_ENDPOINT_URL*, so every call passes --endpoint-url.
const AWS = '/usr/bin/aws';

const missing = !existsSync(AWS);
if (missing && process.env.CI === 'true') t.fail(`${AWS} is missing: .ci/run installs Debian's awscli`);
{
  const skip = missing ? `${AWS} is missing (apt-get install awscli): skipping the AWS CLI v2 test` : false;
  t.test('AWS CLI v2: cluster, task definition, task, service, waiters, teardown', { skip }, async (t) => {
    const emu = await startTestEmulator(t, {
      timings: { provisioningMs: 300, pendingMs: 300, stoppingMs: 300, deprovisioningMs: 300, stoppedTaskRetentionMs: 3600_000 },
    });
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const aws = async (...args: string[]): Promise<any> => {
      const { stdout } = await run(AWS, [...args, '--endpoint-url', emu.url, '--output', 'json'], { env, timeout: 120_000 });
      return stdout.trim() ? JSON.parse(stdout) : {};
    };

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
}
