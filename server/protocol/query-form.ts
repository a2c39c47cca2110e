import { ProtocolError } from './protocol-errors.js';
import type { ListShape, QueryShape, StructureShape } from './query-shapes.js';

/** Lists longer than this are refused whatever the model says: a form must not make us loop forever. */
const MAX_LIST_ITEMS = 1000;

/**
 * An awsQuery form as structures, following the protocol's serialization rules: a structure member
 * is `Prefix.Member`, a list item `Prefix.member.N` (N from 1), an empty list `Prefix=`; integers and
 * booleans are text. Members the shape does not name are ignored (Action, Version, unknown ones).
 * @see https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
export function decodeForm(form: URLSearchParams, shape: StructureShape): Record<string, unknown> {
  const keys = new Set(form.keys());
  return decodeStructure(form, keys, shape, '');
}

function decodeStructure(form: URLSearchParams, keys: Set<string>, shape: StructureShape, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const key = prefix + name;
    const value = decodeValue(form, keys, member, key);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function decodeValue(form: URLSearchParams, keys: Set<string>, shape: QueryShape, key: string): unknown {
  switch (shape.type) {
    case 'structure':
      return hasPrefix(keys, `${key}.`) ? decodeStructure(form, keys, shape, `${key}.`) : undefined;
    case 'list':
      return decodeList(form, keys, shape, key);
    default: {
      const text = form.get(key);
      if (text === null) return undefined;
      if (shape.type === 'string') return text;
      if (shape.type === 'integer') {
        if (!/^-?\d{1,15}$/.test(text)) throw malformed(key, text, 'an integer');
        return Number(text);
      }
      if (text !== 'true' && text !== 'false') throw malformed(key, text, 'true or false');
      return text === 'true';
    }
  }
}

function decodeList(form: URLSearchParams, keys: Set<string>, shape: ListShape, key: string): unknown[] | undefined {
  const items: unknown[] = [];
  for (let i = 1; i <= MAX_LIST_ITEMS + 1; i++) {
    const itemKey = `${key}.member.${i}`;
    if (!keys.has(itemKey) && !hasPrefix(keys, `${itemKey}.`)) break;
    if (i > MAX_LIST_ITEMS) throw malformed(key, '…', `a list of at most ${MAX_LIST_ITEMS} items`);
    items.push(decodeValue(form, keys, shape.member, itemKey));
  }
  if (items.length > 0) return items;
  // An empty list is sent as the bare name with an empty value.
  return form.get(key) === '' ? [] : undefined;
}

function hasPrefix(keys: Set<string>, prefix: string): boolean {
  for (const k of keys) if (k.startsWith(prefix)) return true;
  return false;
}

/** [GUESS] wording, in the shape of Coral's validation messages: no SDK sends a mistyped form member. */
function malformed(key: string, text: string, what: string): ProtocolError {
  const member = key.charAt(0).toLowerCase() + key.slice(1);
  return new ProtocolError('ValidationError', `1 validation error detected: Value '${text}' at '${member}' failed to satisfy constraint: Member must be ${what}`);
}
