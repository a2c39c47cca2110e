import t from 'tap';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import type { DeliveredMessage, HelloMessage, RecordMessage, ResourceSnapshot, TrailEntry } from '../../server/dashboard/wire.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';
import { openEventStream } from './event-stream-reader.js';

const API = '/_ecs-trail/api';
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'] } };
const clusterIn = (s: ResourceSnapshot, name: string) => s.scopes.flatMap((x) => x.clusters).find((c) => c.name === name);

t.test('the event stream sends calls, resources and deliveries as they happen', async (t) => {
  // A clock that stays inside one delivery window: nothing is delivered until the test flushes.
  const emu = await startTestEmulator(t, { clock: new ManualClock(Date.UTC(2026, 2, 2, 9, 40, 5)) });
  const stream = await openEventStream(`${emu.url}${API}/events`);
  t.teardown(() => stream.close());

  const hello = await stream.next<HelloMessage>('hello');
  t.same(hello.entries, [], 'nothing in the feed before the first call');
  t.same(hello.resources.scopes, []);
  t.equal(hello.trailFolder, emu.trailDir);

  const created = await emu.ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
  const calls = await stream.next<TrailEntry[]>('calls', (b) => b.some((e) => e.operation === 'CreateCluster'));
  const entry = calls.find((e) => e.operation === 'CreateCluster')!;
  t.match(entry, {
    accountId: '123456789012',
    region: 'us-east-1',
    identity: /^arn:aws:iam::123456789012:user\//,
    resource: 'cluster/demo',
    readOnly: false,
    eventSource: 'ecs.amazonaws.com',
  });
  t.notOk(entry.errorCode);
  t.notOk(entry.fileKey, 'not delivered yet');

  const resources = await stream.next<ResourceSnapshot>('resources', (s) => clusterIn(s, 'demo') !== undefined);
  t.match(clusterIn(resources, 'demo'), { status: 'ACTIVE', arn: created.cluster!.clusterArn, services: [], tasks: [] });
  // Nothing changes now: the clock ticks on, but no snapshot is sent again.
  const sent = stream.count('resources');
  await stream.upcoming<number>('clock');
  const clock = await stream.upcoming<number>('clock');
  t.ok(clock >= resources.now, 'the clock event carries the emulator time');
  t.equal(stream.count('resources'), sent, 'no resources event while nothing changed');

  // An error is in the feed with its code; a read-only call is marked so.
  const missing = await emu.ecs.send(new DescribeClustersCommand({ clusters: ['demo'] }));
  t.equal(missing.clusters!.length, 1);
  await emu.ecs.send(new StopTaskCommand({ cluster: 'nope', task: 'abc' })).catch(() => undefined);
  const more = await stream.next<TrailEntry[]>('calls', (b) => b.some((e) => e.operation === 'StopTask'));
  t.match(more.find((e) => e.operation === 'StopTask'), { errorCode: 'ClusterNotFoundException', readOnly: false });
  const describe = (await stream.next<TrailEntry[]>('calls', (b) => b.some((e) => e.operation === 'DescribeClusters')))
    .find((e) => e.operation === 'DescribeClusters')!;
  t.equal(describe.readOnly, true);

  // The whole record, as the file will hold it.
  const res = await fetch(`${emu.url}${API}/records/${entry.eventId}`);
  t.equal(res.status, 200);
  const msg = (await res.json()) as RecordMessage;
  t.equal(msg.entry.eventId, entry.eventId);

  const records = await emu.records();
  t.same(msg.record, recordFor(records, created.$metadata.requestId), 'same record as in the delivered file');

  const delivered = await stream.next<DeliveredMessage>('delivered', (d) => d.eventIds.includes(entry.eventId));
  t.match(delivered.key, /^AWSLogs\/123456789012\/CloudTrail\/us-east-1\/\d{4}\/\d{2}\/\d{2}\/.+\.json\.gz$/);
  const after = (await (await fetch(`${emu.url}${API}/records/${entry.eventId}`)).json()) as RecordMessage;
  t.equal(after.entry.fileKey, delivered.key, 'the record now names its file');

  const file = await fetch(`${emu.url}${API}/files/${delivered.key}`);
  t.equal(file.status, 200);
  t.match(file.headers.get('content-type'), /^application\/json/);
  const doc = (await file.json()) as { Records: { eventID: string }[] };
  t.ok(doc.Records.some((r) => r.eventID === entry.eventId));
  const gz = await fetch(`${emu.url}${API}/files/${delivered.key}?gz`);
  t.match(gz.headers.get('content-disposition'), /^attachment; filename=".+\.json\.gz"$/);
  t.same(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')), doc);

  const trail = (await (await fetch(`${emu.url}${API}/trail`)).json()) as { entries: TrailEntry[]; minutes: { errors: number }[] };
  t.same(trail.entries.map((e) => e.operation), ['CreateCluster', 'DescribeClusters', 'StopTask']);
  t.equal(trail.minutes.reduce((n, m) => n + m.errors, 0), 1);
});

t.test('unknown records and files are 404s; nothing outside the delivered files is served', async (t) => {
  const emu = await startTestEmulator(t);
  t.equal((await fetch(`${emu.url}${API}/records/00000000-0000-0000-0000-000000000000`)).status, 404);
  for (const key of ['AWSLogs/123456789012/x.json.gz', '..%2F..%2Fetc%2Fpasswd', '.ecs-trail/journal/0']) {
    t.equal((await fetch(`${emu.url}${API}/files/${key}`)).status, 404, key);
  }
  // Only GETs: nothing under the dashboard's API accepts a change (and a POST without the admin
  // header is refused before routing).
  const post = await fetch(`${emu.url}${API}/events`, { method: 'POST', body: '{}', headers: { 'x-ecs-trail-token': 'any' } });
  t.equal(post.status, 404);
  t.equal(post.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  t.equal((await fetch(`${emu.url}${API}/events`, { method: 'POST', body: '{}' })).status, 403);
});

const pageBuilt = existsSync(fileURLToPath(new URL('../../dist/dashboard/index.html', import.meta.url)));

t.test('the page and its assets are served under /_ecs-trail/', { skip: pageBuilt ? false : 'dist/dashboard is not built (npm run build)' }, async (t) => {
  const emu = await startTestEmulator(t);
  const redirect = await fetch(`${emu.url}/_ecs-trail`, { redirect: 'manual' });
  t.equal(redirect.status, 302);
  t.equal(redirect.headers.get('location'), '/_ecs-trail/');
  await redirect.arrayBuffer();
  const page = await fetch(`${emu.url}/_ecs-trail/`);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-type'), /^text\/html/);
  const html = await page.text();
  const assets = [...html.matchAll(/(?:src|href)="(\/_ecs-trail\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  t.ok(assets.some((a) => a.endsWith('.js')), 'a bundled script, no CDN');
  t.notMatch(html, /https?:\/\//, 'nothing loaded from elsewhere');
  for (const a of assets) {
    const res = await fetch(`${emu.url}${a}`);
    t.equal(res.status, 200, a);
    // Read it all: an unread 200 KB body keeps the connection busy and the server from closing.
    t.ok((await res.arrayBuffer()).byteLength > 0);
  }
  const unknown = await fetch(`${emu.url}/_ecs-trail/nope.js`);
  t.equal(unknown.status, 404);
  t.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  await unknown.arrayBuffer();
});

t.test('reading resources changes nothing: long-stopped tasks are hidden, not forgotten', async (t) => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
  const emu = await startTestEmulator(t, { clock });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
  await emu.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'job',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'main', image: 'busybox' }],
    }),
  );
  const run = await emu.ecs.send(
    new RunTaskCommand({ cluster: 'demo', taskDefinition: 'job', launchType: 'FARGATE', networkConfiguration: NETWORK }),
  );
  const taskArn = run.tasks![0]!.taskArn!;
  await emu.ecs.send(
    new CreateServiceCommand({
      cluster: 'demo',
      serviceName: 'api',
      taskDefinition: 'job',
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
    }),
  );
  const resources = async () => (await (await fetch(`${emu.url}${API}/resources`)).json()) as ResourceSnapshot;

  let task = clusterIn(await resources(), 'demo')!.tasks.find((x) => x.arn === taskArn)!;
  t.match(task, { arn: taskArn, lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', taskDefinition: 'job:1' });
  clock.advance(60_000);
  const demo = clusterIn(await resources(), 'demo')!;
  task = demo.tasks.find((x) => x.arn === taskArn)!;
  t.match(task, { lastStatus: 'RUNNING' }, 'status follows the clock with no call in between');
  t.equal(demo.runningTasksCount, 2);
  t.equal(demo.activeServicesCount, 1);
  t.match(demo.services, [
    {
      name: 'api',
      status: 'ACTIVE',
      desiredCount: 1,
      runningCount: 1,
      pendingCount: 0,
      taskDefinition: 'job:1',
      deployments: [{ status: 'PRIMARY', taskDefinition: 'job:1', desiredCount: 1, runningCount: 1, rolloutState: 'COMPLETED' }],
    },
  ]);
  t.match(demo.services[0]!.events[0]?.message, /\(service api\) has reached a steady state\./, 'newest event first');
  t.match(demo.tasks.find((x) => x.arn !== taskArn), { group: 'service:api', lastStatus: 'RUNNING' });

  await emu.ecs.send(new StopTaskCommand({ cluster: 'demo', task: taskArn, reason: 'done' }));
  clock.advance(2 * 60 * 60 * 1000);
  t.notOk(
    clusterIn(await resources(), 'demo')!.tasks.some((x) => x.arn === taskArn),
    'a task stopped over an hour ago is not shown',
  );
  const store = emu.running.emulator.stores.get('123456789012', 'us-east-1');
  t.ok(store.tasks.has(taskArn), 'but the dashboard did not remove it from the store');
  const families = (await resources()).scopes[0]!.taskDefinitions;
  t.match(families, [{ family: 'job', revisions: [{ revision: 1, status: 'ACTIVE', cpu: '256', memory: '512', containers: ['main (busybox)'] }] }]);

  // Each account and region on its own.
  await emu.client('AKIAIOSFODNN7EXAMPLE', 'eu-west-1').send(new CreateClusterCommand({ clusterName: 'eu' }));
  const scopes = (await resources()).scopes;
  t.same(scopes.map((x) => `${x.accountId}/${x.region}`), ['123456789012/eu-west-1', '123456789012/us-east-1']);
  t.same(scopes[0]!.clusters.map((c) => c.name), ['eu']);
  t.same(scopes[0]!.taskDefinitions, []);
});
