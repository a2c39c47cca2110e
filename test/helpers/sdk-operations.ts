import * as ecsSdk from '@aws-sdk/client-ecs';
import * as cloudTrailSdk from '@aws-sdk/client-cloudtrail';
import { readSdkModel, type SdkModel } from '../../scripts/sdk-model.js';
import { cloudTrailModel, ecsModel, type MemberType, type ServiceModel } from '../../server/protocol/service-model.js';
import { wholeValuePattern } from '../../server/protocol/constraints.js';

/**
 * Every operation of an installed SDK client, each with its Command class and a minimal valid
 * input: the required members only, each the smallest value the emulator's model accepts (the first
 * enum value; a short name that fits the member's length and pattern; one item in a required list).
 * For tests that must cover every operation as more of them land: the list comes from the SDK, not
 * from what the emulator serves.
 */
export interface SdkOperation {
  name: string;
  Command: new (input: any) => any;
  /** The input as the SDK takes it (Dates, Uint8Arrays). */
  input: Record<string, unknown>;
  /** Whether the emulator's model has the operation (a drift test holds them together). */
  inModel: boolean;
}

export type SdkService = 'ecs' | 'cloudtrail';

const SERVICES: Record<SdkService, { pkg: string; module: Record<string, unknown>; model: ServiceModel }> = {
  ecs: { pkg: '@aws-sdk/client-ecs', module: ecsSdk as Record<string, unknown>, model: ecsModel },
  cloudtrail: { pkg: '@aws-sdk/client-cloudtrail', module: cloudTrailSdk as Record<string, unknown>, model: cloudTrailModel },
};

const sdkModels = new Map<SdkService, Promise<SdkModel>>();

/** The SDK's own description of its API (scripts/sdk-model.ts), read once per process. */
export function sdkModel(service: SdkService): Promise<SdkModel> {
  let m = sdkModels.get(service);
  if (!m) sdkModels.set(service, (m = readSdkModel(SERVICES[service].pkg)));
  return m;
}

export async function sdkOperations(service: SdkService = 'ecs'): Promise<SdkOperation[]> {
  const { module, model } = SERVICES[service];
  const sdk = await sdkModel(service);
  return Object.keys(sdk.operations).map((name) => {
    const Command = module[`${name}Command`] as SdkOperation['Command'] | undefined;
    if (!Command) throw new Error(`${SERVICES[service].pkg} has no ${name}Command`);
    const inModel = Object.hasOwn(model.operations, name);
    return { name, Command, input: inModel ? minimalStructure(model, model.operations[name]!.input) : {}, inModel };
  });
}

/** Text values tried in order for a string member with a length or pattern. */
const CANDIDATES = ['default', 'a', 'name-1', '1', '123456789012', 'arn:aws:ecs:us-east-1:123456789012:cluster/default', 'A1', '00:00', 'ecs.amazonaws.com'];

export function minimalStructure(model: ServiceModel, name: string): Record<string, unknown> {
  const shape = model.structures[name];
  if (!shape) throw new Error(`the model has no structure ${name}`);
  const out: Record<string, unknown> = {};
  if (shape.union) {
    const [member, type] = Object.entries(shape.members)[0]!;
    out[member] = minimalValue(model, type);
    return out;
  }
  for (const member of shape.required ?? []) out[member] = minimalValue(model, shape.members[member]!);
  return out;
}

function minimalValue(model: ServiceModel, t: MemberType): unknown {
  switch (t.type) {
    case 'structure':
    case 'union':
      return minimalStructure(model, t.shape);
    case 'list':
      return Array.from({ length: Math.max(t.min ?? 0, 1) }, () => minimalValue(model, t.member));
    case 'map':
      return (t.min ?? 0) > 0 ? { [String(minimalValue(model, t.key))]: minimalValue(model, t.value) } : {};
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'number':
      return Math.min(Math.max(t.min ?? 1, 1), t.max ?? Infinity);
    case 'boolean':
      // ExecuteCommand's required `interactive` only takes true; elsewhere true is as valid as false.
      return true;
    case 'timestamp':
      return new Date('2026-01-01T00:00:00Z');
    case 'blob':
      return new Uint8Array([1]);
    case 'document':
      return {};
    default: {
      if (t.enum !== undefined) return model.enums[t.enum]![0];
      const pattern = t.pattern === undefined ? undefined : wholeValuePattern(t.pattern).re;
      const fits = (s: string) => s.length >= (t.min ?? 0) && s.length <= (t.max ?? Infinity) && (!pattern || pattern.test(s));
      const found = CANDIDATES.find(fits) ?? 'a'.repeat(Math.max(t.min ?? 1, 1));
      if (!fits(found)) throw new Error(`no minimal value fits ${JSON.stringify(t)}`);
      return found;
    }
  }
}

/** The input as it goes on the wire (awsJson: epoch seconds, base64), for tests that post raw bodies. */
export function wireJson(input: unknown): string {
  return JSON.stringify(input, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
    return value;
  });
}
