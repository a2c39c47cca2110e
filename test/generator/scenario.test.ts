import t from 'tap';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, SCENARIO_SCHEMA } from '../../server/generator/scenario.js';
import { problems } from './scenario-problems.js';
import { runGenerateCaptured } from '../helpers/generate-cli.js';

t.test('invalid scenarios are refused with the path and line of each problem', async (t) => {
  t.match(problems('actors:\n  a:\n    type: IAMUser\n    userNmae: x\n'), /s\.yaml:4: actors\.a\.userNmae is not a known key \(known: type, accessKeyId/);
  t.match(problems('actors:\n  a: { type: Robot }\n'), /actors\.a\.type must be one of IAMUser, AssumedRole, Root, FederatedUser/);
  t.match(problems('actors:\n  a: { type: Root, background: { callsPerHour: -1 } }\n'), /callsPerHour must be at least 0/);
  t.match(problems('actors:\n  a: { type: Root }\nsteps:\n  - { actor: b, call: ListClusters }\n'), /s\.yaml:4: steps\.0\.actor "b" is not one of the actors \(a\)/);
  t.match(problems('actors:\n  a: { type: Root }\nsteps:\n  - { actor: a, call: MakeCoffee }\n'), /"MakeCoffee" is not an emulated ECS operation/);
  t.match(
    problems('actors:\n  a: { type: Root }\nsteps:\n  - { actor: a, call: ListServices, params: { cluster: "${steps.c.cluster.clusterArn}" } }\n  - { id: c, actor: a, call: CreateCluster }\n'),
    /refers to no earlier step with id "c"/,
  );
  t.match(problems('start: yesterday\nactors:\n  a: { type: Root }\n'), /start must be an ISO-8601 instant/);
  t.match(problems('actors:\n  a: { type: Root, background: { callsPerHour: 1, mix: { RunTask: 1 } } }\n'), /mix\.RunTask is not an operation background activity makes/);
  t.match(problems('actors: [1, 2'), /not valid YAML/);
  t.match(problems('actors:\n  a: { type: Root, workingHours: { from: "9am", to: "17:00" } }\n'), /workingHours\.from "9am" does not match/);
  t.match(problems('accountId: 11112222333\nactors:\n  a: { type: Root }\n'), /accountId "11112222333" does not match/);
  t.equal(parseScenario('accountId: 111122223333\nactors:\n  a: { type: Root, accountId: 444455556666 }\n').actors.a!.accountId, '444455556666', 'unquoted account ids are read as strings');
});

t.test('the examples are valid scenarios, and the schema file is the one the generator checks', async (t) => {
  const dir = join(import.meta.dirname, '../../examples/scenarios');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  t.same(names, ['blue-green-deployments.yaml', 'deploy-and-update.yaml', 'ec2-cluster-life.yaml', 'small-team-week.yaml', 'suspicious-night-activity.yaml']);
  const techniques = (await readdir(join(dir, 'techniques'))).filter((n) => n.endsWith('.yaml')).sort();
  t.same(techniques, [
    'backdoored-service-revision.yaml',
    'create-cluster-many-regions.yaml',
    'credential-endpoint-task-definition.yaml',
    'cryptomining-task-definition.yaml',
    'delete-cluster.yaml',
    'exec-logging-disabled.yaml',
    'first-time-ecs-exec.yaml',
    'privileged-host-container.yaml',
    'sts-role-chain-to-ecs.yaml',
    'task-role-swap.yaml',
  ]);
  for (const n of [...names, ...techniques.map((n) => `techniques/${n}`)]) {
    const text = await readFile(join(dir, n), 'utf8');
    t.match(text, /^(# .+\n)+#\n(# .*\n)+/, `${n} opens with a documenting paragraph`);
    t.doesNotThrow(() => parseScenario(text, n), n);
  }
  const onDisk = JSON.parse(await readFile(join(import.meta.dirname, '../../server/generator/scenario.schema.json'), 'utf8')) as unknown;
  t.same(SCENARIO_SCHEMA, onDisk, 'the generator checks scenarios against the published schema file');
});

t.test('ecs-trail generate: usage errors, help, and the summary', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-generate-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const run = (args: string[]) => runGenerateCaptured(args);
  const help = await run(['--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /ecs-trail generate <scenario\.yaml> --out <folder> --seed <n>/);
  t.match((await run(['x.yaml', '--out', dir])).stderr, /--seed <n> is required/);
  t.equal((await run(['x.yaml', '--seed', '1'])).code, 2);
  t.match((await run(['x.yaml', '--out', dir, '--seed', '1', '--duration', 'soon'])).stderr, /--duration must look like/);
  t.match((await run([join(dir, 'none.yaml'), '--out', join(dir, 'o'), '--seed', '1'])).stderr, /cannot read the scenario/);

  const scenario = join(dir, 's.yaml');
  await writeFile(scenario, 'actors:\n  a: { type: IAMUser, userName: a, background: { callsPerHour: 30 } }\nsteps:\n  - { id: x, actor: a, call: CreateCluster, flag: first cluster }\n');
  const out = join(dir, 'trail');
  const manifest = join(dir, 'manifest.json');
  const ok = await run([scenario, '--out', out, '--seed', '9', '--start', '2025-01-01T00:00:00Z', '--duration', '2h', '--manifest', manifest]);
  t.equal(ok.code, 0, ok.stderr);
  t.match(ok.stdout, /Generated \d+ events \(seed 9\)/);
  t.match(ok.stdout, /span\s+2025-01-01T00:00:00Z to 2025-01-01T02:00:00Z \(2h\)/);
  t.match(ok.stdout, /files\s+\d+ log files, \d+ digest files/);
  t.match(ok.stdout, /CreateCluster\s+1\n/);
  t.match(ok.stdout, /CreateCluster by a \(eventID [0-9a-f-]{36}\): first cluster/);
  const m = JSON.parse(await readFile(manifest, 'utf8'));
  t.equal(m.flagged[0].step, 'x');
  t.equal(m.start, '2025-01-01T00:00:00.000Z');

  const again = await run([scenario, '--out', out, '--seed', '9']);
  t.equal(again.code, 1);
  t.match(again.stderr, /is not empty/);
  const failing = join(dir, 'f.yaml');
  await writeFile(failing, 'actors:\n  a: { type: Root }\nsteps:\n  - { actor: a, call: ListServices, params: { cluster: nope } }\n');
  const failed = await run([failing, '--out', join(dir, 'f'), '--seed', '1']);
  t.equal(failed.code, 1);
  t.match(failed.stderr, /steps\[0\] \(ListServices at 2025-01-06T00:00:00\.000Z\) failed: ClusterNotFoundException: Cluster not found\./);
});

t.test('agent steps: an agent instead of an actor, and names that must resolve', async (t) => {
  const refused = problems;
  t.match(refused('actors:\n  a: { type: Root }\nsteps:\n  - { call: ListClusters }\n'), /needs an actor, or an agent/);
  t.match(refused('actors:\n  a: { type: Root }\nsteps:\n  - { actor: a, agent: c/1, call: ListClusters }\n'), /not both/);
  t.match(refused('actors:\n  a: { type: Root }\nec2: { instancesPerCluster: 101 }\n'), /instancesPerCluster must be at most 100/);
  t.doesNotThrow(() => parseScenario('actors:\n  a: { type: Root }\nec2: { instancesPerCluster: 2 }\nsteps:\n  - { agent: c/1, call: DiscoverPollEndpoint }\n'));
});

t.test('an agent step naming an instance that does not exist stops the run with a clear message', async (t) => {
  const { generate } = await import('./generated-trail.js');
  const yaml = 'actors:\n  ops: { type: Root }\nec2: { instancesPerCluster: 1 }\nsteps:\n  - { actor: ops, call: CreateCluster, params: { clusterName: c } }\n  - { agent: c/3, call: DiscoverPollEndpoint }\n';
  await t.rejects(generate(t, yaml), /cluster c has 1 simulated instance\(s\) in us-east-1; "c\/3" names none/);
  const joins = 'actors:\n  ops: { type: Root }\nec2: { instancesPerCluster: 1 }\nsteps:\n  - { actor: ops, call: CreateCluster, params: { clusterName: c } }\n  - { agent: c/2, call: RegisterContainerInstance }\n  - { agent: c/2, call: DiscoverPollEndpoint, params: { cluster: c } }\n';
  const trail = await generate(t, joins);
  const names = (await trail.records()).filter((r) => r.eventSource === 'ecs.amazonaws.com').map((r) => r.eventName);
  t.same(names, ['CreateCluster', 'RegisterContainerInstance', 'DiscoverPollEndpoint', 'RegisterContainerInstance', 'DiscoverPollEndpoint']);
});
