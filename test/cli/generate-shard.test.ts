import t, { type Test } from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATE_HELP } from '../../server/bin/generate-command.js';
import { listFiles } from '../generator/generated-trail.js';
import { folderContents, mergeShards, runGenerateCaptured, runVerifyCaptured as verify, sameFolder, scenarioFolder } from '../helpers/generate-cli.js';

// Three account-region scopes in two units: 111122223333 in us-east-1 and eu-west-1 (ops works in
// both; a step in eu-west-1 uses a us-east-1 step's result, so those two scopes are one unit), and a
// pinned actor's 999988887777/ap-south-1.
const SCENARIO = `
accountId: "111122223333"
regions: [us-east-1, eu-west-1]
start: 2025-03-03T08:00:00Z
duration: 5h
actors:
  ops: { type: IAMUser, userName: ops, background: { callsPerHour: 90 } }
  pinned: { type: IAMUser, userName: pinned, regions: [ap-south-1], accountId: "999988887777", background: { callsPerHour: 40 } }
steps:
  - { id: prod, actor: ops, call: CreateCluster, params: { clusterName: prod } }
  - { at: +1h, actor: ops, region: eu-west-1, call: CreateCluster, params: { clusterName: "\${steps.prod.cluster.clusterName}-copy" } }
  - { at: +3h, actor: pinned, call: CreateCluster, params: { clusterName: late } }
`;

async function setup(t: Test) {
  const { dir, scenario } = await scenarioFolder(t, 'generate-shard', SCENARIO);
  const single = join(dir, 'single');
  const res = await runGenerateCaptured([scenario, '--out', single, '--seed', '11', '--quiet']);
  t.equal(res.code, 0, res.stderr);
  return { dir, scenario, single, whole: await folderContents(single) };
}

for (const count of [2, 5]) {
  t.test(`--shard i/${count}: the ${count} slices copied together are the single run, byte for byte, and verify`, async (t) => {
    const { dir, scenario, whole } = await setup(t);
    const parts: string[] = [];
    const summaries: string[] = [];
    for (let i = 1; i <= count; i++) {
      const out = join(dir, `part-${i}`);
      const res = await runGenerateCaptured([scenario, '--out', out, '--seed', '11', '--shard', `${i}/${count}`]);
      t.equal(res.code, 0, res.stderr);
      t.match(res.stdout, new RegExp(`part +shard ${i}/${count}: `), 'the summary says which slice this is');
      summaries.push(res.stdout);
      parts.push(out);
    }
    const logsOf = async (p: string) => (await listFiles(p)).filter((f) => f.includes('/CloudTrail/')).length;
    for (const p of parts) t.ok((await logsOf(p)) > 0, `${p} holds log files of its own (no shard is idle)`);
    if (count === 5) t.ok(summaries.some((s) => /delivered (after|up to) /.test(s)), 'with more shards than units, a unit is cut in time');

    const merged = join(dir, 'merged');
    await mergeShards(t, parts, merged);
    sameFolder(t, await folderContents(merged), whole, 'merged and single run: ');
    const v = await verify(merged);
    if (v.code !== 0) t.comment(v.out);
    t.equal(v.code, 0, 'verify passes over the merged folder');
    t.notMatch(v.out, /INVALID|not valid|missing/i);

    // One slice alone is not the whole trail: verify finds the digests that chain to files it lacks.
    if (count === 5) {
      const alone = await verify(parts[count - 1]!);
      t.not(alone.code, 0, 'a later time slice alone does not verify (its first digest chains to a digest it lacks)');
    }
  });
}

t.test('the same shard twice gives the same bytes', async (t) => {
  const { dir, scenario } = await scenarioFolder(t, 'generate-shard-again', SCENARIO);
  for (const n of [1, 2]) t.equal((await runGenerateCaptured([scenario, '--out', join(dir, `a${n}`), '--seed', '3', '--shard', '4/5', '--quiet'])).code, 0);
  sameFolder(t, await folderContents(join(dir, 'a2')), await folderContents(join(dir, 'a1')));
});

t.test('--shard 1/1 is the whole run', async (t) => {
  const { dir, scenario, whole } = await setup(t);
  const res = await runGenerateCaptured([scenario, '--out', join(dir, 'one'), '--seed', '11', '--shard', '1/1', '--quiet']);
  t.equal(res.code, 0, res.stderr);
  sameFolder(t, await folderContents(join(dir, 'one')), whole);
});

t.test('a bad --shard gets a clear error and writes nothing', async (t) => {
  const { dir, scenario } = await scenarioFolder(t, 'generate-shard-bad', SCENARIO);
  const out = join(dir, 'out');
  for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '1/3/5', '-1/3', '', '1.5/3']) {
    const res = await runGenerateCaptured([scenario, '--out', out, '--seed', '1', `--shard=${bad}`]);
    t.equal(res.code, 2, `--shard "${bad}": a usage error`);
    t.match(res.stderr, /--shard must be i\/n with 1 ≤ i ≤ n, e\.g\. --shard 2\/8/, `--shard "${bad}": says what it takes`);
    t.match(res.stderr, /Try ecs-trail generate --help/);
  }
  const capped = await runGenerateCaptured([scenario, '--out', out, '--seed', '1', '--shard', '1/2', '--max-events', '10']);
  t.equal(capped.code, 2);
  t.match(capped.stderr, /--max-events cannot be combined with --shard/);
  // 2 units (the eu-west-1 step uses a us-east-1 result), and 5 hours hold 5 or 6 digest-period
  // ends: far fewer places to cut than 200 shards.
  const many = await runGenerateCaptured([scenario, '--out', out, '--seed', '1', '--shard', '200/200']);
  t.equal(many.code, 1);
  t.match(many.stderr, /--shard 200\/200: too many shards for this run: its 2 account-region unit\(s\) can be cut at only \d+ digest-period end\(s\) each, so at most \d+ shards/);
  t.same(await listFiles(dir), ['s.yaml'], 'nothing written by any of them');
});

t.test('--help lists --shard; the README documents it with both ways to run the shards', async (t) => {
  t.match(GENERATE_HELP, /\n {2}--shard <i>\/<n> +\S/);
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const generator = readme.slice(readme.indexOf('## Fixture generator'), readme.indexOf('## Dashboard'));
  t.match(generator, /--shard/, 'the generator section documents --shard');
  t.match(generator, /parallel /, 'with GNU parallel');
  t.match(generator, /kind: Job[\s\S]*completionMode: Indexed/, 'and a Kubernetes indexed Job');
  t.match(generator, /JOB_COMPLETION_INDEX/);
  // Every option --help lists is in the README's generator section.
  const options = [...GENERATE_HELP.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]!);
  t.ok(options.includes('--shard'));
  for (const o of options.filter((o) => o !== '--help')) t.ok(generator.includes(o), `README's generator section mentions ${o}`);
});
