import t from 'tap';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
  type STSServiceException,
} from '@aws-sdk/client-sts';
import { CreateClusterCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { accountOfId } from '../../server/identity/aws-ids.js';
import { recordFor, startTestEmulator, type TestContext } from '../helpers/test-emulator.js';
import { identitiesFile } from './sts-helpers.js';

const ACCOUNT = '123456789012';

function stsClient(t: TestContext, url: string, accessKeyId: string, secretAccessKey = 'secret', sessionToken?: string, region = 'us-east-1') {
  const c = new STSClient({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey, sessionToken }, maxAttempts: 1 });
  t.teardown(() => c.destroy());
  return c;
}

function ecsClient(t: TestContext, url: string, creds: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }, region = 'us-east-1') {
  const c = new ECSClient({
    region,
    endpoint: url,
    credentials: { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken },
    maxAttempts: 1,
  });
  t.teardown(() => c.destroy());
  return c;
}

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as STSServiceException);

t.test('GetCallerIdentity through @aws-sdk/client-sts: a derived identity for any key, a declared one as declared; recorded read-only with no response', async (t) => {
  const path = await identitiesFile(t, {
    identities: [{ accessKeyId: 'AKIAJ7EXAMPLEUSER001', type: 'IAMUser', accountId: '111122223333', userName: 'alice' }],
  });
  const emu = await startTestEmulator(t, { identitiesFile: path });
  const derived = await stsClient(t, emu.url, 'test').send(new GetCallerIdentityCommand({}));
  t.equal(derived.Account, ACCOUNT);
  t.equal(derived.Arn, `arn:aws:iam::${ACCOUNT}:user/ecs-trail-user-test`);
  t.match(derived.UserId, /^AIDA[A-Z2-7]{17}$/);
  const declared = await stsClient(t, emu.url, 'AKIAJ7EXAMPLEUSER001').send(new GetCallerIdentityCommand({}));
  t.same([declared.Account, declared.Arn], ['111122223333', 'arn:aws:iam::111122223333:user/alice']);

  const records = await emu.records();
  const r = recordFor(records, declared.$metadata.requestId);
  t.same(
    [r.eventSource, r.eventName, r.readOnly, r.requestParameters, r.responseElements, r.eventType, r.managementEvent],
    ['sts.amazonaws.com', 'GetCallerIdentity', true, null, null, 'AwsApiCall', true],
    'as the real 2024 record (Stratus Red Team detonation): readOnly, no parameters, no response',
  );
  t.equal(r.awsRegion, 'us-east-1');
  t.equal(r.tlsDetails.clientProvidedHostHeader, 'sts.us-east-1.amazonaws.com');
  t.equal(r.userIdentity.accessKeyId, 'AKIAJ7EXAMPLEUSER001');
});

t.test('AssumeRole: working session credentials; ECS calls signed with them are the role session; the record hides the secret', async (t) => {
  const emu = await startTestEmulator(t);
  const sts = stsClient(t, emu.url, 'AKIAIOSFODNN7EXAMPLE');
  const before = Date.now();
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/deployer`,
      RoleSessionName: 'ci-run-42',
      DurationSeconds: 900,
      SourceIdentity: 'alice',
      SerialNumber: 'arn:aws:iam::123456789012:mfa/alice',
      TokenCode: '123456',
    }),
  );
  const creds = out.Credentials!;
  t.match(creds.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  t.equal(accountOfId(creds.AccessKeyId!), ACCOUNT, 'the key encodes the account, as AWS keys do');
  t.equal(creds.SecretAccessKey?.length, 40);
  t.match(creds.SessionToken, /^IQoJb3JpZ2luX2Vj/);
  const lifetime = creds.Expiration!.getTime() - before;
  t.ok(lifetime > 890_000 && lifetime <= 901_000, `expires DurationSeconds from now (${lifetime} ms)`);
  t.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run-42`);
  t.match(out.AssumedRoleUser?.AssumedRoleId, /^AROA[A-Z2-7]{17}:ci-run-42$/);
  t.equal(out.SourceIdentity, 'alice');

  const ecs = ecsClient(t, emu.url, creds, 'eu-west-1');
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: 'from-role' }));
  t.equal(cluster.cluster?.clusterArn, `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/from-role`);
  const me = await stsClient(t, emu.url, creds.AccessKeyId!, creds.SecretAccessKey, creds.SessionToken).send(new GetCallerIdentityCommand({}));
  t.equal(me.Arn, out.AssumedRoleUser?.Arn);
  t.equal(me.UserId, out.AssumedRoleUser?.AssumedRoleId);

  const records = await emu.records();
  const assumed = recordFor(records, out.$metadata.requestId);
  t.same(Object.keys(assumed.requestParameters), ['roleArn', 'roleSessionName', 'durationSeconds', 'serialNumber', 'sourceIdentity'], 'in model order, without the MFA code');
  t.same(Object.keys(assumed.responseElements), ['credentials', 'assumedRoleUser', 'sourceIdentity']);
  t.same(Object.keys(assumed.responseElements.credentials), ['accessKeyId', 'sessionToken', 'expiration'], 'no secret access key');
  t.equal(assumed.responseElements.credentials.sessionToken, creds.SessionToken);
  t.match(assumed.responseElements.credentials.expiration, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/);
  t.same(assumed.resources, [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/service-role/deployer` }]);
  t.equal(assumed.readOnly, true);
  t.same(
    Object.keys(assumed),
    ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'requestParameters',
      'responseElements', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory', 'tlsDetails'],
    'the field order of the real 2025 AssumeRole record (less what only AWS-internal callers get: additionalEventData, sharedEventID)',
  );

  const ecsRecord = recordFor(records, cluster.$metadata.requestId);
  t.same(ecsRecord.userIdentity, {
    type: 'AssumedRole',
    principalId: out.AssumedRoleUser?.AssumedRoleId,
    arn: out.AssumedRoleUser?.Arn,
    accountId: ACCOUNT,
    accessKeyId: creds.AccessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: out.AssumedRoleUser!.AssumedRoleId!.split(':')[0],
        arn: `arn:aws:iam::${ACCOUNT}:role/service-role/deployer`,
        accountId: ACCOUNT,
        userName: 'deployer',
      },
      webIdFederationData: {},
      attributes: { creationDate: assumed.eventTime, mfaAuthenticated: 'true' },
      sourceIdentity: 'alice',
    },
  });
  t.equal(ecsRecord.awsRegion, 'eu-west-1');
});

t.test('role chaining, trust and duration rules', async (t) => {
  const path = await identitiesFile(t, {
    identities: [
      { accessKeyId: 'AKIAJ7EXAMPLEUSER001', type: 'IAMUser', accountId: '111122223333', userName: 'alice' },
      { accessKeyId: 'AKIAJ7EXAMPLEUSER002', type: 'IAMUser', accountId: '111122223333', userName: 'bob' },
    ],
    roles: [
      { arn: 'arn:aws:iam::444455556666:role/cross', trustedPrincipals: ['arn:aws:iam::111122223333:user/alice'], maxSessionDuration: 7200 },
      { arn: 'arn:aws:iam::111122223333:role/local' },
    ],
  });
  const emu = await startTestEmulator(t, { identitiesFile: path });
  const alice = stsClient(t, emu.url, 'AKIAJ7EXAMPLEUSER001');
  const bob = stsClient(t, emu.url, 'AKIAJ7EXAMPLEUSER002');

  const cross = await alice.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444455556666:role/cross', RoleSessionName: 'xx', DurationSeconds: 7200 }));
  t.equal(cross.AssumedRoleUser?.Arn, 'arn:aws:sts::444455556666:assumed-role/cross/xx', 'a declared trust admits another account');
  const denied = await fail(bob.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444455556666:role/cross', RoleSessionName: 'xx' })));
  t.equal(denied?.name, 'AccessDenied');
  t.equal(denied?.$metadata.httpStatusCode, 403);
  t.equal(denied?.message, 'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/cross');
  const foreign = await fail(bob.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/undeclared', RoleSessionName: 'xx' })));
  t.equal(foreign?.name, 'AccessDenied', 'an undeclared role of another account is not assumable');
  const typo = await fail(bob.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam:111122223333:role/typo', RoleSessionName: 'xx' })));
  t.equal(typo?.name, 'AccessDenied', 'a malformed ARN reads as a denial');

  const tooLong = await fail(bob.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/local', RoleSessionName: 'xx', DurationSeconds: 7200 })));
  t.equal(tooLong?.name, 'ValidationError');
  t.equal(tooLong?.message, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const range = await fail(bob.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/local', RoleSessionName: 'xx', DurationSeconds: 60 })));
  t.equal(range?.message, "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");

  const first = await bob.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/local', RoleSessionName: 'one', SourceIdentity: 'bob' }));
  const session = stsClient(t, emu.url, first.Credentials!.AccessKeyId!, first.Credentials!.SecretAccessKey, first.Credentials!.SessionToken);
  const chainedTooLong = await fail(session.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/local', RoleSessionName: 'two', DurationSeconds: 3601 })));
  t.equal(chainedTooLong?.name, 'ValidationError', 'role chaining: one hour at most');
  t.equal(chainedTooLong?.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  const chained = await session.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/local', RoleSessionName: 'two' }));
  t.equal(chained.SourceIdentity, 'bob', 'the source identity follows the chain');
  const noSessionToken = await fail(session.send(new GetSessionTokenCommand({})));
  t.equal(noSessionToken?.name, 'AccessDenied');
  t.equal(noSessionToken?.message, 'Cannot call GetSessionToken with session credentials');

  const badPolicy = await fail(bob.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/local', RoleSessionName: 'pp', Policy: '{not json' })));
  // The wire code is MalformedPolicyDocument; the SDK's model maps it to its exception class.
  t.equal(badPolicy?.name, 'MalformedPolicyDocumentException');
  t.equal(badPolicy?.$metadata.httpStatusCode, 400);

  const records = await emu.records();
  const deniedRecord = recordFor(records, denied?.$metadata.requestId);
  t.same([deniedRecord.errorCode, deniedRecord.errorMessage, deniedRecord.responseElements], ['AccessDenied', denied?.message, null], 'refusals are recorded');
  t.equal(deniedRecord.recipientAccountId, '111122223333', "in the caller's account");
  t.equal(recordFor(records, badPolicy?.$metadata.requestId).errorCode, 'MalformedPolicyDocument');
});

t.test('GetSessionToken, GetFederationToken and GetAccessKeyInfo', async (t) => {
  const emu = await startTestEmulator(t);
  const sts = stsClient(t, emu.url, 'AKIAIOSFODNN7EXAMPLE');
  const session = await sts.send(new GetSessionTokenCommand({ SerialNumber: 'arn:aws:iam::123456789012:mfa/me', TokenCode: '123456' }));
  const lifetime = session.Credentials!.Expiration!.getTime() - Date.now();
  t.ok(lifetime > 43_190_000 && lifetime <= 43_200_000, 'an IAM user session lasts 12 hours by default');
  const asSession = ecsClient(t, emu.url, session.Credentials!);
  const listed = await asSession.send(new ListClustersCommand({}));

  const fed = await sts.send(new GetFederationTokenCommand({ Name: 'contractor', Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }));
  t.equal(fed.FederatedUser?.Arn, `arn:aws:sts::${ACCOUNT}:federated-user/contractor`);
  t.equal(fed.FederatedUser?.FederatedUserId, `${ACCOUNT}:contractor`);
  t.type(fed.PackedPolicySize, 'number');
  const asFederated = ecsClient(t, emu.url, fed.Credentials!);
  const fedCall = await asFederated.send(new ListClustersCommand({}));

  const info = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: session.Credentials!.AccessKeyId }));
  t.equal(info.Account, ACCOUNT);
  const encoded = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'ASIAQNZGKIQY56JQ7WML' }));
  t.equal(encoded.Account, accountOfId('ASIAQNZGKIQY56JQ7WML'), 'the account an AWS key encodes');

  const records = await emu.records();
  const userSession = recordFor(records, listed.$metadata.requestId).userIdentity;
  t.same(userSession, {
    type: 'IAMUser',
    principalId: userSession.principalId,
    arn: `arn:aws:iam::${ACCOUNT}:user/${userSession.userName}`,
    accountId: ACCOUNT,
    accessKeyId: session.Credentials!.AccessKeyId,
    userName: userSession.userName,
    sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: userSession.sessionContext.attributes.creationDate, mfaAuthenticated: 'true' } },
  }, 'a GetSessionToken session: the user, the ASIA key, an empty issuer (real 2020–2022 records)');
  const federated = recordFor(records, fedCall.$metadata.requestId).userIdentity;
  t.equal(federated.type, 'FederatedUser');
  t.equal(federated.sessionContext.sessionIssuer.type, 'IAMUser');
  const fedRecord = recordFor(records, fed.$metadata.requestId);
  t.equal(fedRecord.readOnly, false, 'GetFederationToken is not read-only (real 2024 record)');
  t.same(Object.keys(fedRecord.responseElements), ['credentials', 'federatedUser', 'packedPolicySize']);
});

t.test('an action STS does not serve answers as an unknown action, and is not recorded', async (t) => {
  const emu = await startTestEmulator(t);
  const res = await fetch(emu.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=DecodeAuthorizationMessage&Version=2011-06-15&EncodedMessage=abc',
  });
  t.equal(res.status, 400);
  t.equal(res.headers.get('content-type'), 'text/xml');
  const body = await res.text();
  t.match(body, /<Code>InvalidAction<\/Code>/);
  t.match(body, /<Message>Could not find operation DecodeAuthorizationMessage for version 2011-06-15<\/Message>/);
  t.match(body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n  <Error>\n    <Type>Sender<\/Type>/);
  t.notOk((await emu.records()).some((r) => r.requestID === res.headers.get('x-amzn-requestid')));
});
