import t from 'tap';
import { Writable } from 'node:stream';
import pino from 'pino';
import { CreateClusterCommand, ECSClient, ListClustersCommand, type ECSServiceException } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';
import { identitiesFile } from '../sts/sts-helpers.js';

/** A pino logger whose lines land in an array, for tests of what the server logs. */
function memoryLogger() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info', base: undefined }, stream), lines };
}

const KEYS = ['test', 'testing', 'FOOBARKEY', 'lowercase-key', 'k', 'AKIA' + 'X'.repeat(120)];

t.test('lenient: any access key is accepted and attributed to a stable derived identity; the record keeps the key as sent', async (t) => {
  const emu = await startTestEmulator(t);
  const arns = new Map<string, string>();
  for (const key of KEYS) {
    const ecs = emu.client(key);
    const out = await ecs.send(new CreateClusterCommand({ clusterName: `c-${KEYS.indexOf(key)}` }));
    t.ok(out.cluster, `key "${key.slice(0, 20)}" accepted`);
    const again = await ecs.send(new ListClustersCommand({}));
    const records = await emu.records();
    const first = recordFor(records, out.$metadata.requestId);
    const second = recordFor(records, again.$metadata.requestId);
    t.equal(first.userIdentity.accessKeyId, key, 'userIdentity.accessKeyId is the key the client sent');
    t.same(first.userIdentity, second.userIdentity, 'the same key, the same identity');
    arns.set(key, first.userIdentity.arn);
  }
  t.equal(arns.get('test'), 'arn:aws:iam::123456789012:user/ecs-trail-user-test');
  t.equal(arns.get('FOOBARKEY'), 'arn:aws:iam::123456789012:user/ecs-trail-user-barkey');

  // LocalStack's convention: a twelve-digit key names the account.
  const sts = new STSClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: '000000000000', secretAccessKey: 'test' }, maxAttempts: 1 });
  t.teardown(() => sts.destroy());
  t.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
});

t.test('the identities file may declare such keys; strict mode refuses undeclared ones', async (t) => {
  const path = await identitiesFile(t, {
    identities: [
      { accessKeyId: 'test', secretAccessKey: 'test', type: 'IAMUser', accountId: '111122223333', userName: 'localstack-user' },
      { accessKeyId: 'FOOBARKEY', secretAccessKey: 'FOOBARSECRET', type: 'Root', accountId: '444455556666' },
    ],
  });
  const lenient = await startTestEmulator(t, { identitiesFile: path });
  const c = await lenient.client('test').send(new CreateClusterCommand({ clusterName: 'declared' }));
  t.equal(c.cluster?.clusterArn, 'arn:aws:ecs:us-east-1:111122223333:cluster/declared');

  const strict = await startTestEmulator(t, { identitiesFile: path, auth: 'strict' });
  const ok = new ECSClient({ region: 'us-east-1', endpoint: strict.url, credentials: { accessKeyId: 'FOOBARKEY', secretAccessKey: 'FOOBARSECRET' }, maxAttempts: 1 });
  t.teardown(() => ok.destroy());
  t.equal((await ok.send(new CreateClusterCommand({ clusterName: 'root' }))).cluster?.clusterArn, 'arn:aws:ecs:us-east-1:444455556666:cluster/root');
  const refused = (await strict.client('testing').send(new ListClustersCommand({})).catch((e: unknown) => e)) as ECSServiceException;
  t.equal(refused.name, 'UnrecognizedClientException');
});

t.test('one info line per call with { requestId, service, op, status, err, identity, ms }; a refused call says why, without secrets', async (t) => {
  const { logger, lines } = memoryLogger();
  const path = await identitiesFile(t, { identities: [{ accessKeyId: 'AKIAJ7EXAMPLEUSER001', secretAccessKey: 'top-secret-value', type: 'IAMUser', userName: 'alice' }] });
  const emu = await startTestEmulator(t, { logger, auth: 'strict', identitiesFile: path });
  const good = new ECSClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIAJ7EXAMPLEUSER001', secretAccessKey: 'top-secret-value' }, maxAttempts: 1 });
  const badSecret = new ECSClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIAJ7EXAMPLEUSER001', secretAccessKey: 'wrong-secret-value' }, maxAttempts: 1 });
  t.teardown(() => {
    good.destroy();
    badSecret.destroy();
  });
  const ok = await good.send(new ListClustersCommand({}));
  const unknown = (await emu.client('test').send(new ListClustersCommand({})).catch((e: unknown) => e)) as ECSServiceException;
  const bad = (await badSecret.send(new ListClustersCommand({})).catch((e: unknown) => e)) as ECSServiceException;
  const unsigned = await fetch(emu.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' }, body: '{}' });

  const callLines = lines.filter((l) => l.requestId);
  const byId = (id: string | undefined | null) => callLines.filter((l) => l.requestId === id);
  t.equal(byId(ok.$metadata.requestId).length, 1, 'one line for a call');
  const line = byId(ok.$metadata.requestId)[0]!;
  t.same(
    { level: line.level, service: line.service, op: line.op, status: line.status, identity: line.identity, err: line.err },
    { level: 30, service: 'ecs', op: 'ListClusters', status: 200, identity: 'arn:aws:iam::123456789012:user/alice', err: undefined },
  );
  t.type(line.ms, 'number');

  const refusedUnknown = byId(unknown.$metadata.requestId);
  t.equal(refusedUnknown.length, 1);
  t.same([refusedUnknown[0]!.level, refusedUnknown[0]!.err, refusedUnknown[0]!.status], [30, 'UnrecognizedClientException', 400]);
  t.match(refusedUnknown[0]!.reason, /access key test is not declared/);
  const refusedBad = byId(bad.$metadata.requestId);
  t.equal(refusedBad.length, 1);
  t.match(refusedBad[0]!.reason, /signature does not match/);
  const refusedUnsigned = byId(unsigned.headers.get('x-amzn-requestid'));
  t.equal(refusedUnsigned.length, 1);
  t.match(refusedUnsigned[0]!.reason, /unsigned/);
  const all = JSON.stringify(lines);
  t.notMatch(all, /top-secret-value|wrong-secret-value/, 'no secret in the log');
});
