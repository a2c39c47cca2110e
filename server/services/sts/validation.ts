import type { QueryShape, StructureShape } from '../../protocol/query-shapes.js';
import { validationError } from './sts-errors.js';

/**
 * STS's answer to input that breaks its model's constraints: one ValidationError listing every
 * violation, in Coral's words, e.g. "1 validation error detected: Value 'a:b' at 'roleSessionName'
 * failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*"
 * (JuliaCloud/AWSCore.jl#38) and, for one value breaking two, the pattern before the length
 * ("2 validation errors detected: Value '' at 'roleArn' … pattern …; Value '' at 'roleArn' … Member
 * must have length greater than or equal to 20", newscorpaus/consigliere#18).
 */
export function checkInput(shape: StructureShape, input: Record<string, unknown>): void {
  const problems: string[] = [];
  checkStructure(shape, input, '', problems);
  if (problems.length === 0) return;
  const n = problems.length;
  throw validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
}

function checkStructure(shape: StructureShape, value: Record<string, unknown>, prefix: string, problems: string[]): void {
  for (const [name, member] of Object.entries(shape.members)) {
    const path = prefix + name.charAt(0).toLowerCase() + name.slice(1);
    const v = value[name];
    if (v === undefined) {
      // "Value null at 'roleArn' failed to satisfy constraint: Member must not be null": Coral's
      // wording for a missing required member. [GUESS] for STS: the SDKs check required members first.
      if (shape.required?.includes(name)) problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkValue(member, v, path, problems);
  }
}

function checkValue(shape: QueryShape, v: unknown, path: string, problems: string[]): void {
  const fail = (text: string, what: string) => problems.push(`Value '${text}' at '${path}' failed to satisfy constraint: Member must ${what}`);
  switch (shape.type) {
    case 'string': {
      const s = v as string;
      if (shape.regex && !shape.regex.test(s)) fail(s, `satisfy regular expression pattern: ${shape.pattern}`);
      const length = [...s].length;
      if (shape.min !== undefined && length < shape.min) fail(s, `have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && length > shape.max) fail(s, `have length less than or equal to ${shape.max}`);
      return;
    }
    case 'integer': {
      const n = v as number;
      if (shape.min !== undefined && n < shape.min) fail(String(n), `have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) fail(String(n), `have value less than or equal to ${shape.max}`);
      return;
    }
    case 'list': {
      const items = v as unknown[];
      if (shape.min !== undefined && items.length < shape.min) fail(`[${items.length} items]`, `have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && items.length > shape.max) fail(`[${items.length} items]`, `have length less than or equal to ${shape.max}`);
      items.forEach((item, i) => checkValue(shape.member, item, `${path}.${i + 1}.member`, problems));
      return;
    }
    case 'structure':
      checkStructure(shape, v as Record<string, unknown>, `${path}.`, problems);
      return;
    case 'boolean':
      return;
  }
}
