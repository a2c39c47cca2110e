import t, { type Test } from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ClusterNotFoundException,
  ECSServiceException,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { startTestEmulator, recordFor } from '../helpers/test-emulator.js';
import { accountOfId } from '../../server/identity/aws-ids.js';
import { buildRecord, serializeRecord } from '../../trail-writer/index.js';
import { javaDateString } from '../../trail-writer/record/java-date.js';
import type { CallRecord } from '../../trail-writer/index.js';

/**
 * The key order of a real 2025 ECS record (ListClusters, eventVersion 1.11; cloudtrail-research.md
 * §1.4, sample ecs-ListClusters-real-2025-10-27T000052Z.json), plus the error pair.
 */
const REAL_ORDER = [
  'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'eventType', 'managementEvent',
  'recipientAccountId', 'eventCategory', 'tlsDetails',
];
const TLS_ORDER = ['tlsVersion', 'cipherSuite', 'clientProvidedHostHeader'];
/** The project's copies of real records, when present (not part of the repository). */
const SAMPLES = '/work/shared/samples';
const readSample = (name: string) => JSON.parse(readFileSync(join(SAMPLES, name), 'utf8')) as Record<string, any>;
const ERROR_ORDER = [
  ...REAL_ORDER.slice(0, REAL_ORDER.indexOf('userAgent') + 1),
  'errorCode',
  'errorMessage',
  ...REAL_ORDER.slice(REAL_ORDER.indexOf('requestParameters')),
];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fixed clock, so eventTime can be checked exactly (and its milliseconds must be dropped). */
const NOW = Date.UTC(2025, 9, 26, 23, 50, 52, 789);
const clock = { now: () => NOW };

/** Captures the User-Agent header the SDK really sends, to compare with the record verbatim. */
function captureUserAgent(client: ECSClient): () => string | undefined {
  let ua: string | undefined;
  client.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      ua = headers['user-agent'];
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureUserAgent' },
  );
  return () => ua;
}

/** Every field of the record except request/response/error, for a call by the default test caller. */
function checkCommonFields(
  t: Test,
  rec: Record<string, any>,
  expect: { eventName: string; region: string; requestId: string | undefined; userAgent: string | undefined; readOnly: boolean },
): void {
  t.equal(rec.eventVersion, '1.11');
  t.equal(rec.eventTime, '2025-10-26T23:50:52Z', 'second precision, no fraction, UTC');
  t.match(rec.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.equal(rec.eventSource, 'ecs.amazonaws.com');
  t.equal(rec.eventName, expect.eventName);
  t.equal(rec.awsRegion, expect.region, 'region of the SigV4 credential scope');
  t.equal(rec.sourceIPAddress, '127.0.0.1');
  t.ok(expect.userAgent && expect.userAgent.length > 0, 'the SDK sent a User-Agent');
  t.equal(rec.userAgent, expect.userAgent, 'userAgent verbatim');
  t.equal(rec.requestID, expect.requestId, 'requestID = x-amzn-RequestId the SDK returned');
  t.match(rec.eventID, UUID_V4);
  t.not(rec.eventID, rec.requestID);
  t.equal(rec.readOnly, expect.readOnly);
  t.equal(rec.eventType, 'AwsApiCall');
  t.equal(rec.managementEvent, true);
  t.equal(rec.recipientAccountId, '123456789012');
  t.equal(rec.eventCategory, 'Management');
  t.strictSame(rec.tlsDetails, {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: `ecs.${expect.region}.amazonaws.com`,
  });
  t.strictSame(Object.keys(rec.tlsDetails), TLS_ORDER);
  // The default test client signs with an undeclared long-term key: a derived IAM user of the default account.
  const u = rec.userIdentity;
  t.strictSame(Object.keys(u), ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName']);
  t.equal(u.type, 'IAMUser');
  t.match(u.principalId, /^AIDA[A-Z2-7]{17}$/);
  t.equal(accountOfId(u.principalId), '123456789012', 'the principal id encodes the account');
  t.equal(u.arn, `arn:aws:iam::123456789012:user/${u.userName}`);
  t.equal(u.accountId, '123456789012');
  t.equal(u.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
}

t.test('cluster and tag operations: every field, in the real order', async (t) => {
  const em = await startTestEmulator(t, { clock });
  const ecs = em.client('AKIAIOSFODNN7EXAMPLE', 'eu-west-3');
  const ua = captureUserAgent(ecs);
  const region = 'eu-west-3';
  const arn = 'arn:aws:ecs:eu-west-3:123456789012:cluster/orders';

  const created = await ecs.send(new CreateClusterCommand({ clusterName: 'orders', tags: [{ key: 'team', value: 'a' }] }));
  const createUa = ua();
  const described = await ecs.send(new DescribeClustersCommand({ clusters: ['orders'], include: ['TAGS'] }));
  const listed = await ecs.send(new ListClustersCommand({}));
  const tagged = await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'prod' }] }));
  const tags = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
  const untagged = await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
  const deleted = await ecs.send(new DeleteClusterCommand({ cluster: 'orders' }));

  const records = await em.records();
  t.equal(records.length, 7, 'one record per call');
  t.equal(new Set(records.map((r) => r.eventID)).size, 7, 'eventIDs are unique');
  for (const r of records) t.strictSame(Object.keys(r), REAL_ORDER, `${r.eventName}: fields in the order of real 2023+ records`);

  const expectFor = (eventName: string, requestId: string | undefined, readOnly: boolean) => ({
    eventName,
    region,
    requestId,
    userAgent: createUa,
    readOnly,
  });
  const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

  let r = recordFor(records, created.$metadata.requestId);
  checkCommonFields(t, r, expectFor('CreateCluster', created.$metadata.requestId, false));
  t.strictSame(r.requestParameters, { clusterName: 'orders', tags: [{ key: 'team', value: 'a' }] }, 'as sent');
  t.strictSame(r.responseElements, json({ cluster: created.cluster }), 'the full response of a mutating call');

  r = recordFor(records, described.$metadata.requestId);
  checkCommonFields(t, r, expectFor('DescribeClusters', described.$metadata.requestId, true));
  t.strictSame(r.requestParameters, { clusters: ['orders'], include: ['TAGS'] });
  t.equal(r.responseElements, null, 'read-only: null, as in the real DescribeClusters record');

  r = recordFor(records, listed.$metadata.requestId);
  checkCommonFields(t, r, expectFor('ListClusters', listed.$metadata.requestId, true));
  t.equal(r.requestParameters, null, 'an empty request is recorded as null');
  t.equal(r.responseElements, null);

  r = recordFor(records, tagged.$metadata.requestId);
  checkCommonFields(t, r, expectFor('TagResource', tagged.$metadata.requestId, false));
  t.strictSame(r.requestParameters, { resourceArn: arn, tags: [{ key: 'env', value: 'prod' }] });
  t.strictSame(r.responseElements, {}, 'TagResource answers {}');

  r = recordFor(records, tags.$metadata.requestId);
  checkCommonFields(t, r, expectFor('ListTagsForResource', tags.$metadata.requestId, true));
  t.strictSame(r.requestParameters, { resourceArn: arn });
  t.strictSame(r.responseElements, { tags: json(tags.tags) }, 'read-only but carries the tags, like the real record');
  t.strictSame(r.responseElements.tags, [
    { key: 'team', value: 'a' },
    { key: 'env', value: 'prod' },
  ]);

  r = recordFor(records, untagged.$metadata.requestId);
  checkCommonFields(t, r, expectFor('UntagResource', untagged.$metadata.requestId, false));
  t.strictSame(r.requestParameters, { resourceArn: arn, tagKeys: ['team'] });

  r = recordFor(records, deleted.$metadata.requestId);
  checkCommonFields(t, r, expectFor('DeleteCluster', deleted.$metadata.requestId, false));
  t.strictSame(r.requestParameters, { cluster: 'orders' });
  t.strictSame(r.responseElements, json({ cluster: deleted.cluster }));
  t.equal(r.responseElements.cluster.status, 'INACTIVE');
});

t.test('a failed call: errorCode/errorMessage as the caller got them, between userAgent and requestParameters', async (t) => {
  const em = await startTestEmulator(t, { clock });
  const ua = captureUserAgent(em.ecs);
  const err = (await em.ecs.send(new DeleteClusterCommand({ cluster: 'missing' })).catch((e: unknown) => e)) as ECSServiceException;
  t.type(err, ClusterNotFoundException);
  const r = recordFor(await em.records(), err.$metadata.requestId);
  t.strictSame(Object.keys(r), ERROR_ORDER);
  checkCommonFields(t, r, { eventName: 'DeleteCluster', region: 'us-east-1', requestId: err.$metadata.requestId, userAgent: ua(), readOnly: false });
  t.equal(r.errorCode, err.name);
  t.equal(r.errorCode, 'ClusterNotFoundException');
  t.equal(r.errorMessage, err.message);
  t.strictSame(r.requestParameters, { cluster: 'missing' });
  t.equal(r.responseElements, null, 'null on failure');
});

t.test('an IAM denial: AccessDeniedException on the wire, AccessDenied in the record', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-ids-'));
  const identitiesFile = join(dir, 'identities.yaml');
  await writeFile(
    identitiesFile,
    ['identities:', '  - accessKeyId: AKIADENIEDUSER000001', '    type: IAMUser', '    userName: intern', '    deny: [CreateCluster]', ''].join('\n'),
  );
  const em = await startTestEmulator(t, { clock, identitiesFile });
  const ecs = em.client('AKIADENIEDUSER000001');
  const err = (await ecs.send(new CreateClusterCommand({ clusterName: 'nope' })).catch((e: unknown) => e)) as ECSServiceException;
  t.equal(err.name, 'AccessDeniedException');
  t.equal(err.$metadata.httpStatusCode, 400);
  t.equal(
    err.message,
    'User: arn:aws:iam::123456789012:user/intern is not authorized to perform: ecs:CreateCluster on resource: * because no identity-based policy allows the ecs:CreateCluster action',
  );
  const allowed = await ecs.send(new ListClustersCommand({}));
  t.strictSame(allowed.clusterArns, [], 'the denied call changed nothing; other calls are allowed');

  const records = await em.records();
  const r = recordFor(records, err.$metadata.requestId);
  t.strictSame(Object.keys(r), ERROR_ORDER);
  t.equal(r.errorCode, 'AccessDenied', 'as real JSON-protocol services record IAM denials');
  t.equal(r.errorMessage, err.message, "IAM's message, as the caller got it");
  t.strictSame(r.requestParameters, { clusterName: 'nope' });
  t.equal(r.responseElements, null);
  t.equal(r.userIdentity.userName, 'intern');
  t.equal(recordFor(records, allowed.$metadata.requestId).errorCode, undefined);
});

t.test('record shape matches the real samples field by field', { skip: existsSync(SAMPLES) ? false : `no ${SAMPLES}` }, async (t) => {
  const em = await startTestEmulator(t);
  const listed = await em.ecs.send(new ListClustersCommand({}));
  const r = recordFor(await em.records(), listed.$metadata.requestId);
  const real = readSample('ecs-ListClusters-real-2025-10-27T000052Z.json');
  t.strictSame(Object.keys(real), REAL_ORDER, 'REAL_ORDER is the order of the real record');
  t.strictSame(Object.keys(real.tlsDetails), TLS_ORDER);
  // Same keys with the same JSON types at the top level and in tlsDetails.
  for (const k of Object.keys(real)) {
    const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
    t.equal(kind(r[k]), kind(real[k]), `${k} has the type the real record has`);
  }
  // A real ListTagsForResource record (2021) has the same members in requestParameters/responseElements.
  const realTags = readSample('ecs-ListTagsForResource-real-2021-logicmonitor-lm-logs-aws.json');
  await em.ecs.send(new CreateClusterCommand({ clusterName: 'x', tags: [{ key: 'k', value: 'v' }] }));
  const tags = await em.ecs.send(
    new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/x' }),
  );
  const rt = recordFor(await em.records(), tags.$metadata.requestId);
  t.strictSame(Object.keys(rt.requestParameters), Object.keys(realTags.requestParameters));
  t.strictSame(Object.keys(rt.responseElements), Object.keys(realTags.responseElements));
  t.strictSame(Object.keys(rt.responseElements.tags[0]), Object.keys(realTags.responseElements.tags[0]));
});

t.test('dates inside requestParameters/responseElements are Java date strings', async (t) => {
  t.equal(javaDateString(new Date(Date.UTC(2025, 9, 26, 23, 50, 52))), 'Oct 26, 2025, 11:50:52 PM');
  t.equal(javaDateString(new Date(Date.UTC(2025, 9, 27, 0, 16, 57))), 'Oct 27, 2025, 12:16:57 AM');
  t.equal(javaDateString(new Date(Date.UTC(2024, 7, 2, 8, 45, 0))), 'Aug 2, 2024, 8:45:00 AM');
  t.equal(javaDateString(new Date(Date.UTC(2024, 7, 2, 12, 5, 9))), 'Aug 2, 2024, 12:05:09 PM');
  const call: CallRecord = {
    eventTime: NOW,
    eventSource: 'ecs.amazonaws.com',
    eventName: 'RunTask',
    awsRegion: 'us-east-1',
    principal: { type: 'Root', accountId: '123456789012', accessKeyId: 'AKIAROOT000000000000', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root' },
    sourceIPAddress: '10.0.0.1',
    userAgent: 'ua',
    requestParameters: { cluster: 'c', taskDefinition: 'td' },
    response: { tasks: [{ createdAt: new Date(Date.UTC(2025, 9, 26, 23, 50, 52, 500)), containers: [{ name: 'a' }] }], failures: [] },
    requestId: '7d98dee8-cb3a-4315-b015-cab14de5c46c',
    eventId: '4ec718cc-259b-4509-b6d2-4d80104818c6',
    readOnly: false,
  };
  const out = JSON.parse(serializeRecord(buildRecord(call))) as Record<string, any>;
  t.equal(out.responseElements.tasks[0].createdAt, 'Oct 26, 2025, 11:50:52 PM');
  t.strictSame(out.responseElements.failures, [], 'empty lists are kept, as in real records');
  t.notOk('tlsDetails' in out, 'no tlsDetails when the call carried none');
  t.equal(out.eventTime, '2025-10-26T23:50:52Z');
});

/** What the record shows of a response: container environment overrides hidden wherever they appear. */
function redacted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redacted);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = k === 'containerOverrides' && Array.isArray(x)
      ? x.map((o: Record<string, unknown>) => ('environment' in o ? { ...o, environment: 'HIDDEN_DUE_TO_SECURITY_REASONS' } : o))
      : redacted(x);
  }
  return out;
}

/** JSON of an SDK output as the trail renders it: Dates become Java date strings. */
function asRecorded(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v, function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      return raw instanceof Date ? javaDateString(raw) : value;
    }),
  ) as unknown;
}

t.test('task definition, task and service operations: parameters as sent, full responses with Java dates', async (t) => {
  const em = await startTestEmulator(t, { clock });
  const ecs = em.ecs;
  const ua = captureUserAgent(ecs);
  const sent: Array<{ input: Record<string, unknown>; out: { $metadata: { requestId?: string } } & Record<string, unknown>; name: string; readOnly: boolean }> = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one helper for ten command types
  const call = async <I extends Record<string, unknown>, O extends { $metadata: { requestId?: string } }>(Command: any, input: I): Promise<O> => {
    const out = (await ecs.send(new Command(input))) as unknown as O;
    const name = Command.name.replace(/Command$/, '');
    sent.push({ input: structuredClone(input), out: out as never, name, readOnly: /^(Describe|List)/.test(name) });
    return out;
  };
  const {
    RegisterTaskDefinitionCommand,
    RunTaskCommand,
    DescribeTasksCommand,
    ListTasksCommand,
    StopTaskCommand,
    CreateServiceCommand,
    UpdateServiceCommand,
    DescribeServicesCommand,
    DeleteServiceCommand,
    DescribeTaskDefinitionCommand,
  } = await import('@aws-sdk/client-ecs');
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const net = { awsvpcConfiguration: { subnets: ['subnet-12345678'], assignPublicIp: 'ENABLED' } };
  const td = await call<any, any>(RegisterTaskDefinitionCommand, {
    family: 'web',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: 'nginx', cpu: 128, environment: [{ name: 'MODE', value: 'demo' }] }],
  });
  await call<any, any>(DescribeTaskDefinitionCommand, { taskDefinition: 'web:1' });
  const run = await call<any, any>(RunTaskCommand, {
    cluster: 'c',
    taskDefinition: 'web',
    launchType: 'FARGATE',
    networkConfiguration: net,
    overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'TOKEN', value: 'secret-value' }] }] },
    tags: [{ key: 'team', value: 'a' }],
  });
  const taskArn = run.tasks[0].taskArn as string;
  await call<any, any>(DescribeTasksCommand, { cluster: 'c', tasks: [taskArn] });
  await call<any, any>(ListTasksCommand, { cluster: 'c' });
  await call<any, any>(StopTaskCommand, { cluster: 'c', task: taskArn, reason: 'done' });
  await call<any, any>(CreateServiceCommand, {
    cluster: 'c',
    serviceName: 's',
    taskDefinition: 'web',
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: net,
  });
  await call<any, any>(UpdateServiceCommand, { cluster: 'c', service: 's', desiredCount: 0 });
  await call<any, any>(DescribeServicesCommand, { cluster: 'c', services: ['s'] });
  await call<any, any>(DeleteServiceCommand, { cluster: 'c', service: 's' });

  const records = await em.records();
  for (const s of sent) {
    const r = recordFor(records, s.out.$metadata.requestId);
    t.strictSame(Object.keys(r), REAL_ORDER, `${s.name}: fields in the real order`);
    checkCommonFields(t, r, { eventName: s.name, region: 'us-east-1', requestId: s.out.$metadata.requestId, userAgent: ua(), readOnly: s.readOnly });
    if (s.name !== 'RunTask') t.strictSame(r.requestParameters, s.input, `${s.name}: requestParameters as sent`);
    const { $metadata: _m, ...body } = s.out;
    if (s.readOnly) t.equal(r.responseElements, null, `${s.name}: read-only, no response`);
    else t.strictSame(r.responseElements, redacted(asRecorded(body)), `${s.name}: the full response, dates as Java date strings`);
  }
  const stamp = 'Oct 26, 2025, 11:50:52 PM';
  t.equal(recordFor(records, td.$metadata.requestId).responseElements.taskDefinition.registeredAt, stamp);
  const runRec = recordFor(records, run.$metadata.requestId);
  t.equal(runRec.responseElements.tasks[0].createdAt, stamp, 'RunTask: createdAt as a Java date string');
  t.strictSame(runRec.responseElements.failures, [], 'RunTask: failures kept even when empty');
  t.equal(
    runRec.requestParameters.overrides.containerOverrides[0].environment,
    'HIDDEN_DUE_TO_SECURITY_REASONS',
    'RunTask: container environment overrides are redacted (since June 2023)',
  );
  t.strictSame(runRec.requestParameters.tags, [{ key: 'team', value: 'a' }], 'tags stay readable');
  t.notMatch(JSON.stringify(records), /secret-value/, 'the secret appears in no record (RunTask request or response, StopTask)');
});
