import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { awsClientEnv, runnable } from '../helpers/aws-clients.js';

const run = promisify(execFile);
const FAST = { provisioningMs: 300, pendingMs: 300, stoppingMs: 300, deprovisioningMs: 300, stoppedTaskRetentionMs: 3_600_000 };

const PYTHON = runnable('python3', ['-c', 'import boto3']);
const CLI_V2 = '/usr/bin/aws';

const env = awsClientEnv();

// moto's test decorators set exactly these (AWS_ACCESS_KEY_ID=FOOBARKEY, AWS_SECRET_ACCESS_KEY=FOOBARSECRET).
t.test("moto's FOOBARKEY: cluster → task definition → Fargate task → service through boto3", { skip: PYTHON ? false : 'python3 with boto3 is not installed' }, async (t) => {
  const emu = await startTestEmulator(t, { timings: FAST });
  const script = `
import boto3, json, sys
ecs = boto3.client('ecs', region_name='us-east-1', endpoint_url=sys.argv[1])
fast = {'Delay': 1, 'MaxAttempts': 60}
net = {'awsvpcConfiguration': {'subnets': ['subnet-0123456789abcdef0'], 'assignPublicIp': 'ENABLED'}}
ecs.create_cluster(clusterName='moto-keys')
td = ecs.register_task_definition(family='web', requiresCompatibilities=['FARGATE'], networkMode='awsvpc', cpu='256', memory='512',
  containerDefinitions=[{'name': 'web', 'image': 'public.ecr.aws/nginx/nginx:latest', 'essential': True}])['taskDefinition']['taskDefinitionArn']
task = ecs.run_task(cluster='moto-keys', taskDefinition=td, launchType='FARGATE', networkConfiguration=net)['tasks'][0]['taskArn']
ecs.get_waiter('tasks_running').wait(cluster='moto-keys', tasks=[task], WaiterConfig=fast)
ecs.stop_task(cluster='moto-keys', task=task)
ecs.get_waiter('tasks_stopped').wait(cluster='moto-keys', tasks=[task], WaiterConfig=fast)
ecs.create_service(cluster='moto-keys', serviceName='web', taskDefinition=td, desiredCount=2, launchType='FARGATE', networkConfiguration=net)
ecs.get_waiter('services_stable').wait(cluster='moto-keys', services=['web'], WaiterConfig=fast)
running = ecs.describe_services(cluster='moto-keys', services=['web'])['services'][0]['runningCount']
ecs.delete_service(cluster='moto-keys', service='web', force=True)
ecs.get_waiter('services_inactive').wait(cluster='moto-keys', services=['web'], WaiterConfig=fast)
status = ecs.delete_cluster(cluster='moto-keys')['cluster']['status']
print(json.dumps({'running': running, 'status': status}))
`;
  const { stdout } = await run(PYTHON!, ['-c', script, emu.url], {
    env: { ...env, AWS_ACCESS_KEY_ID: 'FOOBARKEY', AWS_SECRET_ACCESS_KEY: 'FOOBARSECRET' },
    timeout: 180_000,
  });
  t.same(JSON.parse(stdout), { running: 2, status: 'INACTIVE' });
  const records = await emu.records();
  t.ok(records.length >= 10, `${records.length} records`);
  t.ok(records.every((r) => r.userIdentity.accessKeyId === 'FOOBARKEY'), 'every record names the key as sent');
  t.ok(records.every((r) => !r.errorCode), 'no call failed');
});

t.test("LocalStack's test key: the same lifecycle through the AWS CLI v2", { skip: existsSync(CLI_V2) ? false : `${CLI_V2} is missing` }, async (t) => {
  const emu = await startTestEmulator(t, { timings: FAST });
  const cliEnv = { ...env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
  const aws = async (...args: string[]): Promise<any> => {
    const { stdout } = await run(CLI_V2, [...args, '--endpoint-url', emu.url, '--output', 'json'], { env: cliEnv, timeout: 120_000 });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
  const net = 'awsvpcConfiguration={subnets=[subnet-0123456789abcdef0],assignPublicIp=ENABLED}';
  await aws('ecs', 'create-cluster', '--cluster-name', 'ls-keys');
  await aws('ecs', 'register-task-definition', '--family', 'web', '--requires-compatibilities', 'FARGATE', '--network-mode', 'awsvpc',
    '--cpu', '256', '--memory', '512', '--container-definitions', JSON.stringify([{ name: 'web', image: 'nginx', essential: true }]));
  const task = (await aws('ecs', 'run-task', '--cluster', 'ls-keys', '--task-definition', 'web', '--launch-type', 'FARGATE', '--network-configuration', net)).tasks[0].taskArn;
  await aws('ecs', 'wait', 'tasks-running', '--cluster', 'ls-keys', '--tasks', task);
  await aws('ecs', 'stop-task', '--cluster', 'ls-keys', '--task', task);
  await aws('ecs', 'create-service', '--cluster', 'ls-keys', '--service-name', 'web', '--task-definition', 'web', '--desired-count', '1',
    '--launch-type', 'FARGATE', '--network-configuration', net);
  await aws('ecs', 'wait', 'services-stable', '--cluster', 'ls-keys', '--services', 'web');
  await aws('ecs', 'delete-service', '--cluster', 'ls-keys', '--service', 'web', '--force');
  await aws('ecs', 'wait', 'services-inactive', '--cluster', 'ls-keys', '--services', 'web');
  t.equal((await aws('ecs', 'delete-cluster', '--cluster', 'ls-keys')).cluster.status, 'INACTIVE');
  const records = await emu.records();
  t.ok(records.every((r) => r.userIdentity.accessKeyId === 'test' && !r.errorCode), 'every call accepted and recorded under the key "test"');
});
