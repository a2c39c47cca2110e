import t from 'tap';
import { buildRecord, serializeRecord, type CallRecord, type Principal } from '../../trail-writer/index.js';
import { isoSeconds, javaDateString } from '../../trail-writer/record/java-date.js';
import { userIdentity } from '../../trail-writer/record/user-identity.js';
import { endpointTls } from '../../trail-writer/index.js';
import { Random } from '../../server/generator/random.js';

// The generator's speed rests on serializeRecord writing member by member, with shared userIdentity and
// tlsDetails text; the bytes must stay what one JSON.stringify with a Java-date replacer gives.
function reference(record: Record<string, unknown>): string {
  return JSON.stringify(record, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? javaDateString(raw) : value;
  });
}

const CHARS = ['a', 'Z', '"', '\\', '\n', '\t', '\u0001', '\u007f', '\u2028', '\ud83d\ude00', '\ud800', '\udc00', 'é', '/', '<', ' '];

function randomValue(r: Random, depth: number): unknown {
  const text = () => Array.from({ length: r.int(0, 6) }, () => r.pick(CHARS)).join('');
  const roll = r.next();
  if (depth > 3 || roll < 0.35) {
    return r.pick<() => unknown>([
      text,
      () => r.int(-1000, 1000) / 8,
      () => -0,
      () => NaN,
      () => Infinity,
      () => r.chance(0.5),
      () => null,
      () => undefined,
      () => new Date(r.int(0, 2_000_000_000) * 1000 + r.int(0, 999)),
      () => () => 1,
    ])();
  }
  if (roll < 0.65) return Array.from({ length: r.int(0, 4) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = r.int(0, 4); i > 0; i--) o[r.pick([text(), '1', '0', 'createdAt', 'toString'])] = randomValue(r, depth + 1);
  return o;
}

t.test('serializeRecord gives the bytes of JSON.stringify with the Java-date replacer', async (t) => {
  const r = new Random('record-json', 'fuzz');
  let mismatches = 0;
  for (let i = 0; i < 5000; i++) {
    const record: Record<string, unknown> = {};
    for (let j = 0; j < 6; j++) record[`k${j}`] = randomValue(r, 0);
    if (serializeRecord(record) !== reference(record)) mismatches++;
  }
  t.equal(mismatches, 0);
});

t.test('a principal\'s userIdentity and an endpoint\'s tlsDetails are shared, and still serialize right', async (t) => {
  const principal: Principal = {
    type: 'AssumedRole',
    accountId: '123456789012',
    accessKeyId: 'ASIAEXAMPLEKEY000001',
    principalId: 'AROAEXAMPLEROLE00001:ci',
    arn: 'arn:aws:sts::123456789012:assumed-role/ci/ci',
    session: {
      creationDate: '2025-03-03T00:00:00Z',
      mfaAuthenticated: false,
      issuer: { type: 'Role', principalId: 'AROAEXAMPLEROLE00001', arn: 'arn:aws:iam::123456789012:role/ci', accountId: '123456789012', userName: 'ci' },
    },
  };
  t.equal(userIdentity(principal), userIdentity(principal), 'one element per principal');
  t.equal(endpointTls('ecs', 'eu-west-1'), endpointTls('ecs', 'eu-west-1'), 'one tlsDetails per endpoint');
  const call = (eventTime: number, response?: unknown): CallRecord => ({
    eventTime,
    eventSource: 'ecs.amazonaws.com',
    eventName: response ? 'UpdateService' : 'DescribeServices',
    awsRegion: 'eu-west-1',
    principal,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.27.0 "quoted" \\ agent',
    requestParameters: { cluster: 'prod', services: ['web'] },
    response,
    requestId: 'b65eef20-23b7-425c-b042-ad9851d5134a',
    eventId: '9046001e-ce0a-405c-909a-5a77bd3b8b51',
    readOnly: !response,
    tlsDetails: endpointTls('ecs', 'eu-west-1'),
  });
  const at = Date.UTC(2025, 2, 3, 13, 5, 9, 250);
  for (const c of [call(at), call(at + 1000, { service: { createdAt: new Date(at), deployments: [{ updatedAt: new Date(at + 5) }] } }), call(at)]) {
    const record = buildRecord(c);
    t.equal(serializeRecord(record), reference(record));
  }
  const json = JSON.parse(serializeRecord(buildRecord(call(at, { service: { createdAt: new Date(at) } })))) as Record<string, any>;
  t.equal(json.responseElements.service.createdAt, 'Mar 3, 2025, 1:05:09 PM');
  t.equal(json.userIdentity.sessionContext.sessionIssuer.userName, 'ci');
  // A principal changed in place gets a new element, not the one kept for its old fields.
  const before = userIdentity(principal);
  principal.accessKeyId = 'ASIAEXAMPLEKEY000002';
  t.not(userIdentity(principal), before);
  t.equal((userIdentity(principal) as { accessKeyId: string }).accessKeyId, 'ASIAEXAMPLEKEY000002');
});

t.test('the per-second text caches give the same text as formatting afresh', async (t) => {
  const times = [Date.UTC(2025, 9, 26, 23, 50, 52, 10), Date.UTC(2025, 9, 26, 23, 50, 52, 990), Date.UTC(2025, 9, 27, 0, 16, 57), Date.UTC(2025, 9, 26, 23, 50, 52)];
  t.same(times.map((ms) => isoSeconds(ms)), ['2025-10-26T23:50:52Z', '2025-10-26T23:50:52Z', '2025-10-27T00:16:57Z', '2025-10-26T23:50:52Z']);
  t.same(times.map((ms) => javaDateString(new Date(ms))), ['Oct 26, 2025, 11:50:52 PM', 'Oct 26, 2025, 11:50:52 PM', 'Oct 27, 2025, 12:16:57 AM', 'Oct 26, 2025, 11:50:52 PM']);
});
