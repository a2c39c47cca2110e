import t from 'tap';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

/**
 * Members a request sends that the operation's input does not have are dropped before the handler
 * and before the trail (server/protocol/known-members.ts): `requestParameters` holds the API's
 * parameters, as AWS services read only those. Map keys are the caller's data and stay.
 */
const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';
const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd';

async function post(url: string, target: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', authorization: SIGNED },
  });
  return { status: res.status, requestId: res.headers.get('x-amzn-requestid') ?? undefined, json: (await res.json()) as Record<string, any> };
}

t.test('unknown members are neither seen by handlers nor recorded', async (t) => {
  const emu = await startTestEmulator(t);
  const created = await post(emu.url, `${ECS_TARGET}.CreateCluster`, {
    clusterName: 'u',
    bogus: { deep: [1, 2, 3] },
    tags: [{ key: 'team', value: 'a', color: 'red' }],
    settings: [{ name: 'containerInsights', value: 'enabled', extra: true }],
  });
  t.equal(created.status, 200);
  t.same(created.json.cluster.tags, [{ key: 'team', value: 'a' }], 'the handler saw the known members only');
  const rec = recordFor(await emu.records(), created.requestId);
  t.same(rec.requestParameters, {
    clusterName: 'u',
    tags: [{ key: 'team', value: 'a' }],
    settings: [{ name: 'containerInsights', value: 'enabled' }],
  });

  const registered = await post(emu.url, `${ECS_TARGET}.RegisterTaskDefinition`, {
    family: 'f',
    containerDefinitions: [{ name: 'c', image: 'nginx', memory: 128, dockerLabels: { 'any.key': 'v' }, unknownThing: 'x' }],
    notAMember: 1,
  });
  t.equal(registered.status, 200);
  const td = recordFor(await emu.records(), registered.requestId).requestParameters;
  t.same(td.containerDefinitions[0].dockerLabels, { 'any.key': 'v' }, 'map keys are kept');
  t.notOk('unknownThing' in td.containerDefinitions[0], 'an unknown member of a nested structure is dropped');
  t.notOk('notAMember' in td);

  const refused = await post(emu.url, `${ECS_TARGET}.DescribeClusters`, { clusters: 'not-a-list', secret: 'x' });
  t.equal(refused.status, 400);
  t.same(recordFor(await emu.records(), refused.requestId).requestParameters, { clusters: 'not-a-list' }, 'a refused call records its known members as sent');

  const onlyUnknown = await post(emu.url, `${ECS_TARGET}.ListClusters`, { whatever: 1 });
  t.equal(onlyUnknown.status, 200);
  t.equal(recordFor(await emu.records(), onlyUnknown.requestId).requestParameters, null, 'no known member: null, as for an empty request');
});

t.test('CloudTrail calls drop unknown members too', async (t) => {
  const emu = await startTestEmulator(t);
  const ct = new CloudTrailClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
  t.teardown(() => ct.destroy());
  const known = await ct.send(new LookupEventsCommand({ MaxResults: 5 }));
  t.ok(known.$metadata.requestId);
  const res = await post(emu.url, 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', { MaxResults: 5, Bogus: 'x' });
  t.equal(res.status, 200);
  // LookupEvents' own record names its members in lower camel case (docs/cloudtrail-self-events.md).
  t.strictSame(recordFor(await emu.records(), res.requestId).requestParameters, { maxResults: 5 });
});
