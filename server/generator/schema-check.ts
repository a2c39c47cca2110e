/**
 * The small part of JSON Schema (draft-07) that scenario.schema.json uses, so the file editors read is
 * also the one the generator checks against, and the two cannot disagree.
 */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  definitions?: Record<string, SchemaNode>;
}

export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

export function checkAgainstSchema(root: SchemaNode, value: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const resolve = (node: SchemaNode): SchemaNode => {
    if (!node.$ref) return node;
    const name = /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
    const target = name ? root.definitions?.[name] : undefined;
    if (!target) throw new Error(`scenario schema: unresolved $ref ${node.$ref}`);
    return { ...target, ...node, $ref: undefined };
  };
  const walk = (raw: SchemaNode, v: unknown, path: (string | number)[]): void => {
    const node = resolve(raw);
    const fail = (message: string) => problems.push({ path, message });
    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      if (!types.some((t) => isType(v, t))) return void fail(`must be ${types.map(article).join(' or ')}`);
    }
    if (node.enum && !node.enum.includes(v)) return void fail(`must be one of ${node.enum.join(', ')}`);
    if (typeof v === 'string' && node.pattern && !new RegExp(node.pattern).test(v)) {
      return void fail(`"${v}" does not match ${node.pattern}`);
    }
    if (typeof v === 'number') {
      if (node.minimum !== undefined && v < node.minimum) fail(`must be at least ${node.minimum}`);
      if (node.maximum !== undefined && v > node.maximum) fail(`must be at most ${node.maximum}`);
    }
    if (Array.isArray(v)) {
      if (node.minItems !== undefined && v.length < node.minItems) fail(`needs at least ${node.minItems} item(s)`);
      if (node.items) v.forEach((item, i) => walk(node.items!, item, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      for (const key of node.required ?? []) {
        if (obj[key] === undefined) problems.push({ path, message: `is missing "${key}"` });
      }
      for (const [key, child] of Object.entries(obj)) {
        const prop = node.properties?.[key];
        if (prop) walk(prop, child, [...path, key]);
        else if (node.additionalProperties === false) {
          const known = Object.keys(node.properties ?? {});
          const hint = known.find((k) => k.toLowerCase() === key.toLowerCase());
          problems.push({ path: [...path, key], message: `is not a known key${hint ? ` (did you mean "${hint}"?)` : ` (known: ${known.join(', ')})`}` });
        } else if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, child, [...path, key]);
      }
    }
  };
  walk(root, value, []);
  return problems;
}

function isType(v: unknown, t: string): boolean {
  switch (t) {
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return Number.isInteger(v);
    case 'null':
      return v === null;
    default:
      return typeof v === t;
  }
}

const article = (t: string) => (t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : `a ${t}`);
