import t from 'tap';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { buildRecord, recordJson, serializeRecord, type CallRecord, type Principal, type TlsDetails } from '../../trail-writer/index.js';
import { recordJsonParts } from '../../trail-writer/record/build-record.js';
import { javaDateString } from '../../trail-writer/record/java-date.js';
import { fieldsOf } from '../../trail-writer/record/build-record.js';
import { summarize, summarizeCall } from '../../trail-writer/history/event-summary.js';
import { endpointTls } from '../../trail-writer/index.js';
import { markRandomly } from '../helpers/reuse-marks.js';
import { holdsReusedOutput, reuseOutput } from '../../emulator/model/reused-output.js';

/**
 * recordJson (the trail's hot path: the text written from the call, with per-identity and per-value
 * texts kept between records) must give exactly the bytes of the object path, whose JSON is what one
 * JSON.stringify with the Java-date replacer gives.
 */
function reference(record: Record<string, unknown>): string {
  return JSON.stringify(record, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? javaDateString(raw) : value;
  });
}

const odd = fc.constantFrom('"', '\\', '\n', '\u0001', '\u007f', '\u2028', '\ud83d\ude00', '\ud800', '\udc00', 'é', '日', '/', '<', ' ', 'a');
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: odd, maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }));
const date = fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true });
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    date,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('createdAt', 'overrides', 'tasks', 'task', 'environment')), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** A RunTask-shaped response, whose container environment the record redacts. */
const runTaskResponse = fc.record({
  tasks: fc.array(fc.record({ taskArn: text, createdAt: date, overrides: fc.record({ containerOverrides: fc.array(fc.record({ name: text, environment: fc.array(fc.record({ name: text, value: text })) }), { maxLength: 2 }) }) }), { maxLength: 2 }),
  failures: fc.constant([]),
});

const principal: fc.Arbitrary<Principal> = fc.record(
  {
    type: fc.constantFrom('IAMUser', 'AssumedRole', 'Root', 'FederatedUser', 'WebIdentityUser'),
    accountId: fc.constantFrom('123456789012', '111122223333'),
    accessKeyId: fc.constantFrom('AKIAEXAMPLE000000001', 'ASIAEXAMPLE000000002'),
    principalId: text,
    arn: text,
    userName: fc.option(text, { nil: undefined }),
    identityProvider: fc.option(text, { nil: undefined }),
    invokedBy: fc.option(fc.constantFrom('cloudformation.amazonaws.com', 'ecs.amazonaws.com'), { nil: undefined, freq: 3 }),
    session: fc.option(
      fc.record(
        {
          creationDate: fc.constant('2025-03-03T00:00:00Z'),
          mfaAuthenticated: fc.boolean(),
          fromConsole: fc.option(fc.boolean(), { nil: undefined }),
          issuer: fc.option(fc.record({ type: fc.constantFrom('Role' as const, 'IAMUser' as const), principalId: text, arn: text, accountId: fc.constant('123456789012'), userName: text }), { nil: undefined }),
          webIdentityProvider: fc.option(text, { nil: undefined }),
          sourceIdentity: fc.option(text, { nil: undefined }),
        },
        { requiredKeys: ['creationDate', 'mfaAuthenticated'] },
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['type', 'accountId', 'accessKeyId', 'principalId', 'arn'] },
);

const call = (principals: Principal[], tls: (TlsDetails | undefined)[]) =>
  fc.record({
    eventTime: fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }),
    eventSource: fc.constantFrom('ecs.amazonaws.com', 'cloudtrail.amazonaws.com', 'sts.amazonaws.com'),
    eventName: fc.oneof(
      fc.constantFrom('RunTask', 'StopTask', 'StartTask', 'ListTagsForResource', 'DescribeServices', 'CreateCluster'),
      fc.constantFrom('AssumeRole', 'AssumeRoleWithWebIdentity', 'GetCallerIdentity', 'GetFederationToken'),
      text,
    ),
    awsRegion: fc.constantFrom('us-east-1', 'eu-west-1'),
    principal: fc.constantFrom(...principals),
    sourceIPAddress: fc.oneof(fc.constantFrom('198.51.100.7', '203.0.113.10'), text),
    userAgent: fc.oneof(fc.constantFrom('aws-cli/2.27.50', 'Mozilla/5.0'), text, fc.constant('x'.repeat(1030))),
    requestParameters: fc.oneof(
      fc.constant(null),
      fc.constant({}),
      fc.dictionary(text, value, { maxKeys: 4 }),
      runTaskResponse.map((r) => ({ overrides: r.tasks[0]?.overrides ?? {} })),
      // STS: a role (→ resources), a web identity token and an MFA code (→ left out).
      fc.record({ roleArn: fc.oneof(fc.constant('arn:aws:iam::123456789012:role/r'), text), roleSessionName: text, webIdentityToken: text, tokenCode: text }),
    ),
    response: fc.oneof(
      fc.constant(undefined),
      value,
      runTaskResponse,
      runTaskResponse.map((r) => ({ task: r.tasks[0] })),
      fc.record({ credentials: fc.record({ accessKeyId: text, secretAccessKey: text, sessionToken: text, expiration: date }), assumedRoleUser: fc.record({ arn: text, assumedRoleId: text }) }),
    ),
    error: fc.option(fc.record({ code: fc.oneof(fc.constant('AccessDeniedException'), text), message: fc.oneof(text, fc.constant('m'.repeat(1100))) }), { nil: undefined }),
    requestId: fc.oneof(fc.uuid(), text),
    eventId: fc.uuid(),
    readOnly: fc.boolean(),
    tlsDetails: fc.constantFrom(...tls),
  }) as fc.Arbitrary<CallRecord>;

t.test('recordJson and recordJsonParts give the bytes of the object path, whatever the call holds', async (t) => {
  // A few principals and tlsDetails shared by many records, as on a server, so the kept texts are hit.
  const principals = fc.sample(principal, { numRuns: 6, seed: 7 });
  const tls = [undefined, endpointTls('ecs', 'eu-west-1'), endpointTls('ecs', 'us-east-1'), { tlsVersion: 'TLSv1.2', cipherSuite: 'c', clientProvidedHostHeader: 'h' }];
  fc.assert(
    fc.property(call(principals, tls), (c) => {
      const viaObject = serializeRecord(buildRecord(c));
      if (recordJson(c) !== viaObject) return false;
      // The generator's form: the head's bytes as kept, then the rest of the text.
      const { head, rest } = recordJsonParts(c);
      if (!Buffer.concat([head, Buffer.from(rest)]).equals(Buffer.from(viaObject))) return false;
      return viaObject === reference(buildRecord(c));
    }),
    { numRuns: 4000, seed: 20261201 },
  );
  t.pass('4,000 calls');
});

t.test("what the emulator marks as reused, or as holding reused objects, is written as the unmarked call's record", async (t) => {
  // A service's events are reused from answer to answer (emulator/model/reused-output.ts); the record
  // writer keeps their text. Whatever it marks, and however deep, the bytes must not change.
  const principals = fc.sample(principal, { numRuns: 6, seed: 8 });
  let marks = 0;
  fc.assert(
    fc.property(call(principals, [undefined]), fc.nat(), fc.nat(), (c, m1, m2) => {
      const expected = reference(buildRecord(c));
      marks += markRandomly(c.response, m1) + markRandomly(c.requestParameters, m2);
      return recordJson(c) === expected && recordJson(c) === expected && serializeRecord(buildRecord(c)) === expected;
    }),
    { numRuns: 3000, seed: 20261207 },
  );
  t.ok(marks > 1000, `${marks} objects marked across 3,000 calls`);

  // An UpdateService record: each event's text is made once, however many records show it.
  let reads = 0;
  const event = reuseOutput(Object.defineProperty({ id: 'e1' }, 'n', { enumerable: true, get: () => ++reads }));
  reads = 0; // freezing it read the member once
  const record = (service: object): CallRecord => ({ ...fc.sample(call(principals, [undefined]), { numRuns: 1, seed: 3 })[0]!, eventSource: 'ecs.amazonaws.com', eventName: 'UpdateService', error: undefined, response: { service } });
  const texts = [1, 2, 3].map((i) => recordJson(record(holdsReusedOutput({ serviceName: `s${i}`, events: [event], createdAt: new Date(0) }))));
  for (const text of texts) t.match(text, /"responseElements":\{"service":\{"serviceName":"s\d","events":\[\{"id":"e1","n":1\}\],"createdAt":"Jan 1, 1970, 12:00:00 AM"\}\}/);
  t.equal(reads, 1, "the event's text was made once, for three records");
});

t.test('a principal or tlsDetails changed in place between records gets fresh text', async (t) => {
  const p: Principal = {
    type: 'AssumedRole',
    accountId: '123456789012',
    accessKeyId: 'ASIAEXAMPLE000000001',
    principalId: 'AROAEXAMPLE:one',
    arn: 'arn:aws:sts::123456789012:assumed-role/r/one',
    session: { creationDate: '2025-03-03T00:00:00Z', mfaAuthenticated: false },
  };
  const unshared: TlsDetails = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'ecs.us-east-1.amazonaws.com' };
  const c: CallRecord = {
    eventTime: Date.UTC(2025, 2, 3, 12),
    eventSource: 'ecs.amazonaws.com',
    eventName: 'ListClusters',
    awsRegion: 'us-east-1',
    principal: p,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.27.50',
    requestParameters: null,
    requestId: 'b65eef20-23b7-425c-b042-ad9851d5134a',
    eventId: '9046001e-ce0a-405c-909a-5a77bd3b8b51',
    readOnly: true,
    tlsDetails: unshared,
  };
  const changes: (() => void)[] = [
    () => (p.accessKeyId = 'ASIAEXAMPLE000000009'),
    () => (p.session = { ...p.session!, fromConsole: true }),
    () => (p.accountId = '111122223333'),
    () => (p.invokedBy = 'cloudformation.amazonaws.com'),
    () => (unshared.tlsVersion = 'TLSv1.2'),
    () => (c.readOnly = false),
  ];
  t.equal(recordJson(c), reference(buildRecord(c)), 'before');
  for (const [i, change] of changes.entries()) {
    change();
    t.equal(recordJson(c), reference(buildRecord(c)), `after change ${i + 1}`);
  }
  const last = JSON.parse(recordJson(c)) as Record<string, unknown>;
  t.match(last, { recipientAccountId: '111122223333', sessionCredentialFromConsole: 'true', sourceIPAddress: 'cloudformation.amazonaws.com', readOnly: false });
  t.notOk('tlsDetails' in last, 'an AWS service calling for the user has no tlsDetails');
});

t.test("event history's summary of a call is the summary of its record's text", async (t) => {
  // Event history indexes a served call from the call and its fields (no record object); a log file's
  // records are indexed from their text. Both must give the same Username, key, resources, times.
  const principals = fc.sample(principal, { numRuns: 6, seed: 11 });
  const arn = fc.constantFrom(
    'arn:aws:ecs:us-east-1:123456789012:cluster/c',
    'arn:aws:ecs:us-east-1:123456789012:task/c/0123456789abcdef0123456789abcdef',
    'arn:aws:ecs:us-east-1:123456789012:service/c/s',
    'arn:aws:ecs:us-east-1:123456789012:task-definition/f:3',
  );
  const ecsParams = fc.record(
    { cluster: fc.oneof(text, arn), clusters: fc.array(fc.oneof(text, arn), { maxLength: 3 }), tasks: fc.array(fc.oneof(text, arn), { maxLength: 25 }), service: text, family: text, resourceArn: arn },
    { requiredKeys: [] },
  );
  const withResources = call(principals, [undefined]).chain((c) =>
    fc.record({ params: fc.oneof(ecsParams, fc.constant(c.requestParameters)), eventSource: fc.constantFrom('ecs.amazonaws.com', c.eventSource) }).map(
      ({ params, eventSource }) => ({ ...c, eventSource, requestParameters: params as CallRecord['requestParameters'] }),
    ),
  );
  let withAny = 0;
  fc.assert(
    fc.property(withResources, (c) => {
      const fromText = summarize(JSON.parse(recordJson(c)) as Record<string, unknown>);
      const fromCall = summarizeCall(c, fieldsOf(c));
      if (fromText && fromText.resources.length > 0) withAny++;
      return isDeepStrictEqual(fromCall, fromText);
    }),
    { numRuns: 2000, seed: 20261203 },
  );
  t.pass('2,000 calls');
  t.ok(withAny > 200, `calls naming resources were among them (${withAny})`);
});
