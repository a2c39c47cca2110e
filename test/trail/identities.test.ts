import t, { type Test } from 'tap';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { ECSClient, ListClustersCommand, CreateClusterCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { stringify as toYaml } from 'yaml';
import { startTestEmulator, recordFor, listLogFiles } from '../helpers/test-emulator.js';
import { startEmulator } from '../../server/start.js';
import { accountOfId } from '../../server/identity/aws-ids.js';

/**
 * One identity of each type, each in its own account. The expected userIdentity blocks follow
 * cloudtrail-facts.md §3 and the real records in /work/shared/samples.
 */
const IDENTITIES = [
  { accessKeyId: 'AKIAUSERALICE0000001', type: 'IAMUser', accountId: '111111111111', userName: 'alice' },
  {
    accessKeyId: 'ASIAROLEDEPLOY000001',
    type: 'AssumedRole',
    accountId: '222222222222',
    roleName: 'service-role/deployer',
    sessionName: 'ci-run-42',
    sessionCreationDate: '2025-10-27T00:00:52Z',
    mfaAuthenticated: true,
  },
  { accessKeyId: 'AKIAROOTACCOUNT00001', type: 'Root', accountId: '333333333333' },
  {
    accessKeyId: 'ASIAFEDERATEDBOB0001',
    type: 'FederatedUser',
    accountId: '444444444444',
    federatedName: 'bob',
    issuerUserName: 'fed-broker',
    sessionCreationDate: '2025-10-26T23:50:52Z',
  },
  {
    accessKeyId: 'AKIAOVERRIDES0000001',
    type: 'IAMUser',
    accountId: '111111111111',
    userName: 'laptop',
    sourceIp: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 command/ecs.list-clusters',
  },
  {
    accessKeyId: 'ASIAVIACLOUDFORMATN1',
    type: 'AssumedRole',
    accountId: '222222222222',
    roleName: 'cfn-exec',
    sessionName: 'stack-update',
    invokedBy: 'cloudformation.amazonaws.com',
  },
  {
    accessKeyId: 'ASIAUSERVIACFN000001',
    type: 'IAMUser',
    accountId: '222222222222',
    userName: 'deployer',
    invokedBy: 'cloudformation.amazonaws.com',
  },
];

/**
 * Key order of a real 2025 AssumedRole userIdentity (sample ecs-ListClusters-real-2025-10-27T000052Z.json),
 * which has no webIdFederationData; older real records have it empty, and both occur
 * (cloudtrail-research.md §2.3): ours keeps it, between sessionIssuer and attributes.
 */
const ASSUMED_ROLE_ORDER = ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'sessionContext'];
const ISSUER_ORDER = ['type', 'principalId', 'arn', 'accountId', 'userName'];
const ATTRIBUTES_ORDER = ['creationDate', 'mfaAuthenticated'];
const SAMPLE = '/work/shared/samples/ecs-ListClusters-real-2025-10-27T000052Z.json';

async function identitiesFile(format: 'yaml' | 'json', doc: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-ids-'));
  const path = join(dir, `identities.${format}`);
  await writeFile(path, format === 'json' ? JSON.stringify(doc, null, 2) : toYaml(doc));
  return path;
}

/** Call ListClusters as `key` and return the record of that call, checking which file it landed in. */
async function recordOf(t: Test, format: 'yaml' | 'json', key: string, region = 'us-west-2') {
  const em = await startTestEmulator(t, { identitiesFile: await identitiesFile(format, { identities: IDENTITIES }) });
  const out = await em.client(key, region).send(new ListClustersCommand({}));
  const records = await em.records();
  const rec = recordFor(records, out.$metadata.requestId);
  const files = await listLogFiles(em.trailDir);
  const home = files.filter((f) => {
    const doc = JSON.parse(gunzipSync(readFileSync(join(em.trailDir, f))).toString('utf8')) as { Records: any[] };
    return doc.Records.some((r) => r.requestID === out.$metadata.requestId);
  });
  t.equal(home.length, 1, 'the record is in exactly one file');
  t.match(home[0], new RegExp(`^AWSLogs/${rec.recipientAccountId}/CloudTrail/${region}/\\d{4}/\\d\\d/\\d\\d/${rec.recipientAccountId}_CloudTrail_${region}_`), "in its account's folder");
  t.equal(rec.recipientAccountId, rec.userIdentity.accountId);
  return rec;
}

for (const format of ['yaml', 'json'] as const) {
  t.test(`${format}: IAMUser`, async (t) => {
    const r = await recordOf(t, format, 'AKIAUSERALICE0000001');
    t.strictSame(Object.keys(r.userIdentity), ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName']);
    t.match(r.userIdentity, {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111111111111:user/alice',
      accountId: '111111111111',
      accessKeyId: 'AKIAUSERALICE0000001',
      userName: 'alice',
    });
    t.match(r.userIdentity.principalId, /^AIDA[A-Z2-7]{17}$/);
    t.equal(accountOfId(r.userIdentity.principalId), '111111111111');
    t.equal(r.recipientAccountId, '111111111111');
    t.equal(r.sourceIPAddress, '127.0.0.1');
    t.match(r.userAgent, /^aws-sdk-js\//);
  });

  t.test(`${format}: AssumedRole with session name, issuer role, creationDate, mfaAuthenticated`, async (t) => {
    const r = await recordOf(t, format, 'ASIAROLEDEPLOY000001');
    const u = r.userIdentity;
    t.strictSame(Object.keys(u), ASSUMED_ROLE_ORDER, 'the keys of a real 2025 AssumedRole record, in order');
    t.strictSame(Object.keys(u.sessionContext), ['sessionIssuer', 'webIdFederationData', 'attributes']);
    const roleId = (u.principalId as string).split(':')[0]!;
    t.match(roleId, /^AROA[A-Z2-7]{17}$/);
    t.equal(accountOfId(roleId), '222222222222');
    t.strictSame(u, {
      type: 'AssumedRole',
      principalId: `${roleId}:ci-run-42`,
      arn: 'arn:aws:sts::222222222222:assumed-role/deployer/ci-run-42',
      accountId: '222222222222',
      accessKeyId: 'ASIAROLEDEPLOY000001',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: roleId,
          arn: 'arn:aws:iam::222222222222:role/service-role/deployer',
          accountId: '222222222222',
          userName: 'deployer',
        },
        webIdFederationData: {},
        attributes: { creationDate: '2025-10-27T00:00:52Z', mfaAuthenticated: 'true' },
      },
    });
    t.strictSame(Object.keys(u.sessionContext.sessionIssuer), ISSUER_ORDER);
    t.strictSame(Object.keys(u.sessionContext.attributes), ATTRIBUTES_ORDER, '2023+ order: creationDate first');
    if (existsSync(SAMPLE)) {
      const real = (JSON.parse(readFileSync(SAMPLE, 'utf8')) as Record<string, any>).userIdentity;
      t.strictSame(Object.keys(real), ASSUMED_ROLE_ORDER, 'the orders above are the real record\'s');
      t.strictSame(Object.keys(real.sessionContext.sessionIssuer), ISSUER_ORDER);
      t.strictSame(Object.keys(real.sessionContext.attributes), ATTRIBUTES_ORDER);
    }
    t.equal(r.recipientAccountId, '222222222222');
  });

  t.test(`${format}: Root`, async (t) => {
    const r = await recordOf(t, format, 'AKIAROOTACCOUNT00001');
    t.strictSame(r.userIdentity, {
      type: 'Root',
      principalId: '333333333333',
      arn: 'arn:aws:iam::333333333333:root',
      accountId: '333333333333',
      accessKeyId: 'AKIAROOTACCOUNT00001',
    });
  });

  t.test(`${format}: FederatedUser`, async (t) => {
    const r = await recordOf(t, format, 'ASIAFEDERATEDBOB0001');
    const issuerId = r.userIdentity.sessionContext?.sessionIssuer?.principalId as string;
    t.match(issuerId, /^AIDA[A-Z2-7]{17}$/);
    t.equal(accountOfId(issuerId), '444444444444');
    t.strictSame(r.userIdentity, {
      type: 'FederatedUser',
      principalId: '444444444444:bob',
      arn: 'arn:aws:sts::444444444444:federated-user/bob',
      accountId: '444444444444',
      accessKeyId: 'ASIAFEDERATEDBOB0001',
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: issuerId,
          arn: 'arn:aws:iam::444444444444:user/fed-broker',
          accountId: '444444444444',
          userName: 'fed-broker',
        },
        webIdFederationData: {},
        attributes: { creationDate: '2025-10-26T23:50:52Z', mfaAuthenticated: 'false' },
      },
    });
  });
}

t.test('sourceIp and userAgent overrides replace the peer address and the SDK User-Agent', async (t) => {
  const r = await recordOf(t, 'yaml', 'AKIAOVERRIDES0000001');
  t.equal(r.sourceIPAddress, '198.51.100.7');
  t.equal(r.userAgent, 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 command/ecs.list-clusters');
  t.equal(r.userIdentity.userName, 'laptop');
  t.ok(r.tlsDetails, 'a direct call keeps tlsDetails');
});

t.test('invokedBy: the service name as source IP and user agent, no tlsDetails', async (t) => {
  const r = await recordOf(t, 'yaml', 'ASIAVIACLOUDFORMATN1');
  t.equal(r.userIdentity.invokedBy, 'cloudformation.amazonaws.com');
  t.equal(r.userIdentity.type, 'AssumedRole');
  t.equal(r.sourceIPAddress, 'cloudformation.amazonaws.com');
  t.equal(r.userAgent, 'cloudformation.amazonaws.com');
  t.notOk('tlsDetails' in r, 'not present when an AWS service called on the user\'s behalf');
  t.strictSame(Object.keys(r).at(-1), 'eventCategory');
});

t.test('invokedBy for an IAM user: credentials the service made from the user\'s, attributes only', async (t) => {
  const r = await recordOf(t, 'yaml', 'ASIAUSERVIACFN000001');
  // A real 2024 record of CloudFormation acting for an IAM user (connect CreateContactFlowModule).
  t.same(Object.keys(r.userIdentity), ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'sessionContext', 'invokedBy']);
  t.same(Object.keys(r.userIdentity.sessionContext), ['attributes']);
  t.match(r.userIdentity.sessionContext.attributes, { creationDate: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, mfaAuthenticated: 'false' });
  t.equal(r.sourceIPAddress, 'cloudformation.amazonaws.com');
  t.notOk('sessionCredentialFromConsole' in r);
});

t.test('lenient mode: an undeclared key gets a stable identity in the default account', async (t) => {
  const em = await startTestEmulator(t, { accountId: '555555555555' });
  const a1 = await em.client('AKIAUNDECLAREDKEY001').send(new ListClustersCommand({}));
  const a2 = await em.client('AKIAUNDECLAREDKEY001').send(new ListClustersCommand({}));
  const b = await em.client('AKIAUNDECLAREDKEY002').send(new ListClustersCommand({}));
  const s = await em.client('ASIAUNDECLAREDTMP001').send(new ListClustersCommand({}));
  const records = await em.records();
  const [r1, r2, rb, rs] = [a1, a2, b, s].map((o) => recordFor(records, o.$metadata.requestId));
  t.strictSame(r1!.userIdentity, r2!.userIdentity, 'same key, same identity');
  t.not(r1!.userIdentity.principalId, rb!.userIdentity.principalId, 'another key, another identity');
  t.equal(r1!.userIdentity.type, 'IAMUser');
  t.equal(r1!.userIdentity.accessKeyId, 'AKIAUNDECLAREDKEY001');
  t.equal(accountOfId(r1!.userIdentity.principalId), '555555555555', 'the principal id encodes the default account');
  t.equal(r1!.recipientAccountId, '555555555555');
  t.equal(rs!.userIdentity.type, 'AssumedRole', 'a temporary (ASIA) key is a role session');
  t.equal(accountOfId((rs!.userIdentity.principalId as string).split(':')[0]!), '555555555555');
  for (const f of await listLogFiles(em.trailDir)) t.match(f, /^AWSLogs\/555555555555\/CloudTrail\/us-east-1\//);

  // A second emulator derives the very same identity for the same key.
  const em2 = await startTestEmulator(t, { accountId: '555555555555' });
  const again = await em2.client('AKIAUNDECLAREDKEY001').send(new ListClustersCommand({}));
  t.strictSame(recordFor(await em2.records(), again.$metadata.requestId).userIdentity, r1!.userIdentity);
});

t.test('strict mode: an undeclared key is refused and leaves no record', async (t) => {
  // Strict mode checks signatures, so each identity needs the secret the test clients sign with.
  const declared = [{ accessKeyId: 'AKIAUSERALICE0000001', secretAccessKey: 'test-secret', type: 'IAMUser', userName: 'alice' }];
  const em = await startTestEmulator(t, {
    auth: 'strict',
    identitiesFile: await identitiesFile('yaml', { identities: declared }),
  });
  const err = (await em
    .client('AKIANOBODYDECLARED01')
    .send(new CreateClusterCommand({ clusterName: 'sneaky' }))
    .catch((e: unknown) => e)) as ECSServiceException;
  t.equal(err.name, 'UnrecognizedClientException');
  t.equal(err.message, 'The security token included in the request is invalid.');
  t.equal(err.$metadata.httpStatusCode, 400);
  const ok = await em.client('AKIAUSERALICE0000001').send(new ListClustersCommand({}));
  t.strictSame(ok.clusterArns, [], 'the refused call created nothing');
  const records = await em.records();
  t.equal(records.length, 1, 'only the declared caller is recorded');
  t.equal(records[0]!.requestID, ok.$metadata.requestId);
  t.notOk(records.some((r) => r.requestID === err.$metadata.requestId));
});

t.test('a malformed identities file stops start-up with a clear error', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-bad-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  const cases: Array<[string, 'yaml' | 'json', string, RegExp]> = [
    ['not YAML', 'yaml', 'identities: [\n  - {accessKeyId: ', /not valid YAML/],
    ['not JSON', 'json', '{"identities": [', /not valid JSON/],
    ['no list', 'yaml', 'users: {}\n', /unknown section "users"/],
    ['not a list', 'yaml', 'identities: {}\n', /must hold a list under "identities"/],
    // Any key a client can sign with may be declared (`test`, `FOOBARKEY`); a scope cannot carry a `/`.
    ['bad key', 'yaml', toYaml({ identities: [{ accessKeyId: 'AKIA/BAD', type: 'Root' }] }), /entry 1: accessKeyId must be/],
    ['bad type', 'yaml', toYaml({ identities: [{ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', type: 'Admin' }] }), /entry 1: type must be one of/],
    ['no userName', 'json', JSON.stringify({ identities: [{ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', type: 'IAMUser' }] }), /entry 1: userName is required/],
    [
      'no session name',
      'yaml',
      toYaml({ identities: [{ accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', type: 'AssumedRole', roleName: 'r' }] }),
      /entry 1: sessionName is required/,
    ],
    ['bad account', 'yaml', toYaml({ identities: [{ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', type: 'Root', accountId: '12345' }] }), /accountId must be 12 digits/],
    [
      'duplicate key',
      'yaml',
      toYaml({ identities: [{ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', type: 'Root' }, { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', type: 'Root' }] }),
      /AKIAAAAAAAAAAAAAAAAA is declared twice/,
    ],
    [
      'deny not a list',
      'yaml',
      toYaml({ identities: [{ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', type: 'Root', deny: 'CreateCluster' }] }),
      /deny must be a list/,
    ],
    [
      'misspelt field',
      'yaml',
      toYaml({ identities: [{ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', type: 'IAMUser', userName: 'a', denny: ['RunTask'] }] }),
      /entry 1: unknown field "denny"/,
    ],
    [
      'mfa as text',
      'yaml',
      'identities:\n  - {accessKeyId: AKIAAAAAAAAAAAAAAAAA, type: Root, mfaAuthenticated: "false"}\n',
      /mfaAuthenticated must be true or false/,
    ],
  ];
  for (const [name, format, text, expected] of cases) {
    const path = join(trailDir, `${name.replace(/\W/g, '-')}.${format}`);
    await writeFile(path, text);
    const err = await startEmulator({ port: 0, logLevel: 'silent', trailDir, identitiesFile: path }).then(
      async (running) => {
        await running.close();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    t.match(err?.message, expected, name);
    t.match(err?.message, /identities file/, `${name}: says it is the identities file`);
    t.notMatch(err?.message ?? '', /\n/, `${name}: one line`);
  }
  const missing = await startEmulator({ port: 0, logLevel: 'silent', trailDir, identitiesFile: join(trailDir, 'nope.yaml') }).catch(
    (e: unknown) => e as Error,
  );
  t.match((missing as Error).message, /cannot read the identities file .*nope\.yaml/);
});

t.test('YAML: an unquoted account id is read as the 12-digit string the record needs', async (t) => {
  const path = await identitiesFile('yaml', {});
  await writeFile(path, 'identities:\n  - accessKeyId: AKIAUNQUOTEDACCOUNT1\n    type: Root\n    accountId: 666666666666\n');
  const em = await startTestEmulator(t, { identitiesFile: path });
  const out = await em.client('AKIAUNQUOTEDACCOUNT1').send(new ListClustersCommand({}));
  const r = recordFor(await em.records(), out.$metadata.requestId);
  t.equal(r.userIdentity.accountId, '666666666666');
  t.equal(r.recipientAccountId, '666666666666');
  t.equal(r.userIdentity.principalId, '666666666666');
});

t.test('examples/identities.yaml starts and gives each identity its record', async (t) => {
  const path = new URL('../../examples/identities.yaml', import.meta.url).pathname;
  const doc = (await import('yaml')).parse(await readFile(path, 'utf8')) as { identities: Array<{ accessKeyId: string; secretAccessKey: string; type: string }> };
  t.same(new Set(doc.identities.map((i) => i.type)), new Set(['IAMUser', 'AssumedRole', 'Root', 'FederatedUser']), 'every identity type');
  // Strict mode, so the secrets in the example are the ones that sign.
  const em = await startTestEmulator(t, { identitiesFile: path, auth: 'strict' });
  const ids: string[] = [];
  for (const i of doc.identities) {
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: em.url,
      credentials: { accessKeyId: i.accessKeyId, secretAccessKey: i.secretAccessKey },
      maxAttempts: 1,
    });
    t.teardown(() => ecs.destroy());
    const out = await ecs.send(new ListClustersCommand({})).catch((e: ECSServiceException) => e);
    t.equal(out.$metadata.httpStatusCode, 200, `${i.accessKeyId} signs with its secret`);
    ids.push(out.$metadata.requestId!);
  }
  const records = await em.records();
  doc.identities.forEach((i, n) => {
    const r = recordFor(records, ids[n]);
    t.equal(r.userIdentity.type, i.type);
    t.equal(r.userIdentity.accessKeyId, i.accessKeyId);
  });
});
