import t from 'tap';
import { ecsModel } from '../../server/protocol/service-model.js';
import { sdkOperations, wireJson } from '../helpers/sdk-operations.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

/**
 * Validation covers every operation of the current ECS API, served or not: for each one, a missing
 * required member, a member of the wrong JSON type and a value outside an enum are refused with
 * ECS's errors before any handler runs, and each refusal is recorded.
 */
const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';
const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd';

t.test('every ECS operation refuses bad input with ECS errors, and records the refusal', async (t) => {
  const emu = await startTestEmulator(t);
  const post = async (op: string, body: Record<string, unknown>) => {
    const res = await fetch(emu.url, {
      method: 'POST',
      body: wireJson(body),
      headers: { 'x-amz-target': `${ECS_TARGET}.${op}`, 'content-type': 'application/x-amz-json-1.1', authorization: SIGNED },
    });
    const json = (await res.json()) as { message?: string };
    return { status: res.status, code: res.headers.get('x-amzn-errortype'), message: json.message ?? '', requestId: res.headers.get('x-amzn-requestid') ?? undefined };
  };
  const problems: string[] = [];
  const refusals: Array<{ op: string; code: string; requestId: string | undefined }> = [];
  const counts = { required: 0, type: 0, enum: 0 };
  for (const op of await sdkOperations('ecs')) {
    const shape = ecsModel.structures[ecsModel.operations[op.name]!.input]!;
    const expect = async (what: keyof typeof counts, body: Record<string, unknown>, codes: string[], message: RegExp) => {
      const res = await post(op.name, body);
      counts[what]++;
      if (res.status !== 400 || !codes.includes(res.code ?? '') || !message.test(res.message)) {
        problems.push(`${op.name} ${what}: ${res.status} ${res.code}: ${res.message}`);
      }
      refusals.push({ op: op.name, code: res.code ?? '', requestId: res.requestId });
    };
    const required = shape.required ?? [];
    if (required.length > 0) {
      const { [required[0]!]: _missing, ...rest } = op.input;
      await expect('required', rest, ['InvalidParameterException', 'ClientException'], /can not be blank\.|cannot be empty\.$/);
    }
    const [stringMember] = Object.entries(shape.members).find(([, m]) => m.type === 'string') ?? [];
    if (stringMember) await expect('type', { ...op.input, [stringMember]: 5 }, ['SerializationException'], /^NUMBER_VALUE can not be converted to a String$/);
    const [enumMember, enumType] = Object.entries(shape.members).find(([, m]) => m.type === 'string' && m.enum !== undefined) ?? [];
    if (enumMember && enumType?.type === 'string') {
      await expect('enum', { ...op.input, [enumMember]: 'NOT_A_VALUE' }, ['InvalidParameterException', 'ClientException'], new RegExp(`^${enumMember} should be one of \\[`));
    }
  }
  t.same(problems, [], 'each refusal is ECS-shaped');
  t.ok(counts.required > 40 && counts.type > 60 && counts.enum > 15, `refusals tried: ${JSON.stringify(counts)}`);
  const records = await emu.records();
  const unrecorded = refusals.filter((r) => {
    try {
      const rec = recordFor(records, r.requestId);
      return rec.eventName !== r.op || rec.errorCode !== r.code;
    } catch {
      return true;
    }
  });
  t.same(unrecorded.map((r) => r.op), [], 'every refusal is recorded once, under its operation, with its code');
});
