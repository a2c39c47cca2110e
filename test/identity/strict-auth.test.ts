import t from 'tap';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECSClient, ListClustersCommand, CreateClusterCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { startTestEmulator, recordFor, listLogFiles } from '../helpers/test-emulator.js';

const IDENTITIES = `
identities:
  - accessKeyId: AKIAJ7EXAMPLEUSER001
    secretAccessKey: user-secret
    type: IAMUser
    accountId: "111122223333"
    userName: alice
  - accessKeyId: ASIAJ7EXAMPLEROLE001
    secretAccessKey: role-secret
    sessionToken: the-session-token
    type: AssumedRole
    accountId: "444455556666"
    roleName: deployer
    sessionName: ci
`;

async function identitiesFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-ids-'));
  const path = join(dir, 'identities.yaml');
  await writeFile(path, IDENTITIES);
  return path;
}

function client(url: string, accessKeyId: string, secretAccessKey: string, sessionToken?: string): ECSClient {
  return new ECSClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId, secretAccessKey, sessionToken }, maxAttempts: 1 });
}

t.test('strict mode verifies SigV4 signatures with the declared secrets', async (t) => {
  const emu = await startTestEmulator(t, { auth: 'strict', identitiesFile: await identitiesFile() });
  const good = client(emu.url, 'AKIAJ7EXAMPLEUSER001', 'user-secret');
  const bad = client(emu.url, 'AKIAJ7EXAMPLEUSER001', 'not-the-secret');
  const unknown = client(emu.url, 'AKIAJ7EXAMPLEOTHER01', 'x');
  const role = client(emu.url, 'ASIAJ7EXAMPLEROLE001', 'role-secret', 'the-session-token');
  const roleNoToken = client(emu.url, 'ASIAJ7EXAMPLEROLE001', 'role-secret');
  t.teardown(() => [good, bad, unknown, role, roleNoToken].forEach((c) => c.destroy()));

  const ok = await good.send(new CreateClusterCommand({ clusterName: 'signed' }));
  t.equal(ok.cluster?.clusterArn, 'arn:aws:ecs:us-east-1:111122223333:cluster/signed');
  t.ok(await role.send(new ListClustersCommand({})));

  const badSig = (await bad.send(new ListClustersCommand({})).catch((e: unknown) => e)) as ECSServiceException;
  t.equal(badSig.name, 'InvalidSignatureException');
  t.match(badSig.message, /^The request signature we calculated does not match the signature you provided/);
  t.equal(badSig.$metadata.httpStatusCode, 400);

  const unk = (await unknown.send(new ListClustersCommand({})).catch((e: unknown) => e)) as ECSServiceException;
  t.equal(unk.name, 'UnrecognizedClientException');
  t.equal(unk.message, 'The security token included in the request is invalid.');

  const noToken = (await roleNoToken.send(new ListClustersCommand({})).catch((e: unknown) => e)) as ECSServiceException;
  t.equal(noToken.name, 'UnrecognizedClientException');

  const unsigned = await fetch(emu.url, {
    method: 'POST',
    headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1' },
    body: '{}',
  });
  t.equal(unsigned.status, 400);
  t.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');

  const records = await emu.records();
  const failed = recordFor(records, badSig.$metadata.requestId);
  t.equal(failed.errorCode, 'InvalidSignatureException', 'a known key with a bad signature is recorded');
  t.equal(failed.userIdentity.userName, 'alice');
  t.equal(failed.responseElements, null);
  t.notOk(records.some((r) => r.requestID === unk.$metadata.requestId), 'an unknown key cannot be attributed: no record');
  const files = await listLogFiles(emu.trailDir);
  t.ok(files.every((f) => /^AWSLogs\/(111122223333|444455556666)\//.test(f)), 'nothing lands in the default account');
});

t.test('strict mode refuses to start without secrets or without an identities file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-ids-'));
  const path = join(dir, 'no-secret.yaml');
  await writeFile(path, 'identities:\n  - accessKeyId: AKIAJ7EXAMPLEUSER001\n    type: IAMUser\n    userName: bob\n');
  await t.rejects(startTestEmulator(t, { auth: 'strict', identitiesFile: path }), /has no secretAccessKey/);
  await t.rejects(startTestEmulator(t, { auth: 'strict' }), /needs an --identities file/);
});

t.test('strict mode: a signature more than 5 minutes off is refused', async (t) => {
  const skewed = { now: () => Date.now() + 10 * 60 * 1000 };
  const emu = await startTestEmulator(t, { auth: 'strict', identitiesFile: await identitiesFile(), clock: skewed });
  const c = client(emu.url, 'AKIAJ7EXAMPLEUSER001', 'user-secret');
  t.teardown(() => c.destroy());
  const err = (await c.send(new ListClustersCommand({})).catch((e: unknown) => e)) as ECSServiceException;
  t.equal(err.name, 'InvalidSignatureException');
  t.match(err.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
});
