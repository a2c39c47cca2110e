import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { AssumeRoleWithWebIdentityCommand, STSClient, type STSServiceException } from '@aws-sdk/client-sts';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { recordFor, startTestEmulator, type TestContext } from '../helpers/test-emulator.js';
import { githubClaims, identitiesFile, tokenIssuer } from './sts-helpers.js';

const ROLE = 'arn:aws:iam::444455556666:role/github-deploy';
const PROVIDER_ARN = 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com';

/** AssumeRoleWithWebIdentity is unsigned: the SDK sends it without credentials, as GitHub Actions' action does. */
function sts(t: TestContext, url: string): STSClient {
  const c = new STSClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
  t.teardown(() => c.destroy());
  return c;
}

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as STSServiceException);

t.test('lenient: a GitHub Actions token gives a role session; the call is recorded as the WebIdentityUser; ECS calls show webIdFederationData', async (t) => {
  const issuer = tokenIssuer();
  const emu = await startTestEmulator(t);
  const token = issuer.token(githubClaims());
  const out = await sts(t, emu.url).send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'GitHubActions', WebIdentityToken: token, DurationSeconds: 900 }),
  );
  t.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::444455556666:assumed-role/github-deploy/GitHubActions');
  t.equal(out.SubjectFromWebIdentityToken, 'repo:my-org/my-repo:ref:refs/heads/main');
  t.equal(out.Audience, 'sts.amazonaws.com');
  t.equal(out.Provider, PROVIDER_ARN);
  t.match(out.Credentials?.AccessKeyId, /^ASIA/);

  const ecs = new ECSClient({
    region: 'us-west-2',
    endpoint: emu.url,
    maxAttempts: 1,
    credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken },
  });
  t.teardown(() => ecs.destroy());
  const listed = await ecs.send(new ListClustersCommand({}));

  const records = await emu.records();
  const r = recordFor(records, out.$metadata.requestId);
  t.same(r.userIdentity, {
    type: 'WebIdentityUser',
    principalId: `${PROVIDER_ARN}:sts.amazonaws.com:repo:my-org/my-repo:ref:refs/heads/main`,
    userName: 'repo:my-org/my-repo:ref:refs/heads/main',
    identityProvider: PROVIDER_ARN,
  }, 'as the real 2023 record and the IAM user guide 2024 example');
  t.equal(r.recipientAccountId, '444455556666', "delivered to the role's account");
  t.notOk('webIdentityToken' in r.requestParameters, 'the token is not recorded');
  t.same(r.additionalEventData, { identityProviderConnectionVerificationMethod: 'IAMTrustStore' });
  t.same(Object.keys(r.responseElements), ['credentials', 'subjectFromWebIdentityToken', 'assumedRoleUser', 'provider', 'audience']);
  t.equal(r.readOnly, true);
  t.same(r.resources, [{ accountId: '444455556666', type: 'AWS::IAM::Role', ARN: ROLE }]);

  const call = recordFor(records, listed.$metadata.requestId);
  t.same(call.userIdentity.sessionContext.webIdFederationData, { federatedProvider: PROVIDER_ARN, attributes: {} });
  t.equal(call.userIdentity.arn, out.AssumedRoleUser?.Arn);
});

t.test('token checks: not a JWT, expired, audience, declared signature key, trust', async (t) => {
  const issuer = tokenIssuer();
  const path = await identitiesFile(t, {
    roles: [{ arn: ROLE, trustedWebIdentities: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:my-org/my-repo:*' }] }],
    webIdentityProviders: [{ issuer: 'https://token.actions.githubusercontent.com', audiences: ['sts.amazonaws.com'], publicKey: issuer.publicKeyPem }],
  });
  const emu = await startTestEmulator(t, { identitiesFile: path });
  const client = sts(t, emu.url);
  const call = (token: string) => fail(client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: token })));

  const junk = await call('not-a-jwt');
  t.equal(junk?.name, 'InvalidIdentityTokenException');
  t.equal(junk?.$metadata.httpStatusCode, 400);

  const expired = await call(issuer.token(githubClaims(-60)));
  t.equal(expired?.name, 'ExpiredTokenException');
  t.match(expired?.message, /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/);

  const wrongAudience = await call(issuer.token({ ...githubClaims(), aud: 'sigstore' }));
  t.equal(wrongAudience?.name, 'InvalidIdentityTokenException');

  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const forged = await call(issuer.token(githubClaims(), { key: other }));
  t.equal(forged?.name, 'InvalidIdentityTokenException', 'a declared key checks signatures in lenient mode too');

  const otherRepo = await call(issuer.token({ ...githubClaims(), sub: 'repo:evil-org/x:ref:refs/heads/main' }));
  t.equal(otherRepo?.name, 'AccessDenied');
  t.equal(otherRepo?.$metadata.httpStatusCode, 403);
  t.equal(otherRepo?.message, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');

  const ok = await client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: issuer.token(githubClaims()) }));
  t.match(ok.Credentials?.AccessKeyId, /^ASIA/);

  const records = await emu.records();
  t.notOk(records.some((r) => r.requestID === junk?.$metadata.requestId), 'a token naming nobody cannot be attributed: no record');
  const deniedRecord = recordFor(records, otherRepo?.$metadata.requestId);
  t.same(
    [deniedRecord.errorCode, deniedRecord.errorMessage, deniedRecord.userIdentity.userName, deniedRecord.responseElements, 'additionalEventData' in deniedRecord],
    ['AccessDenied', 'An unknown error occurred', 'repo:evil-org/x:ref:refs/heads/main', null, false],
    'the refusal is recorded as in the real 2023 record: AccessDenied, "An unknown error occurred"',
  );
  t.equal(recordFor(records, expired?.$metadata.requestId).errorCode, 'ExpiredTokenException');
});

t.test('strict: only a declared provider with a key, and a role that trusts the token', async (t) => {
  const issuer = tokenIssuer();
  const path = await identitiesFile(t, {
    identities: [{ accessKeyId: 'AKIAJ7EXAMPLEUSER001', secretAccessKey: 's', type: 'IAMUser', userName: 'alice' }],
    roles: [{ arn: ROLE, trustedWebIdentities: [{ issuer: 'https://token.actions.githubusercontent.com', audience: 'sts.amazonaws.com' }] }],
    webIdentityProviders: [{ issuer: 'https://token.actions.githubusercontent.com', publicKey: issuer.publicKeyPem }],
  });
  const emu = await startTestEmulator(t, { identitiesFile: path, auth: 'strict' });
  const client = sts(t, emu.url);
  const ok = await client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: issuer.token(githubClaims()) }));
  t.match(ok.Credentials?.AccessKeyId, /^ASIA/, 'an unsigned call is served in strict mode: the token is the credential');

  const gitlab = await fail(
    client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: issuer.token({ ...githubClaims(), iss: 'https://gitlab.example.com' }) })),
  );
  t.equal(gitlab?.name, 'InvalidIdentityTokenException');
  t.equal(gitlab?.message, 'No OpenIDConnect provider found in your account for https://gitlab.example.com');
  const unsigned = await fail(
    client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: issuer.token(githubClaims(), { sign: false }) })),
  );
  t.equal(unsigned?.name, 'InvalidIdentityTokenException');
  const undeclaredRole = await fail(
    client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::444455556666:role/other', RoleSessionName: 'ci', WebIdentityToken: issuer.token(githubClaims()) })),
  );
  t.equal(undeclaredRole?.name, 'AccessDenied', 'strict: a role nobody declared trusts no token');
});
