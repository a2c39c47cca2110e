import t, { type Test } from 'tap';
import { Readable } from 'node:stream';
import * as ecsSdk from '@aws-sdk/client-ecs';
import * as cloudTrailSdk from '@aws-sdk/client-cloudtrail';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { OPERATIONS } from '../../emulator/index.js';
import { CLOUDTRAIL_READ_ONLY_EVENTS, ECS_READ_ONLY_EVENTS } from '../../trail-writer/index.js';
import { cloudTrailModel, ecsModel } from '../../server/protocol/service-model.js';
import { OperationValidators } from '../../server/protocol/validate.js';
import { requiredMemberError } from '../../server/protocol/required-members.js';
import type { SdkModel, SdkType } from '../../scripts/sdk-model.js';
import { sdkModel, sdkOperations, wireJson, type SdkOperation } from '../helpers/sdk-operations.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * Every operation of the installed SDK clients, called through the real client with a minimal valid
 * input (test/helpers/sdk-operations.ts): each answers (no 501, no 5xx; a success whose body holds
 * only members of the operation's output, or an error the SDK knows), and each call is in the trail
 * exactly once, under its own name, with the readOnly its event source gives it.
 *
 * Every ECS operation is served: when an SDK update brings one the emulator has no handler for, this
 * test fails (the server would answer it UnsupportedFeatureException, naming it).
 */

/** Of CloudTrail's API, ecs-trail serves LookupEvents (event history); the rest answer UnsupportedOperationException. */
const CLOUDTRAIL_SERVED: ReadonlySet<string> = new Set(['LookupEvents']);

interface Client {
  send(command: unknown): Promise<unknown>;
  config: { requestHandler: unknown };
}

/** Keeps the raw body of each response the client receives (the SDK's parsed output drops unknown members). */
function keepRawBodies(client: Client): { last: () => string } {
  const handler = client.config.requestHandler as { handle(req: unknown, opts?: unknown): Promise<{ response: { body: unknown } }> };
  const handle = handler.handle.bind(handler);
  let last = '';
  handler.handle = async (req, opts) => {
    const out = await handle(req, opts);
    const chunks: Buffer[] = [];
    for await (const c of out.response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    const body = Buffer.concat(chunks);
    last = body.toString('utf8');
    out.response.body = Readable.from([body]);
    return out;
  };
  return { last: () => last };
}

/** Members of a response that the operation's output shape does not have, as paths. */
function unknownMembers(sdk: SdkModel, structure: string, value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const shape = sdk.structures[structure];
  if (!shape) return [`${path || structure}: no structure ${structure}`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const member = shape.members[k];
    if (!member) out.push(`${path}${k}`);
    else out.push(...unknownIn(sdk, member.type, v, `${path}${k}.`));
  }
  return out;
}

function unknownIn(sdk: SdkModel, t: SdkType, v: unknown, path: string): string[] {
  if (t.type === 'structure' || t.type === 'union') return unknownMembers(sdk, t.shape, v, path);
  if (t.type === 'list' && Array.isArray(v)) return v.flatMap((item, i) => unknownIn(sdk, t.member, item, `${path}[${i}].`));
  if (t.type === 'map' && v && typeof v === 'object') return Object.values(v).flatMap((item) => unknownIn(sdk, t.value, item, path));
  return [];
}

const exceptionNames = (mod: Record<string, unknown>) =>
  new Set(Object.keys(mod).filter((k) => k.endsWith('Exception') && typeof mod[k] === 'function'));

interface Expectation {
  sdk: SdkModel;
  ops: SdkOperation[];
  client: Client;
  served: (op: string) => boolean;
  notServedCode: string;
  known: ReadonlySet<string>;
  readOnly: ReadonlySet<string>;
  validators: OperationValidators;
}

async function callEvery(t: Test, e: Expectation, records: () => Promise<Record<string, any>[]>): Promise<void> {
  const raw = keepRawBodies(e.client);
  const problems: string[] = [];
  const calls = new Map<string, { op: string; code: string | undefined }>();
  const answered = { ok: 0, errors: new Map<string, number>() };
  for (const op of e.ops) {
    if (!op.inModel) {
      problems.push(`${op.name}: not in the emulator's model`);
      continue;
    }
    // The input is valid by the emulator's own model (else the test would only exercise validation).
    try {
      e.validators.get(op.name)!(JSON.parse(wireJson(op.input)) as Record<string, unknown>);
    } catch (err) {
      problems.push(`${op.name}: the minimal input fails the model's validation: ${(err as Error).message}`);
    }
    try {
      const out = (await e.client.send(new op.Command(structuredClone(op.input)))) as { $metadata: { requestId?: string; httpStatusCode?: number } };
      answered.ok++;
      if (!e.served(op.name)) problems.push(`${op.name}: answered 200 but is not served`);
      const body = JSON.parse(raw.last() || '{}') as unknown;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) problems.push(`${op.name}: the body is not a JSON object`);
      const extra = unknownMembers(e.sdk, e.sdk.operations[op.name]!.output, body);
      if (extra.length > 0) problems.push(`${op.name}: members the output shape lacks: ${extra.slice(0, 5).join(', ')}`);
      calls.set(out.$metadata.requestId ?? `missing-${op.name}`, { op: op.name, code: undefined });
    } catch (err) {
      const x = err as { name: string; message: string; $metadata?: { requestId?: string; httpStatusCode?: number } };
      const status = x.$metadata?.httpStatusCode;
      answered.errors.set(x.name, (answered.errors.get(x.name) ?? 0) + 1);
      if (status === undefined || status >= 500) problems.push(`${op.name}: ${status} ${x.name}: ${x.message}`);
      else if (!e.known.has(x.name)) problems.push(`${op.name}: ${x.name} is not an error the SDK knows`);
      else if (x.name === 'SerializationException') problems.push(`${op.name}: a valid input was refused: ${x.message}`);
      else if (e.served(op.name) && x.name === e.notServedCode && /does not emulate/.test(x.message)) problems.push(`${op.name}: served, yet answered ${x.name}`);
      else if (!e.served(op.name) && (x.name !== e.notServedCode || !x.message.includes(op.name))) {
        problems.push(`${op.name}: not served, yet answered ${x.name}: ${x.message}`);
      }
      calls.set(x.$metadata?.requestId ?? `missing-${op.name}`, { op: op.name, code: x.name });
    }
  }
  t.same(problems, [], 'every operation answers as its API says');
  t.comment(`${answered.ok} succeeded; errors: ${[...answered.errors].map(([k, n]) => `${k} ${n}`).join(', ')}`);

  const all = await records();
  const byId = new Map<string, Record<string, any>[]>();
  for (const r of all) byId.set(r.requestID, [...(byId.get(r.requestID) ?? []), r]);
  const trailProblems: string[] = [];
  for (const [requestId, { op, code }] of calls) {
    const found = byId.get(requestId) ?? [];
    if (found.length !== 1) {
      trailProblems.push(`${op}: ${found.length} records`);
      continue;
    }
    const r = found[0]!;
    if (r.eventName !== op) trailProblems.push(`${op}: recorded as ${r.eventName}`);
    if (r.errorCode !== code) trailProblems.push(`${op}: errorCode ${r.errorCode}, answered ${code}`);
    if (r.readOnly !== e.readOnly.has(op)) trailProblems.push(`${op}: readOnly ${r.readOnly}`);
  }
  t.same(trailProblems, [], 'every call is in the trail once, under its name, with its readOnly');
}

t.test('every ECS operation of @aws-sdk/client-ecs answers and is recorded', async (t) => {
  const emu = await startTestEmulator(t);
  const ops = await sdkOperations('ecs');
  const served = (op: string) => Object.hasOwn(OPERATIONS, op);
  t.same(ops.filter((o) => !served(o.name)).map((o) => o.name), [], 'every ECS operation of the installed SDK has a handler');
  t.comment(`ECS: ${ops.filter((o) => served(o.name)).length} of ${ops.length} operations served`);
  await callEvery(
    t,
    {
      sdk: await sdkModel('ecs'),
      ops,
      client: emu.ecs as unknown as Client,
      served,
      notServedCode: 'UnsupportedFeatureException',
      known: new Set([...exceptionNames(ecsSdk as Record<string, unknown>), 'SerializationException']),
      readOnly: ECS_READ_ONLY_EVENTS,
      validators: new OperationValidators(ecsModel, { requiredMemberError }),
    },
    () => emu.records(),
  );
});

t.test('every CloudTrail operation of @aws-sdk/client-cloudtrail answers and is recorded', async (t) => {
  const emu = await startTestEmulator(t);
  const client = new CloudTrailClient({
    region: 'us-east-1',
    endpoint: emu.url,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  });
  t.teardown(() => client.destroy());
  await callEvery(
    t,
    {
      sdk: await sdkModel('cloudtrail'),
      ops: await sdkOperations('cloudtrail'),
      client: client as unknown as Client,
      served: (op) => CLOUDTRAIL_SERVED.has(op),
      notServedCode: 'UnsupportedOperationException',
      known: new Set([...exceptionNames(cloudTrailSdk as Record<string, unknown>), 'SerializationException']),
      readOnly: CLOUDTRAIL_READ_ONLY_EVENTS,
      validators: new OperationValidators(cloudTrailModel),
    },
    () => emu.records(),
  );
});
