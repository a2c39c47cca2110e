import t from 'tap';
import fc from 'fast-check';
import * as ecsSdk from '@aws-sdk/client-ecs';
import * as cloudTrailSdk from '@aws-sdk/client-cloudtrail';
import { ecsModel } from '../../server/protocol/service-model.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { fuzzSeed } from '../helpers/fuzz-seed.js';

/**
 * Property: whatever arrives, the server answers (no crash, no hang, no 500), every answer is a
 * success or a well-formed AWS error with a known code, and every answer that carries a requestID
 * of an attributable call is in the trail exactly once. FUZZ_RUNS sets the count (npm run fuzz).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = fuzzSeed('FUZZ_RUNS');

const exceptionNames = (mod: Record<string, unknown>) =>
  Object.keys(mod).filter((k) => k.endsWith('Exception') && typeof mod[k] === 'function');
const KNOWN_CODES = new Set([
  ...exceptionNames(ecsSdk),
  ...exceptionNames(cloudTrailSdk),
  'SerializationException',
  'UnknownOperationException',
  'UnsupportedMediaTypeException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'InvalidSignatureException',
]);
/** Answers that are not API events CloudTrail could attribute: no record is written. */
const UNRECORDED = new Set(['UnknownOperationException', 'IncompleteSignatureException', 'InvalidSignatureException', 'UnrecognizedClientException']);

const ECS_PREFIX = ecsModel.metadata.targetPrefix;
const OPS = Object.keys(ecsModel.operations);
const MEMBERS = [...new Set(Object.values(ecsModel.operations).flatMap((o) => Object.keys(ecsModel.structures[o.input]?.members ?? {})))];

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('default', 'demo', 'arn:aws:ecs:us-east-1:123456789012:cluster/demo', 'web:1', '__proto__', 'FARGATE', ''),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...MEMBERS, '__proto__', 'constructor', 'key', 'value', 'name'), tie('value'), { maxKeys: 5 }),
  ),
}));

const bodies = fc.oneof(
  fc.dictionary(fc.constantFrom(...MEMBERS), jsonish.value, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  jsonish.value.map((v) => JSON.stringify(v)),
  fc.string().map((s) => s),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constant(''),
  fc.constant('{"clusterName":"demo"}'),
);

const targets = fc.oneof(
  fc.constantFrom(...OPS).map((op) => `${ECS_PREFIX}.${op}`),
  fc.constantFrom('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.CreateTrail'),
  fc.string({ maxLength: 40 }),
  fc.constant(undefined),
);

const contentTypes = fc.constantFrom(undefined, 'application/x-amz-json-1.1', 'application/json', 'application/x-amz-json-1.0', 'text/plain', 'application/x-amz-json-1.1; charset=utf-8');
const authorizations = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'bogus', '..').map(
    (r) => `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/${r}/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123`,
  ),
  fc.string({ maxLength: 60 }),
);

t.test(`fuzz: ${RUNS} generated and mutated requests`, async (t) => {
  const emu = await startTestEmulator(t, { timings: { provisioningMs: 0, pendingMs: 0, stoppingMs: 0, deprovisioningMs: 0, stoppedTaskRetentionMs: 3600_000 } });
  const acknowledged = new Map<string, string>();
  let answered = 0;
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(targets, bodies, contentTypes, authorizations, async (target, body, contentType, authorization) => {
      const headers: Record<string, string> = {};
      if (target !== undefined) headers['x-amz-target'] = target.replace(/[\r\n]/g, '');
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (authorization !== undefined) headers.authorization = authorization.replace(/[^\x20-\x7e]/g, '');
      const res = await fetch(emu.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      answered++;
      const requestId = res.headers.get('x-amzn-requestid');
      if (!requestId) failures.push(`no x-amzn-RequestId (${res.status})`);
      if (res.status === 200) {
        JSON.parse(text);
        if (requestId) acknowledged.set(requestId, 'ok');
        return;
      }
      if (res.status >= 500) failures.push(`${res.status} for ${target}: ${text}`);
      const code = res.headers.get('x-amzn-errortype') ?? '';
      const parsed = JSON.parse(text) as { __type?: string; message?: unknown };
      if (parsed.__type !== code || typeof parsed.message !== 'string') failures.push(`malformed error body: ${text}`);
      if (!KNOWN_CODES.has(code)) failures.push(`unknown error code ${code} for ${target}`);
      if (requestId && !UNRECORDED.has(code) && res.status !== 413 && res.status !== 404) acknowledged.set(requestId, code);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  t.same(failures.slice(0, 20), [], `every answer is well-formed (FUZZ_SEED=${SEED} replays this run)`);
  const records = await emu.records();
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.requestID, (counts.get(r.requestID) ?? 0) + 1);
  let missing = 0;
  let doubled = 0;
  for (const id of acknowledged.keys()) {
    const n = counts.get(id) ?? 0;
    if (n === 0) missing++;
    if (n > 1) doubled++;
  }
  t.equal(answered, RUNS, 'every request was answered');
  t.equal(missing, 0, `every acknowledged call is in the trail (${acknowledged.size} acknowledged)`);
  t.equal(doubled, 0, 'no call is recorded twice');
  t.equal(new Set(records.map((r) => r.eventID)).size, records.length, 'eventIDs are unique');
  t.comment(`fuzz: ${RUNS} requests, ${acknowledged.size} acknowledged and recorded, ${records.length} records checked, lost 0`);
});
