import type { ConstraintShape } from '../server/protocol/constraints.js';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as ecsClient from '@aws-sdk/client-ecs';
import { OPERATIONS } from '../emulator/operation-table.js';

/**
 * Writes server/protocol/ecs-constraints.generated.json: the enum, min, max and pattern traits of
 * the shapes reachable from the inputs of the operations the emulator serves.
 *
 * Why two sources: the minified model in `aws-sdk` (used for types and required members) has no
 * constraint traits; botocore's service-2.json has them, but the copy Debian's awscli ships is from
 * January 2023, so its enum lists miss later values (LaunchType MANAGED_INSTANCES...). The enum
 * objects exported by `@aws-sdk/client-ecs` are current, so an enum here is the union of both:
 * a value either source lists is accepted, so a valid request is never refused for being new.
 *
 * Run: node --import tsx scripts/extract-ecs-constraints.ts [path/to/service-2.json]
 */
export const BOTOCORE_ECS_MODEL = '/usr/lib/python3/dist-packages/awscli/botocore/data/ecs/2014-11-13/service-2.json';
export const OUTPUT = fileURLToPath(new URL('../server/protocol/ecs-constraints.generated.json', import.meta.url));

interface BotocoreRef { shape: string }
interface BotocoreShape {
  type: string;
  members?: Record<string, BotocoreRef>;
  member?: BotocoreRef;
  value?: BotocoreRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}
interface BotocoreModel {
  metadata: { apiVersion: string; uid?: string };
  operations: Record<string, { input?: BotocoreRef }>;
  shapes: Record<string, BotocoreShape>;
}

export interface ConstraintFile {
  generated: string;
  source: { botocoreModel: string; sha256: string; apiVersion: string; awscliVersion: string; clientEcsVersion: string };
  /** Operations the emulator serves that the botocore model lacks: only type/required checks for them. */
  missingOperations: string[];
  /** Operation name → its input shape. */
  operations: Record<string, string>;
  shapes: Record<string, ConstraintShape>;
}

function awscliVersion(modelPath: string): string {
  const init = modelPath.replace(/\/botocore\/data\/.*$/, '/__init__.py');
  try {
    return /__version__ = '([^']+)'/.exec(readFileSync(init, 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function clientEnum(name: string): string[] {
  const value = (ecsClient as Record<string, unknown>)[name];
  if (value === null || typeof value !== 'object') return [];
  const values = Object.values(value);
  return values.every((v) => typeof v === 'string') ? (values as string[]) : [];
}

export function extractConstraints(modelPath = BOTOCORE_ECS_MODEL): ConstraintFile {
  const text = readFileSync(modelPath, 'utf8');
  const model = JSON.parse(text) as BotocoreModel;
  const out: Record<string, ConstraintShape> = {};
  const relevant = new Map<string, boolean>();

  // A shape is kept when it carries a constraint, is a list or map (every list and map is capped),
  // or is a structure with a kept member. Recursion through structures is cut by `relevant`.
  const visit = (name: string): boolean => {
    const known = relevant.get(name);
    if (known !== undefined) return known;
    relevant.set(name, false);
    const s = model.shapes[name];
    if (!s) throw new Error(`model has no shape ${name}`);
    let keep = false;
    const c: ConstraintShape = { type: s.type as ConstraintShape['type'] };
    if (s.type === 'structure') {
      const members: Record<string, string> = {};
      for (const [m, ref] of Object.entries(s.members ?? {})) if (visit(ref.shape)) members[m] = ref.shape;
      if (Object.keys(members).length > 0) {
        c.members = members;
        keep = true;
      }
    } else if (s.type === 'list' || s.type === 'map') {
      const item = s.type === 'list' ? s.member! : s.value!;
      if (visit(item.shape)) c[s.type === 'list' ? 'member' : 'value'] = item.shape;
      keep = true;
    }
    if (s.enum) {
      const merged = [...s.enum];
      for (const v of clientEnum(name)) if (!merged.includes(v)) merged.push(v);
      c.enum = merged;
      keep = true;
    }
    if (s.min !== undefined) c.min = s.min;
    if (s.max !== undefined) c.max = s.max;
    if (s.pattern !== undefined) c.pattern = s.pattern;
    if (s.min !== undefined || s.max !== undefined || s.pattern !== undefined) keep = true;
    relevant.set(name, keep);
    if (keep) out[name] = c;
    return keep;
  };

  const operations: Record<string, string> = {};
  const missingOperations: string[] = [];
  for (const op of Object.keys(OPERATIONS).sort()) {
    const input = model.operations[op]?.input?.shape;
    if (!model.operations[op]) missingOperations.push(op);
    if (input && visit(input)) operations[op] = input;
  }
  const clientPkg = createRequire(import.meta.url)('@aws-sdk/client-ecs/package.json') as { version: string };
  const shapes = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
  return {
    generated: 'GENERATED by scripts/extract-ecs-constraints.ts; do not edit. Regenerate: node --import tsx scripts/extract-ecs-constraints.ts',
    source: {
      botocoreModel: modelPath,
      sha256: createHash('sha256').update(text).digest('hex'),
      apiVersion: model.metadata.apiVersion,
      awscliVersion: awscliVersion(modelPath),
      clientEcsVersion: clientPkg.version,
    },
    missingOperations,
    operations,
    shapes,
  };
}

export function renderConstraints(file: ConstraintFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = extractConstraints(process.argv[2] ?? BOTOCORE_ECS_MODEL);
  writeFileSync(OUTPUT, renderConstraints(file));
  console.log(`wrote ${OUTPUT}: ${Object.keys(file.operations).length} operations, ${Object.keys(file.shapes).length} shapes`);
}
