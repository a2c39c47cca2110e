import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * What an installed AWS SDK for JavaScript v3 client says about its service's API: the operations,
 * the structures their inputs and outputs are made of, which members are required, sensitive or
 * idempotency tokens, and which member takes which enum. Read from two places the client ships:
 *
 * - `dist-es/schemas/schemas_0.js` (Smithy's schema-serde form): a structure is
 *   `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount]` with its required
 *   members first, a union `[4, …]` the same, a list `[1, ns, name, traits, member]`, an operation
 *   `[9, ns, name, traits, input, output]`; simple types are numbers (0 string, 1 number, 2 boolean,
 *   4–7 timestamp, 15 document, 21 blob), `64 | t` a list and `128 | t` a map of t, and a member with
 *   traits is `[schema, traits]` (bit 2 idempotencyToken, bit 3 sensitive; @smithy/core translateTraits).
 * - `dist-types/models/*.d.ts`: the schemas do not say which string is an enum; the TypeScript types
 *   do (`launchType?: LaunchType`), and `models/enums` exports each enum's values.
 *
 * Used by scripts/generate-service-models.ts and by tests (test/helpers/sdk-operations.ts), never by
 * the server at run time (the SDK's schema module is 130 KB of JavaScript to load).
 */
export type SdkType =
  | { type: 'structure'; shape: string }
  | { type: 'union'; shape: string }
  | { type: 'list'; name?: string; member: SdkType }
  | { type: 'map'; name?: string; key: SdkType; value: SdkType }
  | { type: 'string'; enum?: string }
  | { type: 'number' | 'boolean' | 'timestamp' | 'blob' | 'document' };

export interface SdkMember {
  type: SdkType;
  sensitive?: true;
  idempotencyToken?: true;
}

export interface SdkStructure {
  name: string;
  /** A union: exactly one member is set. */
  union: boolean;
  members: Record<string, SdkMember>;
  /** Required members, in the model's order. */
  required: string[];
}

export interface SdkModel {
  packageName: string;
  version: string;
  /** The awsJson X-Amz-Target prefix the client sends (`serviceTarget` in its runtime config). */
  serviceTarget: string;
  /** Operation name → its input and output structure names. */
  operations: Record<string, { input: string; output: string }>;
  structures: Record<string, SdkStructure>;
  enums: Record<string, string[]>;
}

type Schema = unknown;

const SIMPLE: Record<number, SdkType['type']> = {
  0: 'string',
  1: 'number',
  2: 'boolean',
  4: 'timestamp',
  5: 'timestamp',
  6: 'timestamp',
  7: 'timestamp',
  15: 'document',
  17: 'number',
  19: 'number',
  21: 'blob',
  42: 'blob',
};
const LIST_MODIFIER = 64;
const MAP_MODIFIER = 128;
const IDEMPOTENCY_TOKEN = 1 << 2;
const SENSITIVE = 1 << 3;

const deref = (s: Schema): Schema => (typeof s === 'function' ? (s as () => Schema)() : s);

function traitBits(traits: unknown): { sensitive: boolean; idempotencyToken: boolean } {
  if (typeof traits === 'number') return { sensitive: (traits & SENSITIVE) !== 0, idempotencyToken: (traits & IDEMPOTENCY_TOKEN) !== 0 };
  if (traits && typeof traits === 'object') {
    const t = traits as Record<string, unknown>;
    return { sensitive: t.sensitive !== undefined, idempotencyToken: t.idempotencyToken !== undefined };
  }
  return { sensitive: false, idempotencyToken: false };
}

export async function readSdkModel(packageName: string): Promise<SdkModel> {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve(`${packageName}/package.json`);
  const root = dirname(pkgJson);
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const mod = (await import(packageName)) as Record<string, unknown>;
  const enumNames = declaredEnums(join(root, 'dist-types/models/enums.d.ts'));
  const enums: Record<string, string[]> = {};
  for (const name of enumNames) {
    const value = mod[name];
    if (value && typeof value === 'object') enums[name] = Object.values(value as Record<string, unknown>).map(String);
  }
  const memberEnums = memberEnumsOf(root, new Set(Object.keys(enums)));
  const shared = readFileSync(join(root, 'dist-es/runtimeConfig.shared.js'), 'utf8');
  const serviceTarget = /serviceTarget:\s*"([^"]+)"/.exec(shared)?.[1];
  if (!serviceTarget) throw new Error(`${packageName}: no serviceTarget in runtimeConfig.shared.js`);

  const structures: Record<string, SdkStructure> = {};
  const operations: Record<string, { input: string; output: string }> = {};

  const typeOf = (schema: Schema, owner: string, member: string): SdkMember => {
    let s = deref(schema);
    let sensitive = false;
    let idempotencyToken = false;
    // A member with traits: [schema, traits].
    if (Array.isArray(s) && s.length === 2) {
      const bits = traitBits(s[1]);
      sensitive ||= bits.sensitive;
      idempotencyToken ||= bits.idempotencyToken;
      s = deref(s[0]);
    }
    // A named simple type with traits: [0, ns, name, traits, schema].
    while (Array.isArray(s) && s[0] === 0 && s.length === 5) {
      const bits = traitBits(s[3]);
      sensitive ||= bits.sensitive;
      idempotencyToken ||= bits.idempotencyToken;
      s = deref(s[4]);
    }
    const out: SdkMember = { type: shapeType(s, owner, member) };
    if (sensitive) out.sensitive = true;
    if (idempotencyToken) out.idempotencyToken = true;
    return out;
  };

  const shapeType = (s: Schema, owner: string, member: string): SdkType => {
    s = deref(s);
    if (typeof s === 'number') {
      if ((s & MAP_MODIFIER) !== 0) {
        return { type: 'map', key: { type: 'string' }, value: withEnum(simple(s & ~MAP_MODIFIER), memberEnums.get(owner)?.get(member)?.value) };
      }
      if ((s & LIST_MODIFIER) !== 0) {
        return { type: 'list', member: withEnum(simple(s & ~LIST_MODIFIER), memberEnums.get(owner)?.get(member)?.item) };
      }
      return withEnum(simple(s), memberEnums.get(owner)?.get(member)?.scalar);
    }
    if (!Array.isArray(s)) throw new Error(`${owner}.${member}: unknown schema ${String(s)}`);
    const [kind, , name] = s as [number, string, string];
    switch (kind) {
      case 3:
      case 4:
        visitStructure(s);
        return { type: kind === 3 ? 'structure' : 'union', shape: name };
      case 1: {
        const item = typeOf(s[4], owner, member).type;
        return { type: 'list', name, member: item.type === 'string' && !item.enum ? withEnum(item, memberEnums.get(owner)?.get(member)?.item) : item };
      }
      case 2: {
        const value = typeOf(s[5], owner, member).type;
        return { type: 'map', name, key: typeOf(s[4], owner, member).type, value: value.type === 'string' && !value.enum ? withEnum(value, memberEnums.get(owner)?.get(member)?.value) : value };
      }
      default:
        throw new Error(`${owner}.${member}: unknown schema kind ${kind}`);
    }
  };

  const simple = (n: number): SdkType => {
    const type = SIMPLE[n];
    if (!type) throw new Error(`unknown simple schema ${n}`);
    return { type } as SdkType;
  };

  const visitStructure = (s: unknown[]): void => {
    const name = s[2] as string;
    if (structures[name]) return;
    const memberNames = s[4] as string[];
    const memberSchemas = s[5] as Schema[];
    const requiredCount = typeof s[6] === 'number' ? s[6] : 0;
    const struct: SdkStructure = { name, union: s[0] === 4, members: {}, required: memberNames.slice(0, requiredCount) };
    structures[name] = struct; // before the members: structures can be recursive
    memberNames.forEach((m, i) => {
      struct.members[m] = typeOf(memberSchemas[i], name, m);
    });
  };

  for (const [key, value] of Object.entries(mod)) {
    if (!key.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue;
    const input = deref(value[4]) as unknown[];
    const output = deref(value[5]) as unknown[];
    visitStructure(input);
    visitStructure(output);
    operations[value[2] as string] = { input: input[2] as string, output: output[2] as string };
  }
  return {
    packageName,
    version,
    serviceTarget,
    operations: sortKeys(operations),
    structures: sortKeys(structures),
    enums: sortKeys(enums),
  };
}

function withEnum(t: SdkType, enumName: string | undefined): SdkType {
  return enumName && t.type === 'string' ? { type: 'string', enum: enumName } : t;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));
}

/** The names `export declare const X: {…}` in enums.d.ts. */
function declaredEnums(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    }
  }
  return names;
}

interface MemberEnum {
  scalar?: string;
  item?: string;
  value?: string;
}

/**
 * Structure → member → the enum its type names, from the interfaces of dist-types/models/models_*.d.ts
 * (a union's members are interfaces `XMember` inside `namespace X`).
 */
function memberEnumsOf(root: string, enumNames: ReadonlySet<string>): Map<string, Map<string, MemberEnum>> {
  const out = new Map<string, Map<string, MemberEnum>>();
  const dir = join(root, 'dist-types/models');
  const files = ['models_0.d.ts', 'models_1.d.ts', 'models_2.d.ts'].map((f) => join(dir, f));
  const refName = (node: ts.TypeNode): string | undefined =>
    ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && enumNames.has(node.typeName.text) ? node.typeName.text : undefined;
  const record = (owner: string, iface: ts.InterfaceDeclaration) => {
    for (const m of iface.members) {
      if (!ts.isPropertySignature(m) || !m.type || !ts.isIdentifier(m.name)) continue;
      let type = m.type;
      if (ts.isUnionTypeNode(type)) {
        const rest = type.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
        if (rest.length !== 1) continue;
        type = rest[0]!;
      }
      const e: MemberEnum = {};
      if (ts.isArrayTypeNode(type)) e.item = refName(type.elementType);
      else if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Record') {
        const v = type.typeArguments?.[1];
        if (v) e.value = refName(v);
      } else e.scalar = refName(type);
      if (e.item || e.value || e.scalar) {
        let byMember = out.get(owner);
        if (!byMember) out.set(owner, (byMember = new Map()));
        byMember.set(m.name.text, e);
      }
    }
  };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement)) record(statement.name.text, statement);
      if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) {
        for (const inner of statement.body.statements) {
          if (ts.isInterfaceDeclaration(inner) && inner.name.text.endsWith('Member') && inner.name.text !== '$UnknownMember') {
            record(statement.name.text, inner);
          }
        }
      }
    }
  }
  return out;
}
