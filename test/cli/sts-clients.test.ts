import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';
import { awsClientEnv, runnable } from '../helpers/aws-clients.js';

const run = promisify(execFile);

/** The AWS CLI v2 (Debian's 2.9, which honours only --endpoint-url) and the pyenv AWS CLI v1 with boto3. */
const CLI_V2 = '/usr/bin/aws';
const CLI_V1 = runnable('aws', ['--version']);
const PYTHON = runnable('python3', ['-c', 'import boto3']);

const baseEnv = awsClientEnv({ AWS_DEFAULT_REGION: 'us-east-1' });

for (const [label, cli] of [['AWS CLI v2', existsSync(CLI_V2) ? CLI_V2 : undefined], ['AWS CLI v1', CLI_V1]] as const) {
  const skip = cli ? false : `${label} is not installed: skipping its STS test`;
  t.test(`${label}: sts get-caller-identity, assume-role, and ECS with the session`, { skip }, async (t) => {
    const emu = await startTestEmulator(t);
    const env = { ...baseEnv, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const aws = async (e: Record<string, string>, ...args: string[]): Promise<any> => {
      const { stdout } = await run(cli!, [...args, '--endpoint-url', emu.url, '--output', 'json'], { env: e, timeout: 120_000 });
      return JSON.parse(stdout);
    };
    const me = await aws(env, 'sts', 'get-caller-identity');
    t.same(me, { UserId: me.UserId, Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ecs-trail-user-test' });
    const assumed = await aws(env, 'sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/cli-role', '--role-session-name', 'cli');
    t.match(assumed.Credentials.AccessKeyId, /^ASIA/);
    t.match(assumed.Credentials.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)$/);
    const sessionEnv = {
      ...baseEnv,
      AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
    };
    const created = await aws(sessionEnv, 'ecs', 'create-cluster', '--cluster-name', 'cli-session');
    const err = await run(cli!, ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/x', '--role-session-name', 'a b', '--endpoint-url', emu.url], { env }).catch(
      (e: { stderr: string }) => e,
    );
    t.match((err as { stderr: string }).stderr, /ValidationError/, 'STS XML errors reach the CLI as STS errors');

    const records = await emu.records();
    const ecsRecord = records.find((r) => r.eventName === 'CreateCluster' && r.requestParameters?.clusterName === 'cli-session');
    t.equal(ecsRecord?.userIdentity.arn, 'arn:aws:sts::123456789012:assumed-role/cli-role/cli');
    t.equal(created.cluster.clusterName, 'cli-session');
    t.ok(records.some((r) => r.eventName === 'AssumeRole' && r.userIdentity.accessKeyId === 'test'));
  });
}

t.test('boto3: get_caller_identity, assume_role, then ECS with the session', { skip: PYTHON ? false : 'python3 with boto3 is not installed' }, async (t) => {
  const emu = await startTestEmulator(t);
  const script = `
import boto3, json, sys
url = sys.argv[1]
sts = boto3.client('sts', region_name='eu-west-1', endpoint_url=url, aws_access_key_id='testing', aws_secret_access_key='testing')
me = sts.get_caller_identity()
out = sts.assume_role(RoleArn='arn:aws:iam::123456789012:role/boto', RoleSessionName='boto3')
c = out['Credentials']
ecs = boto3.client('ecs', region_name='eu-west-1', endpoint_url=url, aws_access_key_id=c['AccessKeyId'],
                   aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
ecs.create_cluster(clusterName='boto3-session')
print(json.dumps({'arn': me['Arn'], 'role': out['AssumedRoleUser']['Arn'], 'key': c['AccessKeyId'], 'expires': c['Expiration'].isoformat()}))
`;
  const { stdout } = await run(PYTHON!, ['-c', script, emu.url], { env: { ...baseEnv }, timeout: 120_000 });
  const out = JSON.parse(stdout);
  t.equal(out.arn, 'arn:aws:iam::123456789012:user/ecs-trail-user-esting');
  t.equal(out.role, 'arn:aws:sts::123456789012:assumed-role/boto/boto3');
  t.match(out.expires, /\+00:00$/, 'botocore parsed the XML timestamp');
  const records = await emu.records();
  const assume = records.find((r) => r.eventName === 'AssumeRole');
  t.equal(assume?.awsRegion, 'eu-west-1', 'a regional endpoint: recorded in its region');
  const cluster = records.find((r) => r.eventName === 'CreateCluster');
  t.equal(cluster?.userIdentity.accessKeyId, out.key);
  t.ok(recordFor(records, assume?.requestID));
});
