import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { CreateClusterCommand, CreateServiceCommand, DeleteClusterCommand, DescribeClustersCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { runGenerator } from '../../server/generator/run-generator.js';
import { parseScenario } from '../../server/generator/scenario.js';
import { readTrailRecords, startTestEmulator } from '../helpers/test-emulator.js';
import { readmeBlock } from '../helpers/readme-blocks.js';

/**
 * README "Querying the trail": its DuckDB and zcat|jq blocks, run exactly as written from the folder
 * that holds `trail/`, over a live trail and over a generated one. Their answers are checked against
 * the same counts taken directly from the records.
 */

const run = promisify(execFile);
type Rec = Record<string, any>;
/** A `<!-- query: name -->` block of the README, as written. */
const block = (name: string, lang: string) => readmeBlock(name, { lang }).code;

/** What the README's questions must answer, counted from the records themselves. */
function expected(records: Rec[]) {
  const calls = new Map<string, number>();
  const errors = new Map<string, number>();
  const hours = new Map<string, { calls: number; errors: number }>();
  const regions = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of records) {
    bump(calls, `${r.eventSource}\t${r.eventName}`);
    bump(regions, r.awsRegion);
    const identity = r.userIdentity.arn ?? r.userIdentity.invokedBy ?? r.userIdentity.type;
    if (r.errorCode) bump(errors, `${identity}\t${r.errorCode}`);
    const hour = `${r.eventTime.slice(0, 13)}:00:00Z`;
    const h = hours.get(hour) ?? { calls: 0, errors: 0 };
    h.calls++;
    if (r.errorCode) h.errors++;
    hours.set(hour, h);
  }
  return { calls, errors, hours, regions };
}

/**
 * Rows in the README's ORDER BY: count descending, then the named columns ascending. `by` picks what
 * the query sorts on from a row's key (calls per event name sort on the name alone, not its source).
 */
function ordered(m: Map<string, number>, by: (key: string) => string = (k) => k): [string, number][] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...m].sort((a, b) => b[1] - a[1] || cmp(by(a[0]), by(b[0])));
}

async function duckdbAnswers(t: Test, parent: string) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  t.teardown(() => {
    c.closeSync();
    db.closeSync();
  });
  // Relative paths resolve from here, as in a shell started in the folder that holds trail/.
  await c.run(`SET file_search_path = '${parent.replaceAll("'", "''")}'`);
  const rows = async (name: string) => (await c.runAndReadAll(block(name, 'sql'))).getRowObjectsJson() as Record<string, string>[];
  await rows('duckdb-events-view');
  return {
    calls: await rows('duckdb-calls-per-event-name'),
    errors: await rows('duckdb-errors-per-identity'),
    timeline: await rows('duckdb-timeline'),
    regions: await rows('duckdb-typed-calls-per-region'),
  };
}

/** `uniq -c` output → count per line, in printed order. */
function uniqCounts(stdout: string): [string, number][] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^\s*(\d+) (.*)$/.exec(l);
      if (!m) throw new Error(`not a uniq -c line: ${JSON.stringify(l)}`);
      return [m[2]!, Number(m[1])] as [string, number];
    });
}

async function jqAnswers(parent: string) {
  const sh = async (name: string) => uniqCounts((await run('bash', ['-o', 'pipefail', '-c', block(name, 'sh')], { cwd: parent, maxBuffer: 64 << 20 })).stdout);
  return { calls: await sh('jq-calls-per-event-name'), errors: await sh('jq-errors-per-identity'), timeline: await sh('jq-timeline') };
}

/** Every README answer equals the count taken from the records. */
async function checkAnswers(t: Test, parent: string, records: Rec[]) {
  const want = expected(records);
  const duck = await duckdbAnswers(t, parent);
  t.same(
    duck.calls.map((r) => [`${r.eventSource}\t${r.eventName}`, Number(r.calls)]),
    ordered(want.calls, (k) => k.split('\t')[1]!),
    'DuckDB: calls per event name, most first',
  );
  t.same(
    duck.errors.map((r) => [`${r.identity}\t${r.errorCode}`, Number(r.errors)]),
    ordered(want.errors),
    'DuckDB: errors per identity and error code',
  );
  t.same(
    duck.timeline.map((r) => [r.hour, Number(r.calls), Number(r.errors)]),
    [...want.hours].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([h, v]) => [h, v.calls, v.errors]),
    'DuckDB: calls and errors per hour',
  );
  t.same(
    duck.regions.map((r) => [r.awsRegion, Number(r.calls)]),
    ordered(want.regions),
    'DuckDB with union_by_name: calls per region',
  );

  const jq = await jqAnswers(parent);
  t.same(new Map(jq.calls), want.calls, 'jq: calls per event name');
  t.same(new Map(jq.errors), want.errors, 'jq: errors per identity and error code');
  t.same(jq.timeline, [...want.hours].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([h, v]) => [h, v.calls]), 'jq: calls per hour, in time order');
  for (const list of [jq.calls, jq.errors]) {
    t.ok(list.every((row, i) => i === 0 || list[i - 1]![1] >= row[1]), 'sort -rn puts the most frequent first');
  }
  return want;
}

t.before(async () => {
  await run('jq', ['--version']).catch(() => {
    throw new Error('jq is needed for the README queries (apt-get install jq)');
  });
});

t.test('over a live trail: calls from two identities, in two regions, over three hours, with failures', async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'ecs-trail-queries-'));
  t.teardown(() => rm(parent, { recursive: true, force: true }));
  const identities = join(parent, 'identities.yaml');
  await writeFile(
    identities,
    [
      'identities:',
      '  - { accessKeyId: AKIAQUERYALICE000001, type: IAMUser, userName: alice }',
      '  - { accessKeyId: ASIAQUERYDEPLOY00001, type: AssumedRole, roleName: deployer, sessionName: ci-7, deny: [DeleteCluster] }',
      '',
    ].join('\n'),
  );
  const t0 = Date.parse('2026-04-02T09:20:00Z');
  const clock = new ManualClock(t0);
  const te = await startTestEmulator(t, { clock, trailDir: join(parent, 'trail'), identitiesFile: identities });
  const alice = te.client('AKIAQUERYALICE000001');
  const deployer = te.client('ASIAQUERYDEPLOY00001');
  const aliceEu = te.client('AKIAQUERYALICE000001', 'eu-west-1');
  await alice.send(new CreateClusterCommand({ clusterName: 'web' }));
  await alice.send(new ListClustersCommand({}));
  await aliceEu.send(new CreateClusterCommand({ clusterName: 'web-eu' }));
  clock.set(t0 + 65 * 60_000);
  await deployer.send(new DescribeClustersCommand({ clusters: ['web'] }));
  await t.rejects(deployer.send(new DeleteClusterCommand({ cluster: 'web' })), { name: 'AccessDeniedException' });
  await t.rejects(alice.send(new DeleteClusterCommand({ cluster: 'nope' })), { name: 'ClusterNotFoundException' });
  clock.set(t0 + 130 * 60_000);
  await t.rejects(alice.send(new CreateServiceCommand({ cluster: 'nope', serviceName: 's', taskDefinition: 'x' })), { name: 'ClusterNotFoundException' });
  await aliceEu.send(new ListClustersCommand({}));
  await te.running.close();

  const records = await readTrailRecords(join(parent, 'trail'));
  t.equal(records.length, 8, 'one record per call');
  const want = await checkAnswers(t, parent, records);
  t.same(
    ordered(want.errors),
    [
      ['arn:aws:iam::123456789012:user/alice\tClusterNotFoundException', 2],
      ['arn:aws:sts::123456789012:assumed-role/deployer/ci-7\tAccessDenied', 1],
    ],
    'the failures made above, per identity',
  );
  t.same([...want.hours.keys()].sort(), ['2026-04-02T09:00:00Z', '2026-04-02T10:00:00Z', '2026-04-02T11:00:00Z']);
});

t.test('over a generated trail (examples/scenarios/suspicious-night-activity.yaml, seed 3)', async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'ecs-trail-queries-gen-'));
  t.teardown(() => rm(parent, { recursive: true, force: true }));
  const yaml = await readFile(join(import.meta.dirname, '../../examples/scenarios/suspicious-night-activity.yaml'), 'utf8');
  await mkdir(join(parent, 'trail'));
  await runGenerator({ seed: 3, scenario: parseScenario(yaml), outDir: join(parent, 'trail') });
  const records = await readTrailRecords(join(parent, 'trail'));
  t.ok(records.length > 500, `a day of activity (${records.length} records)`);
  const want = await checkAnswers(t, parent, records);
  t.equal(want.errors.get('arn:aws:iam::777788889999:user/svc-backup-legacy\tAccessDenied'), 1, "the intruder's denied probe");
  t.same([...want.regions.keys()].sort(), ['ap-southeast-1', 'eu-central-1', 'sa-east-1', 'us-east-1'], 'the four regions of the scenario');
});
