import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MAX_NESTING_DEPTH } from '../../server/protocol/aws-json.js';
import { cloudTrailModel, ecsModel, type MemberType, type ServiceModel } from '../../server/protocol/service-model.js';
import { listLogFiles, recordFor, startTestEmulator } from '../helpers/test-emulator.js';

/**
 * Requests no client would send on purpose cannot break the trail (issue #12 item 4): a body nested
 * beyond MAX_NESTING_DEPTH is refused with SerializationException and that refusal is recorded; no
 * body makes the record writer fail (10,000 levels overflowed its stack, answering 500 with no
 * record); and every delivered file parses with jq 1.6 (the README's `zcat FILE | jq`, whose parser
 * stops at 256 levels) and Python's json module.
 */
const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';
const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd';
const JQ = '/usr/bin/jq';

async function post(url: string, op: string, body: string) {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'x-amz-target': `${ECS_TARGET}.${op}`, 'content-type': 'application/x-amz-json-1.1', authorization: SIGNED },
  });
  return { status: res.status, code: res.headers.get('x-amzn-errortype'), requestId: res.headers.get('x-amzn-requestid') ?? undefined, text: await res.text() };
}

/** `{"x":[[…]]}` with `depth` levels in all, the outer object included. */
const nested = (depth: number, member = 'x') => `{"${member}":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

t.test('deeply nested bodies are refused and recorded; every delivered file parses with jq 1.6 and python', async (t) => {
  const emu = await startTestEmulator(t);
  const cases = [
    { name: 'an unknown member 300 levels deep (200 before, and the file broke `zcat | jq`)', op: 'ListClusters', body: nested(300), status: 400 },
    { name: '10,000 levels (500 and no record before)', op: 'ListClusters', body: nested(10_000), status: 400 },
    { name: '400,000 levels, just under the body limit', op: 'ListClusters', body: nested(400_000), status: 400 },
    { name: `exactly ${MAX_NESTING_DEPTH} levels in an unknown member: accepted, the member dropped`, op: 'ListClusters', body: nested(MAX_NESTING_DEPTH), status: 200 },
    { name: `${MAX_NESTING_DEPTH + 1} levels`, op: 'ListClusters', body: nested(MAX_NESTING_DEPTH + 1), status: 400 },
    {
      name: 'a known member nested as deep as allowed, of the wrong type: refused by validation, recorded as sent',
      op: 'DescribeClusters',
      body: nested(MAX_NESTING_DEPTH, 'clusters'),
      status: 400,
    },
    { name: 'brackets inside strings do not count', op: 'CreateCluster', body: JSON.stringify({ clusterName: 'b', x: `\\"${'['.repeat(200)}` }), status: 200 },
  ];
  for (const c of cases) {
    const res = await post(emu.url, c.op, c.body);
    t.equal(res.status, c.status, `${c.name}: ${res.text.slice(0, 200)}`);
    if (c.status === 400) t.equal(res.code, 'SerializationException', c.name);
    const rec = recordFor(await emu.records(), res.requestId);
    t.equal(rec.errorCode ?? null, c.status === 200 ? null : res.code, `${c.name}: recorded once, with the answer's code`);
    if (c.body.length > 100_000) t.equal(rec.requestParameters, null, `${c.name}: nothing of the body is recorded`);
  }
  const refused = await post(emu.url, 'ListClusters', nested(MAX_NESTING_DEPTH + 1));
  t.equal(JSON.parse(refused.text).message, `Document nesting depth (${MAX_NESTING_DEPTH + 1}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}).`);
  const deepest = await post(emu.url, 'ListClusters', nested(MAX_NESTING_DEPTH));
  const accepted = recordFor(await emu.records(), deepest.requestId);
  t.equal(accepted.requestParameters, null, 'the dropped unknown member leaves no request parameters');

  await emu.running.flush();
  const files = await listLogFiles(emu.trailDir);
  t.ok(files.length > 0, 'files were delivered');
  for (const rel of files) {
    const text = gunzipSync(readFileSync(join(emu.trailDir, rel)));
    const jq = spawnSync(JQ, ['-c', '.Records | length'], { input: text, encoding: 'utf8' });
    t.equal(jq.status, 0, `jq 1.6 parses ${rel}: ${jq.stderr}`);
    const py = spawnSync('python3', ['-c', 'import json,sys; print(len(json.load(sys.stdin)["Records"]))'], { input: text, encoding: 'utf8' });
    t.equal(py.status, 0, `python's json parses ${rel}: ${py.stderr.slice(-300)}`);
    t.equal(jq.stdout.trim(), py.stdout.trim(), 'both count the same records');
  }
});

t.test('jq 1.6 is the one the README speaks of', { skip: existsSync(JQ) ? false : `${JQ} missing (apt-get install jq)` }, async (t) => {
  const version = spawnSync(JQ, ['--version'], { encoding: 'utf8' });
  t.match(version.stdout.trim(), /^jq-1\.6/);
  // Its parser refuses a 257th level: the bound every record must stay inside.
  const deep = (n: number) => spawnSync(JQ, ['.'], { input: `${'['.repeat(n)}${']'.repeat(n)}`, encoding: 'utf8' }).status;
  t.equal(deep(256), 0);
  t.not(deep(257), 0);
});

/** The deepest any valid input nests without documents, by the models (a structure counts one level). */
function modelDepth(model: ServiceModel): { depth: number; at: string } {
  const memo = new Map<string, number>();
  const structure = (name: string, seen: Set<string>): number => {
    if (seen.has(name)) return 0;
    const known = memo.get(name);
    if (known !== undefined) return known;
    seen.add(name);
    let deepest = 0;
    for (const t of Object.values(model.structures[name]!.members)) deepest = Math.max(deepest, member(t, seen));
    seen.delete(name);
    memo.set(name, 1 + deepest);
    return 1 + deepest;
  };
  const member = (t: MemberType, seen: Set<string>): number => {
    switch (t.type) {
      case 'structure':
      case 'union':
        return structure(t.shape, seen);
      case 'list':
        return 1 + member(t.member, seen);
      case 'map':
        return 1 + member(t.value, seen);
      default:
        return 0;
    }
  };
  let best = { depth: 0, at: '' };
  for (const [op, { input }] of Object.entries(model.operations)) {
    const d = structure(input, new Set());
    if (d > best.depth) best = { depth: d, at: op };
  }
  return best;
}

t.test(`no valid ECS or CloudTrail input comes near ${MAX_NESTING_DEPTH} levels`, async (t) => {
  for (const model of [ecsModel, cloudTrailModel]) {
    const { depth, at } = modelDepth(model);
    t.comment(`${model.metadata.serviceId}: deepest input ${depth} levels (${at})`);
    t.ok(depth * 2 <= MAX_NESTING_DEPTH, `${model.metadata.serviceId}: ${depth} levels leave room below ${MAX_NESTING_DEPTH}`);
  }
  // A record adds `{"Records":[{"requestParameters":` (or responseElements and a wrapper) around a body.
  t.ok(MAX_NESTING_DEPTH + 8 < 256, 'every record stays inside jq 1.6');
});
