import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';
import { generate } from '../generator/generated-trail.js';

/**
 * tlsDetails follow the client (docs/tls-details.md, "The rule for phase 2"): TLSv1.2 with OpenSSL's
 * ECDHE-RSA-AES128-GCM-SHA256 for clients that cannot do TLS 1.3 (Java 8 before 8u261, Python 2,
 * OpenSSL 1.0), TLSv1.3 / TLS_AES_128_GCM_SHA256 for the rest, none when an AWS service made the call
 * or the console proxied it. Live and generated records go through one function: same agent, same result.
 */
const TLS13 = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' };
const TLS12 = { tlsVersion: 'TLSv1.2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256' };

const AGENTS = {
  // The AWS SDK for Java 1.11 on Java 8u252: before the TLS 1.3 backport (8u261).
  java8: 'aws-sdk-java/1.11.820 Linux/4.14.186-146.268.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.252-b09 java/1.8.0_252 vendor/Amazon.com_Inc.',
  // The same SDK on 8u292, which negotiates TLS 1.3.
  java8u292: 'aws-sdk-java/1.12.100 Linux/5.10.47 OpenJDK_64-Bit_Server_VM/25.292-b10 java/1.8.0_292 vendor/Amazon.com_Inc.',
  // AWS CLI v1 on Python 2.7.
  cliPython2: 'aws-cli/1.16.300 Python/2.7.18 Linux/4.14.154-128.181.amzn2.x86_64 botocore/1.13.36',
  browser: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  consoleProxy: 'AWS Internal',
};

/** An ECS client whose User-Agent header is replaced, as another SDK would send it. */
function clientWithAgent(url: string, userAgent: string, accessKeyId = 'AKIAIOSFODNN7EXAMPLE'): ECSClient {
  const c = new ECSClient({ region: 'eu-west-1', endpoint: url, credentials: { accessKeyId, secretAccessKey: 's' }, maxAttempts: 1 });
  c.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { headers: Record<string, string> };
      req.headers['user-agent'] = userAgent;
      delete req.headers['x-amz-user-agent'];
      return next(args);
    },
    { step: 'finalizeRequest', name: 'replaceUserAgent', priority: 'low' },
  );
  return c;
}

t.test('live: tlsDetails derive from the user agent the client sent', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const identitiesFile = join(dir, 'identities.json');
  await writeFile(
    identitiesFile,
    JSON.stringify([
      { accessKeyId: 'ASIACONSOLEPROXY0001', type: 'AssumedRole', roleName: 'Admin', sessionName: 'ana', console: true, userAgent: AGENTS.consoleProxy },
      { accessKeyId: 'ASIACONSOLEBROWSER01', type: 'AssumedRole', roleName: 'Admin', sessionName: 'ben', console: true, userAgent: AGENTS.browser },
      { accessKeyId: 'ASIACFNFORUSER000001', type: 'AssumedRole', roleName: 'cfn', sessionName: 'stack', invokedBy: 'cloudformation.amazonaws.com' },
    ]),
  );
  const emu = await startTestEmulator(t, { identitiesFile });
  const calls: [string, ECSClient, object | undefined][] = [
    ['SDK for JavaScript v3', emu.client('AKIAIOSFODNN7EXAMPLE', 'eu-west-1'), TLS13],
    ['SDK for Java 1.11 on 8u252', clientWithAgent(emu.url, AGENTS.java8), TLS12],
    ['SDK for Java 1.12 on 8u292', clientWithAgent(emu.url, AGENTS.java8u292), TLS13],
    ['AWS CLI v1 on Python 2.7', clientWithAgent(emu.url, AGENTS.cliPython2), TLS12],
    ['a console session through the console proxy', emu.client('ASIACONSOLEPROXY0001', 'eu-west-1'), undefined],
    ['a console session calling from the browser', emu.client('ASIACONSOLEBROWSER01', 'eu-west-1'), TLS13],
    ['CloudFormation for the caller', emu.client('ASIACFNFORUSER000001', 'eu-west-1'), undefined],
  ];
  const ids: string[] = [];
  for (const [, client] of calls) {
    ids.push((await client.send(new ListClustersCommand({}))).$metadata.requestId!);
  }
  for (const [, c] of calls) t.teardown(() => c.destroy());
  const records = await emu.records();
  calls.forEach(([who, , tls], i) => {
    const r = recordFor(records, ids[i]);
    if (tls) t.strictSame(r.tlsDetails, { ...tls, clientProvidedHostHeader: 'ecs.eu-west-1.amazonaws.com' }, who);
    else t.notOk('tlsDetails' in r, `${who}: no tlsDetails`);
  });
  t.equal(recordFor(records, ids[1]).userAgent, AGENTS.java8, 'the record shows the agent that was sent');
});

t.test('generated: the same rule from each actor\'s client', async (t) => {
  const yaml = `
start: 2025-06-02T10:00:00Z
duration: 1h
regions: [eu-west-1]
actors:
  cli: { type: IAMUser, userName: cli, client: aws-cli }
  java8: { type: IAMUser, userName: java8, userAgent: "${AGENTS.java8}" }
  java8u292: { type: IAMUser, userName: java8u292, userAgent: "${AGENTS.java8u292}" }
  py2: { type: IAMUser, userName: py2, userAgent: "${AGENTS.cliPython2}" }
  browser: { type: AssumedRole, roleName: Admin, sessionName: ben, client: console }
  proxy: { type: AssumedRole, roleName: Admin, sessionName: ana, console: true, userAgent: "${AGENTS.consoleProxy}" }
  cfn: { type: AssumedRole, roleName: cfn, sessionName: stack, client: cloudformation }
steps:
${['cli', 'java8', 'java8u292', 'py2', 'browser', 'proxy', 'cfn'].map((a) => `  - { actor: ${a}, call: ListClusters }`).join('\n')}
`;
  const trail = await generate(t, yaml);
  const records = await trail.records();
  const byUser = (name: string) => records.find((r) => r.userIdentity.userName === name || r.userIdentity.arn?.endsWith(`/${name}`))!;
  const expected: [string, object | undefined][] = [
    ['cli', TLS13],
    ['java8', TLS12],
    ['java8u292', TLS13],
    ['py2', TLS12],
    ['ben', TLS13],
    ['ana', undefined],
    ['stack', undefined],
  ];
  for (const [who, tls] of expected) {
    const r = byUser(who);
    if (tls) t.strictSame(r.tlsDetails, { ...tls, clientProvidedHostHeader: 'ecs.eu-west-1.amazonaws.com' }, who);
    else t.notOk('tlsDetails' in r, `${who}: no tlsDetails`);
  }
});

t.test('records an AWS service makes for the caller have no tlsDetails, whatever the agent', async (t) => {
  const { tlsDetailsOf } = await import('../../trail-writer/index.js');
  const base = { signingName: 'sts', region: 'us-east-1', userAgent: 'ecs-tasks.amazonaws.com' };
  const user = { type: 'IAMUser' as const, accountId: '111122223333', accessKeyId: 'AKIA', principalId: 'AIDA', arn: 'arn:aws:iam::111122223333:user/u' };
  // The flaws2 AssumeRole record by ecs-tasks.amazonaws.com (samples/sts-AssumeRole-AWSService-ecs-tasks-…): no tlsDetails.
  const service = { type: 'AWSService', accountId: '111122223333', accessKeyId: '', principalId: '', arn: '', invokedBy: 'ecs-tasks.amazonaws.com' } as unknown as typeof user;
  t.equal(tlsDetailsOf({ ...base, principal: service, sourceIp: 'ecs-tasks.amazonaws.com' }), undefined, 'AWSService identity');
  t.equal(tlsDetailsOf({ ...base, principal: { ...user, invokedBy: 'cloudformation.amazonaws.com' }, sourceIp: '203.0.113.9' }), undefined, 'invokedBy');
  t.equal(tlsDetailsOf({ ...base, principal: user, sourceIp: 'ecs.amazonaws.com' }), undefined, 'a service name as source address');
  t.strictSame(tlsDetailsOf({ ...base, principal: user, sourceIp: '203.0.113.9' }), { ...TLS13, clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com' }, 'the same call made by a client');
  t.strictSame(tlsDetailsOf({ ...base, signingName: 'ecs-fips', principal: user, sourceIp: '203.0.113.9' }), { ...TLS12, clientProvidedHostHeader: 'ecs-fips.us-east-1.amazonaws.com' }, 'a FIPS endpoint: TLSv1.2 (docs/tls-details.md rule 4)');
});
