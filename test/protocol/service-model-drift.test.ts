import t from 'tap';
import { readFileSync } from 'node:fs';
import { SERVICES, buildServiceModel, outputPath, renderServiceModel } from '../../scripts/generate-service-models.js';
import { findBotocoreModel } from '../../scripts/botocore-model.js';
import type { SdkModel, SdkType } from '../../scripts/sdk-model.js';
import { cloudTrailModel, ecsModel, type MemberType, type ServiceModel } from '../../server/protocol/service-model.js';
import { wholeValuePattern } from '../../server/protocol/constraints.js';
import { OperationValidators } from '../../server/protocol/validate.js';
import { requiredMemberError } from '../../server/protocol/required-members.js';
import { sdkModel, type SdkService } from '../helpers/sdk-operations.js';

/**
 * The committed models (server/protocol/models/*.model.json) against the installed SDK clients:
 * an operation, member, required member or enum value the SDK has and the model lacks fails here,
 * whatever botocore the machine has. Where the machine has the very botocore model the files were
 * generated from, a regeneration must also give the same text.
 */
const MODELS: Record<SdkService, ServiceModel> = { ecs: ecsModel, cloudtrail: cloudTrailModel };

function sameType(sdk: SdkType, ours: MemberType | undefined, at: string, sdkModelOf: SdkModel, model: ServiceModel, gaps: string[]): void {
  if (!ours) {
    gaps.push(`${at}: missing`);
    return;
  }
  const numeric = ['integer', 'long', 'float', 'double', 'number'];
  if (sdk.type === 'number' ? !numeric.includes(ours.type) : sdk.type !== ours.type) {
    gaps.push(`${at}: the SDK says ${sdk.type}, the model ${ours.type}`);
    return;
  }
  if ((sdk.type === 'structure' || sdk.type === 'union') && 'shape' in ours && sdk.shape !== ours.shape) {
    gaps.push(`${at}: the SDK says ${sdk.shape}, the model ${ours.shape}`);
  }
  if (sdk.type === 'list' && ours.type === 'list') sameType(sdk.member, ours.member, `${at}[]`, sdkModelOf, model, gaps);
  if (sdk.type === 'map' && ours.type === 'map') {
    sameType(sdk.key, ours.key, `${at}{key}`, sdkModelOf, model, gaps);
    sameType(sdk.value, ours.value, `${at}{}`, sdkModelOf, model, gaps);
  }
  if (sdk.type === 'string' && sdk.enum !== undefined) {
    const ourEnum = ours.type === 'string' ? ours.enum : undefined;
    if (ourEnum !== sdk.enum) gaps.push(`${at}: the SDK's enum is ${sdk.enum}, the model's ${ourEnum ?? 'none'}`);
    const values = model.enums[ourEnum ?? ''] ?? [];
    for (const v of sdkModelOf.enums[sdk.enum] ?? []) if (!values.includes(v)) gaps.push(`${at}: enum value ${sdk.enum}.${v} missing`);
  }
}

/** What the SDK has that the model lacks (and what the model has that the SDK no longer has). */
export function modelGaps(sdk: SdkModel, model: ServiceModel): string[] {
  const gaps: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const s = sdk.structures[name]!;
    const ours = model.structures[name];
    if (!ours) {
      gaps.push(`structure ${name}: missing`);
      return;
    }
    if (s.union !== (ours.union === true)) gaps.push(`structure ${name}: union in one model only`);
    const required = ours.required ?? [];
    if (s.required.join() !== required.join()) gaps.push(`structure ${name}: required [${s.required}] in the SDK, [${required}] in the model`);
    for (const [m, member] of Object.entries(s.members)) {
      sameType(member.type, ours.members[m], `${name}.${m}`, sdk, model, gaps);
      let inner: SdkType = member.type;
      while (inner.type === 'list' || inner.type === 'map') inner = inner.type === 'list' ? inner.member : inner.value;
      if (inner.type === 'structure' || inner.type === 'union') visit(inner.shape);
    }
    for (const m of Object.keys(ours.members)) if (!s.members[m]) gaps.push(`${name}.${m}: not in the SDK`);
  };
  for (const [op, { input }] of Object.entries(sdk.operations)) {
    const ours = model.operations[op];
    if (!ours) gaps.push(`operation ${op}: missing`);
    else if (ours.input !== input) gaps.push(`operation ${op}: input ${input} in the SDK, ${ours.input} in the model`);
    visit(input);
  }
  for (const op of Object.keys(model.operations)) if (!sdk.operations[op]) gaps.push(`operation ${op}: not in the SDK`);
  return gaps;
}

for (const spec of SERVICES) {
  const service = spec.name as SdkService;
  const model = MODELS[service];

  t.test(`${spec.name}: the model has every operation, member, required member and enum value of ${spec.sdkPackage}`, async (t) => {
    const sdk = await sdkModel(service);
    t.same(modelGaps(sdk, model), [], 'regenerate with: node --import tsx scripts/generate-service-models.ts');
    t.equal(model.source.sdk, `${sdk.packageName} ${sdk.version}`, 'the model names the installed SDK version it was made from');
    t.comment(`${spec.name}: ${Object.keys(model.operations).length} operations, ${Object.keys(model.structures).length} structures, ${Object.keys(model.enums).length} enums (${model.source.sdk}; traits from ${model.source.botocore})`);
  });

  const botocore = findBotocoreModel(spec.botocoreService, spec.apiVersion);
  const sameBotocore = botocore?.sha256 === model.source.botocoreSha256;
  t.test(
    `${spec.name}: a regeneration from the same SDK and botocore model gives the committed file`,
    { skip: sameBotocore ? false : `the botocore model the file was made from (${model.source.botocore}, sha256 ${model.source.botocoreSha256.slice(0, 12)}…) is not on this machine${botocore ? ` (found ${botocore.description})` : ''}` },
    async (t) => {
      const text = renderServiceModel(buildServiceModel(await sdkModel(service), botocore!));
      t.equal(readFileSync(outputPath(spec), 'utf8'), text, 'regenerate with: node --import tsx scripts/generate-service-models.ts');
    },
  );
}

t.test('every pattern of the models compiles as a whole-value JS unicode regex', async (t) => {
  const patterns = new Set<string>();
  const walk = (m: MemberType) => {
    if (m.type === 'string' && m.pattern !== undefined) patterns.add(m.pattern);
    if (m.type === 'list') walk(m.member);
    if (m.type === 'map') {
      walk(m.key);
      walk(m.value);
    }
  };
  for (const model of Object.values(MODELS)) for (const s of Object.values(model.structures)) Object.values(s.members).forEach(walk);
  t.ok(patterns.size > 0, 'the models have patterns');
  for (const p of patterns) t.doesNotThrow(() => wholeValuePattern(p), p);
  t.notOk(wholeValuePattern('([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)').re.test('bad#key'), 'an unanchored botocore pattern is applied to the whole value');
});

t.test('a validator compiles for every operation of both models', async (t) => {
  t.equal(new OperationValidators(ecsModel, { requiredMemberError }).compileAll(), Object.keys(ecsModel.operations).length);
  t.equal(new OperationValidators(cloudTrailModel).compileAll(), Object.keys(cloudTrailModel.operations).length);
});
