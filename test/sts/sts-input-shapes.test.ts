import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { QueryShape } from '../../server/protocol/query-shapes.js';
import { STS_INPUTS } from '../../server/services/sts/input-shapes.js';

/**
 * The STS input shapes ecs-trail checks against (written from the STS API Reference) hold the same
 * members, required lists and constraint traits as the STS service model botocore ships: the newest
 * one installed (the python3 on PATH, or Debian's awscli/botocore packages, which .ci/run installs).
 */
function pythonBotocoreModel(): string | undefined {
  try {
    const dir = execFileSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8', timeout: 60_000 }).trim();
    return [`${dir}/data/sts/2011-06-15/service-2.json.gz`, `${dir}/data/sts/2011-06-15/service-2.json`].find((p) => existsSync(p));
  } catch {
    return undefined;
  }
}
const MODELS = [
  pythonBotocoreModel(),
  '/usr/lib/python3/dist-packages/awscli/botocore/data/sts/2011-06-15/service-2.json',
  '/usr/lib/python3/dist-packages/botocore/data/sts/2011-06-15/service-2.json',
].filter((p): p is string => p !== undefined && existsSync(p));

type Model = { operations: Record<string, { input?: { shape: string } }>; shapes: Record<string, BotocoreShape> };
const load = (p: string): Model => JSON.parse((p.endsWith('.gz') ? gunzipSync(readFileSync(p)) : readFileSync(p)).toString('utf8')) as Model;
const memberCount = (m: Model) => Object.keys(m.shapes[m.operations.AssumeRole!.input!.shape]!.members ?? {}).length;
const candidates = MODELS.map((p) => ({ path: p, model: load(p) })).sort((a, b) => memberCount(b.model) - memberCount(a.model));
const newest = candidates[0];
const OURS = Object.keys(STS_INPUTS.AssumeRole!.members).length;
const skip = !newest
  ? 'no botocore STS model is installed'
  : memberCount(newest.model) < OURS
    ? `the newest STS model installed (${newest.path}) is older than the API Reference the shapes follow`
    : false;

interface BotocoreShape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}

t.test('STS input shapes match the STS service model', { skip }, async (t) => {
  const model = newest!.model;
  t.comment(`model: ${newest!.path}`);
  const compare = (ours: QueryShape, theirs: BotocoreShape, where: string) => {
    t.equal(ours.type, theirs.type, `${where}: type`);
    if (ours.type === 'structure') {
      t.same(Object.keys(ours.members), Object.keys(theirs.members ?? {}), `${where}: members, in order`);
      t.same([...(ours.required ?? [])].sort(), [...(theirs.required ?? [])].sort(), `${where}: required`);
      for (const [name, ref] of Object.entries(theirs.members ?? {})) {
        if (ours.members[name]) compare(ours.members[name]!, model.shapes[ref.shape]!, `${where}.${name}`);
      }
      return;
    }
    if (ours.type === 'list') {
      compare(ours.member, model.shapes[theirs.member!.shape]!, `${where}[]`);
    }
    if ('min' in ours || theirs.min !== undefined) t.equal((ours as { min?: number }).min, theirs.min, `${where}: min`);
    if ('max' in ours || theirs.max !== undefined) t.equal((ours as { max?: number }).max, theirs.max, `${where}: max`);
    if (ours.type === 'string') t.equal(ours.pattern, theirs.pattern, `${where}: pattern`);
  };
  for (const [operation, shape] of Object.entries(STS_INPUTS)) {
    const ref = model.operations[operation]?.input;
    t.ok(ref, `${operation} is in the model`);
    if (ref) compare(shape, model.shapes[ref.shape]!, operation);
  }
});

t.test('each pattern is the same rule as its JavaScript RegExp on sample values', async (t) => {
  const rsn = STS_INPUTS.AssumeRole!.members.RoleSessionName as { regex: RegExp };
  t.ok(rsn.regex.test('ci-run_42@x.y=z,+'));
  t.notOk(rsn.regex.test('a:b'));
  const arn = STS_INPUTS.AssumeRole!.members.RoleArn as { regex: RegExp };
  t.ok(arn.regex.test('arn:aws:iam::123456789012:role/😀'), 'supplementary characters are allowed');
  t.notOk(arn.regex.test('a\u0000b'));
});
