import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CloudTrailClient,
  LookupEventsCommand,
  paginateLookupEvents,
  type Event,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, ListClustersCommand, RegisterTaskDefinitionCommand, TagResourceCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { listLogFiles, startTestEmulator, type TestContext, type TestEmulator } from '../helpers/test-emulator.js';
import { awsClientEnv } from '../helpers/aws-clients.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const ACCOUNT = '123456789012';
const DEFAULT_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SESSION_KEY = 'ASIAEXAMPLESESSION01';

function cloudTrail(t: TestContext, emu: TestEmulator, accessKeyId = DEFAULT_KEY, region = 'us-east-1'): CloudTrailClient {
  const c = new CloudTrailClient({
    region,
    endpoint: emu.url,
    credentials: { accessKeyId, secretAccessKey: 'test-secret', ...(accessKeyId.startsWith('ASIA') ? { sessionToken: 'token' } : {}) },
    maxAttempts: 1,
  });
  t.teardown(() => c.destroy());
  return c;
}

async function lookup(ct: CloudTrailClient, input: LookupEventsCommandInput = {}): Promise<Event[]> {
  const out = await ct.send(new LookupEventsCommand(input));
  return out.Events ?? [];
}

const ecsOnly = { LookupAttributes: [{ AttributeKey: 'EventSource' as const, AttributeValue: 'ecs.amazonaws.com' }] };

/** The raw text of every delivered log file, and its records by eventID. */
async function deliveredFiles(emu: TestEmulator): Promise<{ texts: string[]; byId: Map<string, any> }> {
  await emu.running.flush();
  const texts: string[] = [];
  const byId = new Map<string, any>();
  for (const rel of await listLogFiles(emu.trailDir)) {
    const text = gunzipSync(await readFile(join(emu.trailDir, rel))).toString('utf8');
    texts.push(text);
    for (const r of JSON.parse(text).Records) byId.set(r.eventID, r);
  }
  return { texts, byId };
}

t.test('LookupEvents finds events by each attribute, before and after delivery, newest first', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-ids-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const identitiesFile = join(dir, 'identities.json');
  await writeFile(
    identitiesFile,
    JSON.stringify([
      { accessKeyId: 'AKIAROOTEXAMPLE00001', type: 'Root' },
      { accessKeyId: SESSION_KEY, type: 'AssumedRole', roleName: 'deployer', sessionName: 'ci-run-7' },
      { accessKeyId: 'AKIAOTHERACCOUNT0001', type: 'IAMUser', userName: 'other', accountId: '111122223333' },
    ]),
  );
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock, identitiesFile });
  const step = () => clock.advance(10_000);

  const created = await emu.ecs.send(new CreateClusterCommand({ clusterName: 'hist' }));
  const clusterArn = created.cluster!.clusterArn!;
  step();
  const td = await emu.ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }] }),
  );
  const tdArn = td.taskDefinition!.taskDefinitionArn!;
  step();
  await emu.ecs.send(new TagResourceCommand({ resourceArn: clusterArn, tags: [{ key: 'team', value: 'a' }] }));
  step();
  await emu.client('AKIAROOTEXAMPLE00001').send(new ListClustersCommand({}));
  step();
  await emu.client(SESSION_KEY).send(new DescribeClustersCommand({ clusters: ['hist'] }));
  step();
  await emu.ecs.send(new DeleteClusterCommand({ cluster: 'missing' })).catch(() => undefined);
  step();
  // Other accounts and regions have their own history.
  await emu.client('AKIAOTHERACCOUNT0001').send(new CreateClusterCommand({ clusterName: 'hist' }));
  await emu.client(DEFAULT_KEY, 'eu-west-1').send(new CreateClusterCommand({ clusterName: 'eu' }));
  step();

  const ct = cloudTrail(t, emu);
  const before = await lookup(ct, ecsOnly);
  t.same(
    before.map((e) => e.EventName),
    ['DeleteCluster', 'DescribeClusters', 'ListClusters', 'TagResource', 'RegisterTaskDefinition', 'CreateCluster'],
    'only this account and region, newest first, before any file is delivered',
  );
  t.equal(emu.running.trail.stats.filesDelivered, 0, 'nothing was delivered yet');
  for (let i = 1; i < before.length; i++) t.ok(before[i - 1]!.EventTime! >= before[i]!.EventTime!);
  t.equal(before[0]!.EventTime!.getTime(), T0 + 50_000, 'EventTime is the record eventTime');

  const one = async (AttributeKey: any, AttributeValue: string) =>
    lookup(ct, { LookupAttributes: [{ AttributeKey, AttributeValue }] });

  const byName = await one('EventName', 'CreateCluster');
  t.equal(byName.length, 1);
  const createEvent = byName[0]!;
  t.equal(createEvent.EventSource, 'ecs.amazonaws.com');
  t.equal(createEvent.ReadOnly, 'false');
  t.equal(createEvent.AccessKeyId, DEFAULT_KEY);
  t.equal(createEvent.Username, 'ecs-trail-user-xample', 'a derived IAM user: its user name');
  // One entry per resource, in the form the call named it (docs/cloudtrail-self-events.md): the
  // cluster the call created by name is not listed again by the ARN its response gave.
  t.same(createEvent.Resources, [{ ResourceType: 'AWS::ECS::Cluster', ResourceName: 'hist' }]);
  const createRecord = JSON.parse(createEvent.CloudTrailEvent!);
  t.equal(createRecord.eventID, createEvent.EventId);
  t.equal(createRecord.eventName, 'CreateCluster');

  t.same((await one('EventId', createEvent.EventId!)).map((e) => e.EventId), [createEvent.EventId]);
  t.same((await one('EventId', '00000000-0000-4000-8000-000000000000')), [], 'an unknown event id matches nothing');

  const root = await one('Username', 'root');
  t.same(root.map((e) => e.EventName), ['ListClusters'], 'the root user is "root"');
  const session = await one('Username', 'ci-run-7');
  t.same(session.map((e) => e.EventName), ['DescribeClusters'], 'an assumed role is its session name');
  t.same((await one('AccessKeyId', SESSION_KEY)).map((e) => e.Username), ['ci-run-7']);

  const readOnly = await one('ReadOnly', 'true');
  t.ok(readOnly.length >= 2);
  t.ok(readOnly.every((e) => e.ReadOnly === 'true'));
  t.ok(readOnly.some((e) => e.EventName === 'LookupEvents'), 'LookupEvents calls are read-only events too');
  const writes = await one('ReadOnly', 'false');
  t.same(writes.map((e) => e.EventName), ['DeleteCluster', 'TagResource', 'RegisterTaskDefinition', 'CreateCluster']);
  t.equal(writes[0]!.Resources?.[0]?.ResourceName, 'missing', 'failed calls are in history too');
  t.equal(JSON.parse(writes[0]!.CloudTrailEvent!).errorCode, 'ClusterNotFoundException');

  const lookups = await one('EventSource', 'cloudtrail.amazonaws.com');
  t.ok(lookups.length >= 5 && lookups.every((e) => e.EventName === 'LookupEvents'));

  t.same((await one('ResourceType', 'AWS::ECS::TaskDefinition')).map((e) => e.EventName), ['RegisterTaskDefinition']);
  const registered = await one('ResourceName', 'web');
  t.same(registered.map((e) => e.EventName), ['RegisterTaskDefinition'], 'RegisterTaskDefinition names the family it registers');
  t.same(registered[0]!.Resources, [{ ResourceType: 'AWS::ECS::TaskDefinition', ResourceName: 'web' }], 'and not again the revision it returned');
  t.same(await one('ResourceName', tdArn), [], 'no call named the revision by its ARN');
  t.same((await one('ResourceName', clusterArn)).map((e) => e.EventName), ['TagResource'], 'TagResource named the cluster by its ARN');
  t.same((await one('ResourceName', 'hist')).map((e) => e.EventName), ['DescribeClusters', 'CreateCluster']);
  t.same(await one('EventName', 'NoSuchOperation'), []);

  const eu = await lookup(cloudTrail(t, emu, DEFAULT_KEY, 'eu-west-1'), ecsOnly);
  t.same(eu.map((e) => e.EventName), ['CreateCluster'], 'the region of the request chooses the history');
  const other = await lookup(cloudTrail(t, emu, 'AKIAOTHERACCOUNT0001'), ecsOnly);
  t.same(other.map((e) => e.Username), ['other'], "the caller's account chooses the history");

  // Delivered: the same events, and each CloudTrailEvent is the file's record byte for byte.
  const { texts, byId } = await deliveredFiles(emu);
  t.ok(emu.running.trail.stats.filesDelivered > 0);
  const after = await lookup(ct, ecsOnly);
  t.same(after.map((e) => e.EventId), before.map((e) => e.EventId));
  t.same(after.map((e) => e.CloudTrailEvent), before.map((e) => e.CloudTrailEvent), 'same JSON before and after delivery');
  for (const e of after) {
    t.ok(texts.some((text) => text.includes(`${e.CloudTrailEvent}`)), `${e.EventName}: the exact record text is in a log file`);
    t.same(JSON.parse(e.CloudTrailEvent!), byId.get(e.EventId!));
  }
});

t.test('LookupEvents pages newest first, honours the time range and MaxResults', async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock });
  const ct = cloudTrail(t, emu);
  const times: number[] = [];
  for (let i = 1; i <= 7; i++) {
    times.push(clock.now());
    await emu.ecs.send(new CreateClusterCommand({ clusterName: `c${i}` }));
    clock.advance(60_000);
  }
  const creates = { LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'CreateCluster' }] };
  const names = (events: Event[]) => events.map((e) => JSON.parse(e.CloudTrailEvent!).requestParameters.clusterName);

  const p1 = await ct.send(new LookupEventsCommand({ ...creates, MaxResults: 3 }));
  t.same(names(p1.Events!), ['c7', 'c6', 'c5']);
  t.type(p1.NextToken, 'string');
  // Half the events delivered between pages: paging goes on across the move.
  await emu.running.flush();
  const p2 = await ct.send(new LookupEventsCommand({ ...creates, MaxResults: 3, NextToken: p1.NextToken }));
  t.same(names(p2.Events!), ['c4', 'c3', 'c2']);
  const p3 = await ct.send(new LookupEventsCommand({ ...creates, MaxResults: 3, NextToken: p2.NextToken }));
  t.same(names(p3.Events!), ['c1']);
  t.equal(p3.NextToken, undefined, 'no NextToken on the last page');

  const paged: Event[] = [];
  for await (const page of paginateLookupEvents({ client: ct, pageSize: 2 }, { ...creates })) {
    t.ok(page.Events!.length <= 2);
    paged.push(...page.Events!);
  }
  t.same(names(paged), ['c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1'], 'the SDK paginator walks every page');

  const ranged = await lookup(ct, { ...creates, StartTime: new Date(times[2]!), EndTime: new Date(times[4]!) });
  t.same(names(ranged), ['c5', 'c4', 'c3'], 'StartTime and EndTime are inclusive');
  t.same(names(await lookup(ct, { ...creates, StartTime: new Date(times[6]! + 1000) })), []);
  t.same(names(await lookup(ct, { ...creates, EndTime: new Date(times[0]!) })), ['c1']);

  for (let i = 0; i < 52; i++) await emu.ecs.send(new ListClustersCommand({}));
  const lists = { LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'ListClusters' }] };
  const first = await ct.send(new LookupEventsCommand(lists));
  t.equal(first.Events!.length, 50, 'MaxResults defaults to 50');
  const rest = await ct.send(new LookupEventsCommand({ ...lists, NextToken: first.NextToken }));
  t.equal(rest.Events!.length, 2);
  t.equal(rest.NextToken, undefined);
  const ids = new Set([...first.Events!, ...rest.Events!].map((e) => e.EventId));
  t.equal(ids.size, 52, 'no event twice across pages');

  const insight = await ct.send(new LookupEventsCommand({ EventCategory: 'insight' }));
  t.same(insight.Events, [], 'no Insights events');
});

t.test('LookupEvents rejects bad requests with CloudTrail errors', async (t) => {
  const emu = await startTestEmulator(t);
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'x' }));
  const ct = cloudTrail(t, emu);
  const fails = async (input: any, name: string, why: string) => {
    const err: any = await ct.send(new LookupEventsCommand(input)).then(
      () => undefined,
      (e: unknown) => e,
    );
    t.equal(err?.name, name, why);
    t.equal(err?.$metadata?.httpStatusCode, 400);
    t.type(err?.message, 'string');
  };
  await fails({ MaxResults: 0 }, 'InvalidMaxResultsException', 'MaxResults 0');
  await fails({ MaxResults: 51 }, 'InvalidMaxResultsException', 'MaxResults 51');
  await fails(
    {
      LookupAttributes: [
        { AttributeKey: 'EventName', AttributeValue: 'CreateCluster' },
        { AttributeKey: 'Username', AttributeValue: 'root' },
      ],
    },
    'InvalidLookupAttributesException',
    'two attributes',
  );
  await fails({ LookupAttributes: [{ AttributeKey: 'Region', AttributeValue: 'x' }] }, 'InvalidLookupAttributesException', 'unknown key');
  await fails(
    { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '_'.repeat(1001) }] },
    'InvalidLookupAttributesException',
    "a value over 2000 characters where '_' counts twice",
  );
  await fails({ StartTime: new Date(T0 + 1000), EndTime: new Date(T0) }, 'InvalidTimeRangeException', 'start after end');
  await fails({ EventCategory: 'management' }, 'InvalidEventCategoryException', 'only insight is a category');
  await fails({ NextToken: 'not-a-token' }, 'InvalidNextTokenException', 'a made-up token');

  for (let i = 0; i < 3; i++) await emu.ecs.send(new ListClustersCommand({}));
  const page = await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
  t.type(page.NextToken, 'string');
  await fails(
    { MaxResults: 1, NextToken: page.NextToken, LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] },
    'InvalidNextTokenException',
    'a token used with other parameters',
  );
  const otherRegion = await cloudTrail(t, emu, DEFAULT_KEY, 'eu-west-1')
    .send(new LookupEventsCommand({ MaxResults: 1, NextToken: page.NextToken }))
    .catch((e: any) => e.name);
  t.equal(otherRegion, 'InvalidNextTokenException', 'a token is bound to its region');
});

t.test('events of an earlier run are found after a restart on the same trail folder', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-restart-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  const clock = new ManualClock(T0);
  const first = await startTestEmulator(t, { trailDir, clock });
  await first.ecs.send(new CreateClusterCommand({ clusterName: 'before-restart' }));
  const [old] = await lookup(cloudTrail(t, first), { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'before-restart' }] });
  t.ok(old, 'found in the first run');
  await first.running.close();

  clock.advance(3600_000);
  const second = await startTestEmulator(t, { trailDir, clock });
  await second.ecs.send(new CreateClusterCommand({ clusterName: 'after-restart' }));
  const ct = cloudTrail(t, second);
  const creates = await lookup(ct, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCluster' }] });
  t.same(
    creates.map((e) => JSON.parse(e.CloudTrailEvent!).requestParameters.clusterName),
    ['after-restart', 'before-restart'],
    'both runs, newest first',
  );
  t.equal(creates[1]!.EventId, old!.EventId);
  t.equal(creates[1]!.CloudTrailEvent, old!.CloudTrailEvent, 'the same record text as before the restart');
  const lookups = await lookup(ct, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'LookupEvents' }] });
  t.ok(lookups.length >= 2, "the first run's LookupEvents call is in history too");
});

const AWS = '/usr/bin/aws';
const missing = !existsSync(AWS);
if (missing && process.env.CI === 'true') t.fail(`${AWS} is missing: .ci/run installs Debian's awscli`);
t.test(
  'aws cloudtrail lookup-events (Debian AWS CLI v2)',
  { skip: missing ? `${AWS} is missing (apt-get install awscli): skipping the AWS CLI lookup-events test` : false },
  async (t) => {
    const emu = await startTestEmulator(t);
    await emu.ecs.send(new CreateClusterCommand({ clusterName: 'cli-hist' }));
    await emu.ecs.send(new ListClustersCommand({}));
    const env = awsClientEnv({ AWS_ACCESS_KEY_ID: DEFAULT_KEY, AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    // Debian's CLI (2.9) ignores AWS_ENDPOINT_URL*: --endpoint-url is required.
    const { stdout } = await promisify(execFile)(
      AWS,
      [
        'cloudtrail', 'lookup-events',
        '--endpoint-url', emu.url,
        '--region', 'us-east-1',
        '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateCluster',
        '--output', 'json',
      ],
      { env, timeout: 120_000 },
    );
    const out = JSON.parse(stdout);
    t.equal(out.Events.length, 1);
    const e = out.Events[0];
    t.equal(e.EventName, 'CreateCluster');
    t.equal(e.ReadOnly, 'false');
    t.same(e.Resources[0], { ResourceType: 'AWS::ECS::Cluster', ResourceName: 'cli-hist' });
    const record = JSON.parse(e.CloudTrailEvent);
    t.equal(record.eventID, e.EventId);
    t.equal(record.recipientAccountId, ACCOUNT);
    t.equal(Date.parse(e.EventTime), Date.parse(record.eventTime), 'the CLI read EventTime as a timestamp');
  },
);

t.test('log files already in the trail folder are indexed at start, in time order whatever their order', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-seeded-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  // 3000 RunTask records with distinct task ARNs, written newest first into two files of one day.
  const records = Array.from({ length: 3000 }, (_, i) => {
    const n = 2999 - i;
    const taskArn = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/seeded/${n.toString(16).padStart(32, '0')}`;
    return {
      eventVersion: '1.11',
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/seeder`, accountId: ACCOUNT, accessKeyId: 'AKIASEEDEREXAMPLE001', userName: 'seeder' },
      eventTime: new Date(T0 + n * 1000).toISOString().replace('.000Z', 'Z'),
      eventSource: 'ecs.amazonaws.com',
      eventName: 'RunTask',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.1',
      userAgent: 'seed',
      requestParameters: { cluster: 'seeded', taskDefinition: 'web:1' },
      responseElements: { tasks: [{ taskArn }], failures: [] },
      requestID: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      eventID: `11111111-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    };
  });
  const folder = join(trailDir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', '01');
  await mkdir(folder, { recursive: true });
  const texts = [records.slice(0, 1500), records.slice(1500)].map((part) => JSON.stringify({ Records: part }));
  await writeFile(join(folder, `${ACCOUNT}_CloudTrail_us-east-1_20260301T1100Z_aaaaaaaaaaaaaaaa.json.gz`), gzipSync(texts[0]!));
  await writeFile(join(folder, `${ACCOUNT}_CloudTrail_us-east-1_20260301T1000Z_bbbbbbbbbbbbbbbb.json.gz`), gzipSync(texts[1]!));

  const emu = await startTestEmulator(t, { trailDir, clock: new ManualClock(T0 + 3600_000) });
  const ct = cloudTrail(t, emu);
  const runs = { LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'RunTask' }] };
  const seen: Event[] = [];
  for await (const page of paginateLookupEvents({ client: ct }, { ...runs })) seen.push(...page.Events!);
  t.equal(seen.length, 3000);
  t.ok(seen.every((e, i) => i === 0 || seen[i - 1]!.EventTime! > e.EventTime!), 'strictly newest first across 60 pages');
  t.equal(seen[0]!.EventId, records[0]!.eventID);
  t.ok(texts.some((text) => text.includes(seen[1234]!.CloudTrailEvent!)), 'the record text as it is in the file');

  const task = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/seeded/${(1717).toString(16).padStart(32, '0')}`;
  const byTask = await lookup(ct, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: task }] });
  t.same(byTask.map((e) => e.EventId), [records[2999 - 1717]!.eventID], 'one of 3000 task ARNs');
  t.same(byTask[0]!.Resources, [
    { ResourceType: 'AWS::ECS::Cluster', ResourceName: 'seeded' },
    { ResourceType: 'AWS::ECS::TaskDefinition', ResourceName: 'web:1' },
    { ResourceType: 'AWS::ECS::Task', ResourceName: task },
  ]);
  const byId = await lookup(ct, { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: records[42]!.eventID }] });
  t.equal(byId[0]?.Username, 'seeder');
  const tasks = await lookup(ct, { LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::ECS::Task' }], MaxResults: 5 });
  t.same(tasks.map((e) => e.EventId), records.slice(0, 5).map((r) => r.eventID));
});
