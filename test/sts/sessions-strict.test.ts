import t from 'tap';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type STSServiceException } from '@aws-sdk/client-sts';
import { CreateClusterCommand, ECSClient, ListClustersCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HashConstructor } from '@smithy/types';
import { ManualClock } from '../../emulator/index.js';
import { startTestEmulator, type TestContext } from '../helpers/test-emulator.js';
import { identitiesFile } from './sts-helpers.js';

const ALICE = { accessKeyId: 'AKIAJ7EXAMPLEUSER001', secretAccessKey: 'alice-secret' };
const IDENTITIES = {
  identities: [{ ...ALICE, type: 'IAMUser', accountId: '111122223333', userName: 'alice' }],
  roles: [{ arn: 'arn:aws:iam::111122223333:role/deployer' }],
};

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined };

function clients(t: TestContext, url: string, creds: Creds, clock?: ManualClock) {
  // The SDK signs with its own clock: shift it to the emulator's when the test moves time.
  const systemClockOffset = clock ? clock.now() - Date.now() : 0;
  const sts = new STSClient({ region: 'us-east-1', endpoint: url, credentials: creds, maxAttempts: 1, systemClockOffset });
  const ecs = new ECSClient({ region: 'us-east-1', endpoint: url, credentials: creds, maxAttempts: 1, systemClockOffset });
  t.teardown(() => {
    sts.destroy();
    ecs.destroy();
  });
  return { sts, ecs };
}

const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException | STSServiceException);

t.test('strict mode verifies STS session credentials: secret and session token', async (t) => {
  const emu = await startTestEmulator(t, { auth: 'strict', identitiesFile: await identitiesFile(t, IDENTITIES) });
  const alice = clients(t, emu.url, ALICE);
  const out = await alice.sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/deployer', RoleSessionName: 'ci' }));
  const c = out.Credentials!;
  const good = clients(t, emu.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken });
  t.ok(await good.ecs.send(new CreateClusterCommand({ clusterName: 'strict-session' })));
  t.equal((await good.sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:sts::111122223333:assumed-role/deployer/ci');

  const wrongSecret = clients(t, emu.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: 'guess', sessionToken: c.SessionToken });
  t.equal((await fail(wrongSecret.ecs.send(new ListClustersCommand({}))))?.name, 'InvalidSignatureException');
  t.equal((await fail(wrongSecret.sts.send(new GetCallerIdentityCommand({}))))?.name, 'SignatureDoesNotMatch', "STS's own code for a bad signature");
  const noToken = clients(t, emu.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey! });
  t.equal((await fail(noToken.ecs.send(new ListClustersCommand({}))))?.name, 'UnrecognizedClientException');
  const stsNoToken = await fail(noToken.sts.send(new GetCallerIdentityCommand({})));
  t.equal(stsNoToken?.name, 'InvalidClientTokenId');
  t.equal(stsNoToken?.$metadata.httpStatusCode, 403);
  const undeclaredRole = await fail(alice.sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/undeclared', RoleSessionName: 'ci' })));
  t.equal(undeclaredRole?.name, 'AccessDenied', 'strict: only declared roles');
});

for (const auth of ['lenient', 'strict'] as const) {
  t.test(`${auth}: expired temporary credentials get ExpiredTokenException (ECS) and ExpiredToken (STS)`, async (t) => {
    const clock = new ManualClock(Date.now());
    const emu = await startTestEmulator(t, { auth, clock, identitiesFile: await identitiesFile(t, IDENTITIES) });
    const out = await clients(t, emu.url, ALICE, clock).sts.send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/deployer', RoleSessionName: 'short', DurationSeconds: 900 }),
    );
    const c = out.Credentials!;
    const creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
    t.ok(await clients(t, emu.url, creds, clock).ecs.send(new ListClustersCommand({})), 'works before expiry');
    clock.advance(901_000);
    const late = clients(t, emu.url, creds, clock);
    const ecsErr = await fail(late.ecs.send(new ListClustersCommand({})));
    t.equal(ecsErr?.name, 'ExpiredTokenException');
    t.equal(ecsErr?.message, 'The security token included in the request is expired');
    t.equal(ecsErr?.$metadata.httpStatusCode, 400);
    const stsErr = await fail(late.sts.send(new GetCallerIdentityCommand({})));
    t.equal(stsErr?.name, 'ExpiredToken');
    t.equal(stsErr?.$metadata.httpStatusCode, 403);
    const records = await emu.records();
    t.notOk(records.some((r) => r.requestID === ecsErr?.$metadata.requestId), 'an expired token does not authenticate: no record');
  });

  t.test(`${auth}: a SigV4 scope naming no AWS Region is refused (xx-fake-9)`, async (t) => {
    const emu = await startTestEmulator(t, { auth, identitiesFile: await identitiesFile(t, IDENTITIES) });
    const ecs = new ECSClient({ region: 'xx-fake-9', endpoint: emu.url, credentials: ALICE, maxAttempts: 1 });
    const sts = new STSClient({ region: 'xx-fake-9', endpoint: emu.url, credentials: ALICE, maxAttempts: 1 });
    t.teardown(() => {
      ecs.destroy();
      sts.destroy();
    });
    const ecsErr = await fail(ecs.send(new CreateClusterCommand({ clusterName: 'nowhere' })));
    t.equal(ecsErr?.name, 'InvalidSignatureException');
    t.equal(ecsErr?.message, "Credential should be scoped to a valid region, not 'xx-fake-9'. ");
    const stsErr = await fail(sts.send(new GetCallerIdentityCommand({})));
    t.equal(stsErr?.name, 'SignatureDoesNotMatch');
    t.equal(stsErr?.$metadata.httpStatusCode, 403);
    const records = await emu.records();
    t.notOk(records.some((r) => r.awsRegion === 'xx-fake-9'), 'no record, no folder for an invented region');
    t.equal([...emu.running.emulator.stores.entries()].length, 0, 'no state either');
  });
}

/** node:crypto behind the hash interface the signer wants. */
class Sha256 {
  #h: Hash | Hmac;
  constructor(secret?: string | Uint8Array) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array): void {
    this.#h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
}

/** A request signed by hand, so that the test can change it after signing. */
async function signedRequest(url: string, creds: Creds, body: string, extraHeaders: Record<string, string> = {}) {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'ecs', sha256: Sha256 as unknown as HashConstructor });
  return signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    headers: {
      host: u.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster',
      ...extraHeaders,
    },
    body,
  });
}

t.test('strict SigV4 checks the payload: a body changed after signing, or UNSIGNED-PAYLOAD, is refused', async (t) => {
  const emu = await startTestEmulator(t, { auth: 'strict', identitiesFile: await identitiesFile(t, IDENTITIES) });
  const send = (req: Awaited<ReturnType<typeof signedRequest>>, body: string) =>
    fetch(emu.url, { method: 'POST', headers: req.headers as Record<string, string>, body });

  const original = '{"clusterName":"signed"}';
  const honest = await signedRequest(emu.url, ALICE, original);
  t.equal((await send(honest, original)).status, 200, 'the body as signed is accepted');

  const withHash = await signedRequest(emu.url, ALICE, original, { 'x-amz-content-sha256': createHash('sha256').update(original).digest('hex') });
  const tampered = await send(withHash, '{"clusterName":"tampered"}');
  t.equal(tampered.status, 400);
  t.equal(tampered.headers.get('x-amzn-errortype'), 'InvalidSignatureException', 'X-Amz-Content-SHA256 of one body, another body: refused');

  const noHashHeader = await signedRequest(emu.url, ALICE, original);
  const tamperedPlain = await send(noHashHeader, '{"clusterName":"tampered2"}');
  t.equal(tamperedPlain.headers.get('x-amzn-errortype'), 'InvalidSignatureException', 'without the header the signature covers the body');

  const unsignedPayload = await signedRequest(emu.url, ALICE, original, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
  t.equal((await send(unsignedPayload, original)).headers.get('x-amzn-errortype'), 'InvalidSignatureException', 'UNSIGNED-PAYLOAD is for S3 only');

  const records = await emu.records();
  t.notOk(records.some((r) => r.eventName === 'CreateCluster' && !r.errorCode && r.requestParameters?.clusterName !== 'signed'), 'no tampered cluster was created');
});
