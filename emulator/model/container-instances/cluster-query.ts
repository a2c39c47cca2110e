import { invalidParameter } from '../../errors.js';

/**
 * The cluster query language of ListContainerInstances `filter` and `memberOf` placement
 * constraints: `subject operator [argument]` expressions joined by `and`/`&&`, `or`/`||` and
 * negated by `not`/`!`, with parentheses for precedence.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
 */
export type ClusterQuery =
  | { kind: 'and' | 'or'; left: ClusterQuery; right: ClusterQuery }
  | { kind: 'not'; inner: ClusterQuery }
  | { kind: 'test'; subject: string; operator: Operator; argument: string[] };

type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | '!exists' | 'in' | '!in' | '=~' | '!~';

const OPERATORS: Readonly<Record<string, Operator>> = {
  '==': '==', equals: '==', '!=': '!=', not_equals: '!=',
  '>': '>', greater_than: '>', '>=': '>=', greater_than_equal: '>=',
  '<': '<', less_than: '<', '<=': '<=', less_than_equal: '<=',
  exists: 'exists', '!exists': '!exists', not_exists: '!exists',
  in: 'in', '!in': '!in', not_in: '!in', '=~': '=~', matches: '=~', '!~': '!~', not_matches: '!~',
};

/** What an expression can ask about one container instance. */
export interface QueryFacts {
  /** `attribute:<name>` → value ('' for a name-only attribute), absent if the instance lacks it. */
  attribute(name: string): string | undefined;
  agentConnected: boolean;
  agentVersion: string;
  ec2InstanceId: string;
  registeredAt: number;
  runningTasksCount: number;
  /** Groups of the tasks on the instance (`task:group`). */
  taskGroups: ReadonlySet<string>;
}

/**
 * [GUESS] ECS's wording for an expression it cannot parse was not found; the sentence names the
 * problem and where (docs/ecs-error-messages.md §23).
 */
const bad = (expression: string, why: string) => invalidParameter(`Invalid expression '${expression}': ${why}.`);

export function parseClusterQuery(expression: string): ClusterQuery {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i];
  const word = (t: string | undefined) => t?.toLowerCase();
  const parseOr = (): ClusterQuery => {
    let left = parseAnd();
    while (peek() === '||' || word(peek()) === 'or') {
      i++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): ClusterQuery => {
    let left = parseUnary();
    while (peek() === '&&' || word(peek()) === 'and') {
      i++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): ClusterQuery => {
    const t = peek();
    if (t === undefined) throw bad(expression, 'it ends where an expression is expected');
    if (t === '!' || word(t) === 'not') {
      i++;
      return { kind: 'not', inner: parseUnary() };
    }
    if (t === '(') {
      i++;
      const inner = parseOr();
      if (peek() !== ')') throw bad(expression, 'a parenthesis is not closed');
      i++;
      return inner;
    }
    return parseTest();
  };
  const parseTest = (): ClusterQuery => {
    const subject = tokens[i++]!;
    if (!isSubject(subject)) throw bad(expression, `"${subject}" is not a subject (attribute:<name>, agentConnected, agentVersion, ec2InstanceId, registeredAt, runningTasksCount or task:group)`);
    const opText = tokens[i++];
    const operator = opText === undefined ? undefined : OPERATORS[opText.toLowerCase()];
    if (!operator) throw bad(expression, opText === undefined ? `"${subject}" has no operator` : `"${opText}" is not an operator`);
    if (operator === 'exists' || operator === '!exists') return { kind: 'test', subject, operator, argument: [] };
    const argument: string[] = [];
    if (peek() === '[') {
      i++;
      while (peek() !== ']') {
        const v = tokens[i++];
        if (v === undefined) throw bad(expression, 'an argument list is not closed');
        if (v !== ',') argument.push(unquote(v));
      }
      i++;
    } else {
      const v = tokens[i++];
      if (v === undefined || v === ')' || v === '(') throw bad(expression, `"${subject} ${opText}" has no argument`);
      argument.push(unquote(v));
    }
    if ((operator === '=~' || operator === '!~') && !compiles(argument[0]!)) throw bad(expression, `"${argument[0]}" is not a regular expression`);
    return { kind: 'test', subject, operator, argument };
  };
  const query = parseOr();
  if (i < tokens.length) throw bad(expression, `unexpected "${tokens[i]}"`);
  return query;
}

const SUBJECTS = new Set(['agentConnected', 'agentVersion', 'ec2InstanceId', 'registeredAt', 'runningTasksCount', 'task:group']);
const isSubject = (s: string) => SUBJECTS.has(s) || /^attribute:[a-zA-Z0-9_./\\-]{1,128}$/.test(s);

function compiles(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`);
    return true;
  } catch {
    return false;
  }
}

function unquote(v: string): string {
  return (v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"')) ? v.slice(1, -1) : v;
}

/** Words, quoted strings, operators and the punctuation ( ) [ ] , as separate tokens. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(\|\||&&|==|!=|>=|<=|=~|!~|!exists|!in|[()[\],<>!]|'[^']*'|"[^"]*"|[^\s()[\],'"<>=!|&]+)/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    m = re.exec(text);
    if (!m) {
      if (text.slice(at).trim() === '') break;
      throw bad(text, `unexpected "${text.slice(at).trim()[0]}"`);
    }
    out.push(m[1]!);
    at = re.lastIndex;
  }
  return out;
}

/** Whether the facts of one instance satisfy the query. */
export function matchesClusterQuery(q: ClusterQuery, facts: QueryFacts): boolean {
  switch (q.kind) {
    case 'and':
      return matchesClusterQuery(q.left, facts) && matchesClusterQuery(q.right, facts);
    case 'or':
      return matchesClusterQuery(q.left, facts) || matchesClusterQuery(q.right, facts);
    case 'not':
      return !matchesClusterQuery(q.inner, facts);
    case 'test':
      return test(q, facts);
  }
}

function valuesOf(subject: string, f: QueryFacts): string[] {
  if (subject.startsWith('attribute:')) {
    const v = f.attribute(subject.slice('attribute:'.length));
    return v === undefined ? [] : [v];
  }
  switch (subject) {
    case 'agentConnected':
      return [String(f.agentConnected)];
    case 'agentVersion':
      return [f.agentVersion];
    case 'ec2InstanceId':
      return [f.ec2InstanceId];
    case 'registeredAt':
      return [new Date(f.registeredAt).toISOString()];
    case 'runningTasksCount':
      return [String(f.runningTasksCount)];
    default:
      return [...f.taskGroups];
  }
}

function test(q: Extract<ClusterQuery, { kind: 'test' }>, f: QueryFacts): boolean {
  const values = valuesOf(q.subject, f);
  const arg = q.argument;
  switch (q.operator) {
    case 'exists':
      return values.length > 0;
    case '!exists':
      return values.length === 0;
    case '==':
      return values.some((v) => v === arg[0]);
    case '!=':
      return !values.some((v) => v === arg[0]);
    case 'in':
      return values.some((v) => arg.includes(v));
    case '!in':
      return !values.some((v) => arg.includes(v));
    case '=~':
      return values.some((v) => fullMatch(arg[0]!, v));
    case '!~':
      return !values.some((v) => fullMatch(arg[0]!, v));
    default:
      return values.some((v) => compareOrdered(q.subject, v, arg[0]!, q.operator));
  }
}

/** Java's `Pattern.matches`: the whole value must match. */
function fullMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

function compareOrdered(subject: string, value: string, arg: string, op: Operator): boolean {
  let c: number;
  if (subject === 'registeredAt') {
    const at = Date.parse(/^\d{4}-\d\d-\d\d$/.test(arg) ? `${arg}T00:00:00Z` : /[zZ]|[+-]\d\d:\d\d$/.test(arg) ? arg : `${arg}Z`);
    if (Number.isNaN(at)) return false;
    c = Date.parse(value) - at;
  } else if (subject === 'agentVersion') {
    c = compareVersions(value, arg);
  } else {
    const a = Number(value);
    const b = Number(arg);
    c = Number.isNaN(a) || Number.isNaN(b) ? value.localeCompare(arg) : a - b;
  }
  switch (op) {
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    default:
      return c <= 0;
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
