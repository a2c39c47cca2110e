import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from './generated-trail.js';

/** Steps, background with failures and denials, two regions, digests: everything that draws on the seed. */
const SCENARIO = `
accountId: "111122223333"
regions: [us-east-1, eu-west-1]
start: 2025-03-03T08:00:00Z
duration: 3h
actors:
  ci:
    type: AssumedRole
    roleName: ci
    sessionName: build-1
    client: terraform
  dev:
    type: IAMUser
    userName: dev
    sourceIp: [198.51.100.1, 198.51.100.2]
    deny: [UpdateService]
    background: { callsPerHour: 150, mix: { DescribeServices: 3, ListTasks: 2, UpdateService: 1, ListClusters: 1 }, failures: { rate: 0.1 } }
steps:
  - { id: c, actor: ci, call: CreateCluster, params: { clusterName: prod } }
  - id: td
    actor: ci
    call: RegisterTaskDefinition
    params:
      family: web
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions: [{ name: web, image: "public.ecr.aws/nginx/nginx:1.27", essential: true }]
  - id: svc
    actor: ci
    call: CreateService
    params:
      cluster: \${steps.c.cluster.clusterArn}
      serviceName: web
      taskDefinition: \${steps.td.taskDefinition.taskDefinitionArn}
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-0a1b2c3d4e5f60718] } }
  - { actor: ci, region: eu-west-1, call: CreateCluster, params: { clusterName: prod-eu } }
`;

async function snapshot(dir: string, files: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const f of files) out.set(f, await readFile(join(dir, f)));
  return out;
}

t.test('the same scenario and seed give byte-identical folders', async (t) => {
  const a = await generate(t, SCENARIO, { seed: 42 });
  const b = await generate(t, SCENARIO, { seed: 42 });
  const filesA = await a.files();
  const filesB = await b.files();
  t.ok(filesA.some((f) => f.includes('/CloudTrail/')), 'log files were written');
  t.ok(filesA.some((f) => f.includes('/CloudTrail-Digest/')), 'digest files were written');
  t.ok(a.summary.events > 300, `a few hundred events (${a.summary.events})`);
  t.same(filesB, filesA, 'the same file names');
  const bytesA = await snapshot(a.dir, filesA);
  const bytesB = await snapshot(b.dir, filesB);
  const differing = filesA.filter((f) => !bytesA.get(f)!.equals(bytesB.get(f)!));
  t.same(differing, [], 'every file has the same bytes');
  t.same(b.summary, a.summary);
});

t.test('the output does not depend on how far the calls get while files are written', async (t) => {
  // One window in flight: every window's files are written before the next window's calls. Sixteen:
  // files land long after the calls that follow them. Names, contents and digests must not notice.
  const a = await generate(t, SCENARIO, { seed: 42, deliveriesInFlight: 1 });
  const b = await generate(t, SCENARIO, { seed: 42, deliveriesInFlight: 16 });
  const filesA = await a.files();
  t.same(await b.files(), filesA, 'the same file names');
  const bytesA = await snapshot(a.dir, filesA);
  const bytesB = await snapshot(b.dir, filesA);
  t.same(filesA.filter((f) => !bytesA.get(f)!.equals(bytesB.get(f)!)), [], 'every file has the same bytes');
});

t.test('another seed gives different output', async (t) => {
  const a = await generate(t, SCENARIO, { seed: 42 });
  const c = await generate(t, SCENARIO, { seed: 43 });
  const filesA = await a.files();
  const filesC = await c.files();
  const logsA = filesA.filter((f) => f.includes('/CloudTrail/'));
  const logsC = filesC.filter((f) => f.includes('/CloudTrail/'));
  t.not(logsC.join('\n'), logsA.join('\n'), 'log file names differ (their random suffixes)');
  const recordsA = await a.records();
  const recordsC = await c.records();
  t.not(JSON.stringify(recordsC.map((r) => r.eventTime)), JSON.stringify(recordsA.map((r) => r.eventTime)), 'background event times differ');
  const ids = new Set(recordsA.map((r) => r.eventID));
  t.notOk(recordsC.some((r) => ids.has(r.eventID)), 'no event id in common');
  // The steps are the scenario's, not the seed's: the same calls at the same times in both.
  const steps = (rs: typeof recordsA) => rs.filter((r) => r.userIdentity.arn?.includes('assumed-role/ci/')).map((r) => `${r.eventTime} ${r.eventName}`);
  t.same(steps(recordsC), steps(recordsA));
});
