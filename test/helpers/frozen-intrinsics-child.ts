/**
 * Run under `node --frozen-intrinsics` by test/protocol/frozen-intrinsics.test.ts: Date.prototype
 * cannot be changed, so both JSON writers take their fallback paths. Prints one JSON line: whether
 * Date.prototype was frozen, how many values were checked, and the first mismatch.
 */
import { serializeBody } from '../../server/protocol/aws-json.js';
import { recordJson, type CallRecord } from '../../trail-writer/index.js';
import { javaDateString } from '../../trail-writer/record/java-date.js';
import { holdsReusedOutput, reuseOutput } from '../../emulator/model/reused-output.js';

const withDates = (convert: (d: Date) => unknown) =>
  function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? convert(raw) : value;
  };

/** A service-shaped answer, with its events reused and the service marked as holding them, or not. */
function service(i: number, marked: boolean): Record<string, unknown> {
  const events = Array.from({ length: i % 4 }, (_, k) => ({ id: `e${i}-${k}`, createdAt: new Date(1700000000000 + k * 1500), message: `event "${k}"\n` }));
  const s = { serviceName: `s${i}`, desiredCount: i, tags: undefined, events: marked ? events.map((e) => reuseOutput(e)) : events, createdAt: new Date(1700000000123 + i), nested: { at: [new Date(i * 1000)] } };
  return marked && events.length > 0 ? holdsReusedOutput(s) : s;
}

let checked = 0;
let mismatch: string | undefined;
for (let i = 0; i < 40; i++) {
  const body = { service: service(i, true), failures: [] };
  const expected = JSON.stringify({ service: service(i, false), failures: [] }, withDates((d) => d.getTime() / 1000));
  for (const got of [serializeBody(body), serializeBody(body)]) {
    checked++;
    if (got !== expected && mismatch === undefined) mismatch = `answer ${i}: ${got} !== ${expected}`;
  }
  const call = (svc: Record<string, unknown>): CallRecord => ({
    eventTime: 1700000000000,
    eventSource: 'ecs.amazonaws.com',
    eventName: 'UpdateService',
    awsRegion: 'us-east-1',
    principal: { type: 'IAMUser', accountId: '123456789012', accessKeyId: 'AKIAEXAMPLE', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/u', userName: 'u' },
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2',
    requestParameters: { service: `s${i}` },
    response: { service: svc },
    requestId: `r${i}`,
    eventId: `e${i}`,
    readOnly: false,
  });
  const record = JSON.parse(recordJson(call(service(i, false)))) as Record<string, unknown>;
  const want = JSON.stringify(record.responseElements);
  const plain = JSON.stringify({ service: service(i, false) }, withDates(javaDateString));
  const got = JSON.parse(recordJson(call(service(i, true)))) as Record<string, unknown>;
  checked++;
  if ((JSON.stringify(got.responseElements) !== want || want !== plain) && mismatch === undefined) mismatch = `record ${i}: ${JSON.stringify(got.responseElements)} !== ${plain}`;
}
process.stdout.write(`${JSON.stringify({ frozen: Object.isFrozen(Date.prototype), checked, mismatch })}\n`);
