import t, { type Test } from 'tap';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { folderContents, mergeShards, runGenerateCaptured, runVerifyCaptured, sameFolder, scenarioFolder, tempFolder } from '../helpers/generate-cli.js';
import { gunzipSync } from 'node:zlib';
import { listFiles, type TrailRecord } from '../generator/generated-trail.js';

async function readRecords(dir: string): Promise<TrailRecord[]> {
  const out: TrailRecord[] = [];
  for (const f of await listFiles(dir)) {
    if (/\/CloudTrail\/.*\.json\.gz$/.test(f)) out.push(...(JSON.parse(gunzipSync(await readFile(join(dir, f))).toString('utf8')) as { Records: TrailRecord[] }).Records);
  }
  return out;
}

interface Manifest {
  events: number;
  byActor: Record<string, number>;
  byOperation: Record<string, number>;
}

// Three accounts. 111122223333 runs a Fargate task with a task role in eu-west-1 (ENI, role AssumeRoles),
// calls from inside it, assumes a role and calls with its credentials, and asks another service;
// 999988887777 creates a cluster in two regions with a random name; 444455556666 a cluster late.
// Each account's first CreateCluster has ECS create its service-linked role (recorded in us-east-1).
const SCENARIO = `
accountId: "111122223333"
regions: [us-east-1, eu-west-1]
start: 2025-03-03T08:00:00Z
duration: 4h
actors:
  ops: { type: IAMUser, userName: ops, background: { callsPerHour: 60 } }
  deployer: { type: AssumedRole, roleName: deployer, sessionName: ci, regions: [eu-west-1] }
  other: { type: IAMUser, userName: other, regions: [ap-south-1], accountId: "999988887777", background: { callsPerHour: 30 } }
  third: { type: IAMUser, userName: third, regions: [sa-east-1], accountId: "444455556666", background: { callsPerHour: 30 } }
steps:
  - { id: c, actor: deployer, call: CreateCluster, params: { clusterName: apps } }
  - id: td
    actor: deployer
    call: RegisterTaskDefinition
    params:
      family: app
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      taskRoleArn: arn:aws:iam::111122223333:role/app-task
      executionRoleArn: arn:aws:iam::111122223333:role/ecsTaskExecutionRole
      containerDefinitions: [{ name: app, image: "public.ecr.aws/nginx/nginx:1.27", essential: true }]
  - id: run
    actor: deployer
    call: RunTask
    params: { cluster: apps, taskDefinition: app, launchType: FARGATE, networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-0a1b2c3d4e5f60718] } } }
  - { at: +1h, task: "\${steps.run.tasks[0].taskArn}", call: ListClusters }
  - { id: hop, at: +1h30m, actor: deployer, service: sts, call: AssumeRole, params: { RoleArn: "arn:aws:iam::111122223333:role/reader", RoleSessionName: reader-1 } }
  - { after: 10s, credentials: hop, call: DescribeClusters, params: { clusters: [apps] } }
  - { after: 10s, actor: deployer, service: s3, call: ListBuckets, response: { owner: { displayName: ops } } }
  - { id: spread, at: +2h, actor: other, regions: [ap-south-1, ap-northeast-1], interval: 5s, call: CreateCluster, params: { clusterName: "\${random.name}" } }
  - { at: +3h, actor: third, call: CreateCluster, params: { clusterName: late } }
`;

async function single(t: Test) {
  const { dir, scenario } = await scenarioFolder(t, 'shard-service-events', SCENARIO);
  const res = await runGenerateCaptured([scenario, '--out', join(dir, 'single'), '--seed', '5', '--quiet', '--manifest', join(dir, 'single.json')]);
  t.equal(res.code, 0, res.stderr);
  const manifest = JSON.parse(await readFile(join(dir, 'single.json'), 'utf8')) as Manifest;
  return { dir, scenario, whole: await folderContents(join(dir, 'single')), manifest };
}

t.test('the single run holds every feature the shards must reproduce', async (t) => {
  const { dir, manifest } = await single(t);
  const records = await readRecords(join(dir, 'single'));
  const by = (f: (r: (typeof records)[number]) => boolean) => records.filter(f);
  t.equal(by((r) => r.eventName === 'CreateServiceLinkedRole').length, 3, 'one service-linked role per account');
  t.ok(by((r) => r.eventName === 'AssumeRole' && r.userIdentity.type === 'AWSService' && r.awsRegion === 'eu-west-1').length >= 2, "ECS assumed the task's roles");
  t.equal(by((r) => r.eventName === 'CreateNetworkInterface').length, 1, "the task's ENI");
  t.equal(by((r) => r.eventName === 'ListClusters' && /assumed-role\/app-task\//.test(String(r.userIdentity.arn))).length, 1, "the task's own call");
  t.equal(by((r) => r.eventName === 'DescribeClusters' && /assumed-role\/reader\/reader-1$/.test(String(r.userIdentity.arn))).length, 1, 'the call with the credentials');
  t.equal(by((r) => r.eventSource === 's3.amazonaws.com').length, 1, 'the other service');
  const spread = by((r) => r.eventName === 'CreateCluster' && r.userIdentity.accountId === '999988887777');
  t.same(spread.map((r) => r.awsRegion).sort(), ['ap-northeast-1', 'ap-south-1'], 'the step with regions');
  t.ok(manifest.byActor['(AWS services)']! > 0, 'the summary counts the service events');
});

for (const count of [2, 3, 7]) {
  t.test(`--shard i/${count}: the slices are the single run byte for byte, their summaries add up, and they verify`, async (t) => {
    const { dir, scenario, whole, manifest } = await single(t);
    const parts: string[] = [];
    let events = 0;
    let serviceEvents = 0;
    for (let i = 1; i <= count; i++) {
      const out = join(dir, `part-${i}`);
      const res = await runGenerateCaptured([scenario, '--out', out, '--seed', '5', '--shard', `${i}/${count}`, '--quiet', '--manifest', `${out}.json`]);
      t.equal(res.code, 0, res.stderr);
      const m = JSON.parse(await readFile(`${out}.json`, 'utf8')) as Manifest;
      events += m.events;
      serviceEvents += m.byActor['(AWS services)'] ?? 0;
      parts.push(out);
    }
    t.equal(events, manifest.events, 'the events add up');
    t.equal(serviceEvents, manifest.byActor['(AWS services)'], 'the service events add up');
    const merged = join(dir, 'merged');
    await mergeShards(t, parts, merged);
    sameFolder(t, await folderContents(merged), whole, 'merged and single run: ');
    const { code, out } = await runVerifyCaptured(merged);
    t.equal(code, 0, out);
  });
}

t.test('the technique examples shard to the single run', async (t) => {
  for (const name of ['sts-role-chain-to-ecs', 'task-role-swap', 'create-cluster-many-regions']) {
    const scenario = new URL(`../../examples/scenarios/techniques/${name}.yaml`, import.meta.url).pathname;
    const dir = await tempFolder(t, `shard-${name}`);
    t.equal((await runGenerateCaptured([scenario, '--out', join(dir, 'single'), '--seed', '9', '--quiet'])).code, 0);
    const parts = [1, 2, 3].map((i) => join(dir, `part-${i}`));
    for (const [i, out] of parts.entries()) {
      const res = await runGenerateCaptured([scenario, '--out', out, '--seed', '9', '--shard', `${i + 1}/3`, '--quiet']);
      t.equal(res.code, 0, `${name} ${i + 1}/3: ${res.stderr}`);
    }
    await mergeShards(t, parts, join(dir, 'merged'));
    sameFolder(t, await folderContents(join(dir, 'merged')), await folderContents(join(dir, 'single')), `${name}: `);
  }
});

t.test('a call whose account is known only as the run goes is refused with --shard, and made without', async (t) => {
  // The role's account comes from a reference: where its credentials call cannot be planned.
  const { dir, scenario } = await scenarioFolder(
    t,
    'shard-unknown-scope',
    `${SCENARIO}
  - { id: cross, at: +3h10m, actor: deployer, service: sts, call: AssumeRole, params: { RoleArn: "arn:aws:iam::\${actors.other.accountId}:role/audit", RoleSessionName: audit-1 } }
  - { after: 10s, credentials: cross, call: ListClusters }
`,
  );
  // The other account's role trusts this one (the identities file's roles section).
  const identities = join(dir, 'identities.json');
  await writeFile(identities, JSON.stringify({ roles: [{ arn: 'arn:aws:iam::999988887777:role/audit', trustedPrincipals: ['111122223333'] }] }));
  const common = ['--seed', '5', '--quiet', '--identities', identities];
  const whole = await runGenerateCaptured([scenario, '--out', join(dir, 'single'), ...common]);
  t.equal(whole.code, 0, `made without --shard ${whole.stderr}`);
  const results = [];
  for (const i of [1, 2]) results.push(await runGenerateCaptured([scenario, '--out', join(dir, `part-${i}`), ...common, '--shard', `${i}/2`]));
  const refused = results.filter((r) => r.code !== 0);
  t.equal(refused.length, 1, 'the shard that plans the call refuses it');
  t.match(refused[0]?.stderr, /its call is made in account 999988887777, eu-west-1, which could not be known before the run \(planned: 111122223333, eu-west-1\): run it without --shard/);
});
