import t from 'tap';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { startTestEmulator, recordFor } from '../helpers/test-emulator.js';

const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';
const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd';

async function post(url: string, body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

t.test('every error is AWS-shaped: status, x-amzn-ErrorType, {__type, message}, x-amzn-RequestId', async (t) => {
  const { url } = await startTestEmulator(t);
  const cases: Array<{ name: string; body: string; headers: Record<string, string>; status: number; code: string }> = [
    {
      name: 'malformed JSON',
      body: '{"clusterName":',
      headers: { 'x-amz-target': `${ECS_TARGET}.CreateCluster`, 'content-type': 'application/x-amz-json-1.1' },
      status: 400,
      code: 'SerializationException',
    },
    {
      name: 'a JSON array body',
      body: '[1,2]',
      headers: { 'x-amz-target': `${ECS_TARGET}.CreateCluster`, 'content-type': 'application/x-amz-json-1.1' },
      status: 400,
      code: 'SerializationException',
    },
    {
      name: 'wrong member type',
      body: '{"maxResults":"ten"}',
      headers: { 'x-amz-target': `${ECS_TARGET}.ListClusters`, 'content-type': 'application/x-amz-json-1.1' },
      status: 400,
      code: 'SerializationException',
    },
    {
      name: 'unknown operation',
      body: '{}',
      headers: { 'x-amz-target': `${ECS_TARGET}.MakeCoffee`, 'content-type': 'application/x-amz-json-1.1' },
      status: 400,
      code: 'UnknownOperationException',
    },
    {
      name: 'no target',
      body: '{}',
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      status: 400,
      code: 'UnknownOperationException',
    },
    {
      name: 'unsupported content type',
      body: '{}',
      headers: { 'x-amz-target': `${ECS_TARGET}.ListClusters`, 'content-type': 'text/plain' },
      status: 415,
      code: 'UnsupportedMediaTypeException',
    },
    {
      name: 'oversized body',
      body: JSON.stringify({ clusterName: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'x-amz-target': `${ECS_TARGET}.CreateCluster`, 'content-type': 'application/x-amz-json-1.1' },
      status: 413,
      code: 'SerializationException',
    },
    {
      name: 'malformed Authorization',
      body: '{}',
      headers: {
        'x-amz-target': `${ECS_TARGET}.ListClusters`,
        'content-type': 'application/x-amz-json-1.1',
        authorization: 'AWS4-HMAC-SHA256 garbage',
      },
      status: 400,
      code: 'IncompleteSignatureException',
    },
    {
      name: 'missing required member',
      body: '{}',
      headers: { 'x-amz-target': `${ECS_TARGET}.TagResource`, 'content-type': 'application/x-amz-json-1.1' },
      status: 400,
      code: 'InvalidParameterException',
    },
  ];
  for (const c of cases) {
    const res = await post(url, c.body, c.headers);
    t.equal(res.status, c.status, `${c.name}: status`);
    t.equal(res.headers.get('x-amzn-errortype'), c.code, `${c.name}: x-amzn-ErrorType`);
    t.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1', `${c.name}: content type`);
    const body = JSON.parse(res.text) as { __type: string; message: string };
    t.equal(body.__type, c.code, `${c.name}: __type`);
    t.type(body.message, 'string', `${c.name}: message`);
    t.notOk('statusCode' in body || 'error' in body, `${c.name}: no Fastify-shaped fields`);
  }
});

t.test('an empty body means {} and application/json is accepted', async (t) => {
  const { url } = await startTestEmulator(t);
  for (const type of ['application/x-amz-json-1.1', 'application/json']) {
    const res = await post(url, '', { 'x-amz-target': `${ECS_TARGET}.ListClusters`, 'content-type': type, authorization: SIGNED });
    t.equal(res.status, 200, type);
    t.same(JSON.parse(res.text), { clusterArns: [] });
    t.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  }
});

t.test('__proto__ in a body cannot reach any prototype', async (t) => {
  const { url } = await startTestEmulator(t);
  const res = await post(url, '{"clusterName":"p","__proto__":{"polluted":true},"tags":[{"key":"k","value":"v","__proto__":{"x":1}}]}', {
    'x-amz-target': `${ECS_TARGET}.CreateCluster`,
    'content-type': 'application/x-amz-json-1.1',
  });
  t.equal(res.status, 200);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('a member given as JSON null is not set; a null inside a list or map is refused', async (t) => {
  const emu = await startTestEmulator(t);
  await emu.ecs.send(new (await import('@aws-sdk/client-ecs')).CreateClusterCommand({}));
  const headers = (op: string) => ({ 'x-amz-target': `${ECS_TARGET}.${op}`, 'content-type': 'application/x-amz-json-1.1', authorization: SIGNED });
  // Every operation whose handler reads a cluster reference, with that reference null.
  for (const [op, body] of [
    ['ListServices', '{"cluster":null,"maxResults":null,"launchType":null}'],
    ['ListTasks', '{"cluster":null,"serviceName":null}'],
    ['DescribeClusters', '{"clusters":null,"include":null}'],
    ['ListClusters', '{"nextToken":null}'],
  ] as const) {
    const res = await post(emu.url, body, headers(op));
    t.equal(res.status, 200, `${op} ${body}: ${res.text}`);
    const rec = recordFor(await emu.records(), res.headers.get('x-amzn-requestid') ?? undefined);
    t.notOk(Object.values(rec.requestParameters ?? {}).includes(null), `${op}: the record shows no null member`);
  }
  const described = JSON.parse((await post(emu.url, '{"clusters":null}', headers('DescribeClusters'))).text);
  t.equal(described.clusters[0].clusterName, 'default', 'a null cluster list is the default cluster, as an absent one');
  for (const [op, body, path] of [
    ['DescribeClusters', '{"clusters":[null]}', 'clusters'],
    ['CreateCluster', '{"clusterName":"n","tags":[{"key":"k","value":"v"},null]}', 'tags'],
    ['RegisterTaskDefinition', '{"family":"f","containerDefinitions":[{"name":"c","image":"i","dockerLabels":{"a":null}}]}', 'containerDefinitions[0].dockerLabels'],
  ] as const) {
    const res = await post(emu.url, body, headers(op));
    t.equal(res.status, 400, `${op} ${body}`);
    t.equal(res.headers.get('x-amzn-errortype'), 'SerializationException');
    t.match(JSON.parse(res.text).message, path);
  }
});

t.test('non-AWS routes answer AWS-shaped 404s; admin routes work', async (t) => {
  const emu = await startTestEmulator(t);
  const res = await fetch(`${emu.url}/nope`);
  t.equal(res.status, 404);
  t.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  await emu.ecs.send(new ListClustersCommand({}));
  const health = (await (await fetch(`${emu.url}/_ecs-trail/health`)).json()) as Record<string, any>;
  t.equal(health.status, 'running');
  t.match(health.version, /^\d+\.\d+\.\d+/);
  t.equal(health.trail.recordsWritten, 1);
  const flush = await fetch(`${emu.url}/_ecs-trail/flush`, { method: 'POST', headers: { 'x-ecs-trail-token': 'any' } });
  t.same(await flush.json(), { flushed: true, filesDelivered: 1 });
});

t.test('reset wipes state', async (t) => {
  const emu = await startTestEmulator(t);
  await emu.ecs.send(new (await import('@aws-sdk/client-ecs')).CreateClusterCommand({ clusterName: 'x' }));
  const reset = await fetch(`${emu.url}/_ecs-trail/reset`, { method: 'POST', headers: { 'x-ecs-trail-token': 'any' } });
  t.equal(reset.status, 200);
  t.same((await emu.ecs.send(new ListClustersCommand({}))).clusterArns, []);
});

t.test('the region comes from the SigV4 credential scope', async (t) => {
  const emu = await startTestEmulator(t);
  const eu = emu.client('AKIAIOSFODNN7EXAMPLE', 'eu-west-1');
  const out = await eu.send(new ListClustersCommand({}));
  const rec = recordFor(await emu.records(), out.$metadata.requestId);
  t.equal(rec.awsRegion, 'eu-west-1');
  t.equal(rec.tlsDetails.clientProvidedHostHeader, 'ecs.eu-west-1.amazonaws.com');
});

t.test('SDK v3 honours AWS_ENDPOINT_URL_ECS', async (t) => {
  const emu = await startTestEmulator(t);
  const saved = process.env.AWS_ENDPOINT_URL_ECS;
  process.env.AWS_ENDPOINT_URL_ECS = emu.url;
  t.teardown(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ECS;
    else process.env.AWS_ENDPOINT_URL_ECS = saved;
  });
  const client = new ECSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
  t.teardown(() => client.destroy());
  const out = await client.send(new ListClustersCommand({}));
  t.same(out.clusterArns, []);
});

t.test('a signed call to an operation the service does not have is answered and not recorded (no NotImplemented record)', async (t) => {
  const emu = await startTestEmulator(t);
  const headers = (target: string) => ({ 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', authorization: SIGNED });
  const known = await post(emu.url, '{}', headers(`${ECS_TARGET}.ListClusters`));
  const unknown = [
    await post(emu.url, '{}', headers(`${ECS_TARGET}.MakeCoffee`)),
    await post(emu.url, '{}', headers('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.MakeCoffee')),
  ];
  for (const res of unknown) {
    t.equal(res.status, 400);
    t.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  }
  const records = await emu.records();
  t.ok(recordFor(records, known.headers.get('x-amzn-requestid')!), 'the known call of the same caller is recorded');
  for (const res of unknown) {
    t.notOk(records.some((r) => r.requestID === res.headers.get('x-amzn-requestid')), 'no record for an operation the API does not define');
  }
  t.notOk(records.some((r) => r.errorCode === 'NotImplemented' || r.eventName === 'MakeCoffee'), 'no NotImplemented, no invented eventName');
  t.equal(records.length, 1);
});
