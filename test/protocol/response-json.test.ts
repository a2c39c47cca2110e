import t from 'tap';
import fc from 'fast-check';
import { serializeBody } from '../../server/protocol/aws-json.js';
import { holdsReusedOutput, reuseOutput } from '../../emulator/model/reused-output.js';
import { markRandomly } from '../helpers/reuse-marks.js';

/**
 * awsJson answers write timestamps as epoch seconds. serializeBody swaps Date.prototype.toJSON for
 * the length of one JSON.stringify (the answer path's biggest cost was copying every output to
 * convert its Dates): it must write what a Date-converting replacer writes, and leave Date as it was.
 */
function reference(body: unknown): string {
  return JSON.stringify(body, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}

const date = fc.oneof(fc.date({ min: new Date(-1e13), max: new Date(4e12) }), fc.constant(new Date(NaN)), fc.constant(new Date(1700000000123)));
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    date,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 5 }),
  ),
})).v;

t.test('every Date is written as epoch seconds, everything else as JSON.stringify writes it', async (t) => {
  const own = Date.prototype.toJSON;
  fc.assert(
    fc.property(fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 5 }), (body) => serializeBody(body) === reference(body)),
    { numRuns: 3000, seed: 20261203 },
  );
  t.pass('3,000 bodies');
  t.equal(serializeBody({ createdAt: new Date(1700000000123), at: [new Date(0)] }), '{"createdAt":1700000000.123,"at":[0]}');
  t.equal(Date.prototype.toJSON, own, "Date's own toJSON is back");
  t.equal(JSON.stringify({ d: new Date(0) }), '{"d":"1970-01-01T00:00:00.000Z"}', 'other JSON.stringify calls are unaffected');
});

t.test("Date's own toJSON is back even when stringify throws", async (t) => {
  const own = Date.prototype.toJSON;
  const circular: Record<string, unknown> = { at: new Date(0) };
  circular.self = circular;
  t.throws(() => serializeBody(circular), TypeError);
  t.throws(() => serializeBody({ n: 1n }), TypeError);
  t.equal(Date.prototype.toJSON, own);
});

t.test('list items handed out again (reused, frozen) are written as JSON.stringify writes them, first time and after', async (t) => {
  // Which object items of the top-level lists are marked, bit by bit; the first item too, so the
  // reused path is taken whenever one is marked and the plain path otherwise.
  const body = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(value, fc.array(value, { maxLength: 5 })), { maxKeys: 5 });
  let reusedPaths = 0;
  fc.assert(
    fc.property(body, fc.nat(), (b, mask) => {
      let bit = 0;
      for (const v of Object.values(b)) {
        if (!Array.isArray(v)) continue;
        for (const item of v) if (typeof item === 'object' && item !== null && (mask >> bit++ % 30) & 1) reuseOutput(item);
      }
      const first = serializeBody(b);
      const again = serializeBody(b);
      if (bit > 0 && mask !== 0) reusedPaths++;
      return first === reference(b) && again === first;
    }),
    { numRuns: 3000, seed: 20261206 },
  );
  t.ok(reusedPaths > 100, `${reusedPaths} of 3,000 bodies had reused items`);
  const task = reuseOutput({ taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/1', createdAt: new Date(1700000000500), containers: [{ name: 'a' }] });
  const answer = { tasks: [task, { taskArn: 'b', at: undefined }], failures: [], next: undefined };
  t.equal(serializeBody(answer), '{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c/1","createdAt":1700000000.5,"containers":[{"name":"a"}]},{"taskArn":"b"}],"failures":[]}');
  t.ok(Object.isFrozen(task) && Object.isFrozen(task.containers[0]), 'a reused item is frozen with all it holds');
  t.throws(() => {
    (task as { taskArn: string }).taskArn = 'changed';
  }, TypeError, 'so its kept text cannot go stale');
});

t.test('reused objects anywhere inside an answer, and objects marked as holding them, are written as JSON.stringify writes them', async (t) => {
  const body = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(value, fc.array(value, { maxLength: 5 })), { maxKeys: 5 });
  let marks = 0;
  fc.assert(
    fc.property(body, fc.nat(), (b, mask) => {
      const expected = reference(b);
      marks += markRandomly(b, mask);
      const first = serializeBody(b);
      const again = serializeBody(b);
      return first === expected && again === first;
    }),
    { numRuns: 3000, seed: 20261207 },
  );
  t.ok(marks > 1000, `${marks} objects marked across 3,000 bodies`);

  // A service as UpdateService answers it: its events are reused, the service holds them.
  const events = [1, 2].map((i) => reuseOutput({ id: `e${i}`, createdAt: new Date(1700000000000 + i * 1500), message: `(service web) event ${i}.` }));
  const service = holdsReusedOutput({ serviceName: 'web', desiredCount: 2, events: events.slice(), createdAt: new Date(1700000000000), tags: undefined });
  const expected =
    '{"service":{"serviceName":"web","desiredCount":2,"events":[{"id":"e1","createdAt":1700000001.5,"message":"(service web) event 1."},' +
    '{"id":"e2","createdAt":1700000003,"message":"(service web) event 2."}],"createdAt":1700000000}}';
  t.equal(serializeBody({ service }), expected);
  t.equal(serializeBody({ services: [service], failures: [] }), `{"services":[${expected.slice(11, -1)}],"failures":[]}`);
  t.equal(serializeBody({ service: { ...service } }), expected, 'a copy (not marked) is written whole, the same');

  // Each reused object is written once, however deep: a getter counts how often its member is read.
  let reads = 0;
  const counted = reuseOutput(Object.defineProperty({ id: 'e3' }, 'n', { enumerable: true, get: () => ++reads }));
  const holder = holdsReusedOutput({ events: [counted, events[0]] });
  reads = 0; // freezing it read the member once
  const first = serializeBody({ service: holder });
  t.equal(serializeBody({ services: [holder] }), `{"services":[${first.slice(11, -1)}]}`);
  t.equal(first, '{"service":{"events":[{"id":"e3","n":1},{"id":"e1","createdAt":1700000001.5,"message":"(service web) event 1."}]}}');
  t.equal(reads, 1, 'its text was made once and kept');
});
