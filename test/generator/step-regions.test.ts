import t from 'tap';
import { problems } from './scenario-problems.js';
import { generate } from './generated-trail.js';

/** A step made once per region (`regions`, `interval`) and `${random.name}` (README "Generating fixtures"). */

const ACTOR = 'actors:\n  a: { type: IAMUser, userName: a }\nsteps:\n';

t.test('regions, interval and random references are checked', async (t) => {
  t.match(problems(`${ACTOR}  - { actor: a, call: ListClusters, region: us-east-1, regions: [eu-west-1] }\n`), /s\.yaml:4: steps\.0 give region or regions, not both/);
  t.match(problems(`${ACTOR}  - { actor: a, call: ListClusters, interval: 5s }\n`), /steps\.0\.interval is the time between the calls of a step with regions/);
  t.match(problems(`${ACTOR}  - { actor: a, call: ListClusters, regions: [eu-west-1], interval: soon }\n`), /steps\.0\.interval "soon" does not match/);
  t.match(problems(`${ACTOR}  - { actor: a, call: ListClusters, regions: [eu-west-1, eu-west-1] }\n`), /steps\.0\.regions names a region twice/);
  t.match(problems(`${ACTOR}  - { actor: a, call: ListClusters, regions: [mars-north-1x] }\n`), /steps\.0\.regions\.0 "mars-north-1x" does not match/);
  t.match(problems(`${ACTOR}  - { actor: a, call: CreateCluster, params: { clusterName: "\${random.word}" } }\n`), /\$\{random\.word\}: the random value is \$\{random\.name\}/);
});

t.test('a step with regions makes one call per region, interval apart; later steps read its outputs by region', async (t) => {
  const yaml = `
start: 2025-04-01T00:00:00Z
duration: 1h
regions: [us-east-1]
actors:
  a: { type: IAMUser, userName: a }
steps:
  - id: made
    at: +1m
    actor: a
    call: CreateCluster
    regions: [eu-west-1, ap-south-1, us-west-2]
    interval: 20s
    params: { clusterName: "x-\${random.name}" }
  - after: 10s
    actor: a
    call: DescribeClusters
    region: ap-south-1
    params: { clusters: ["\${steps.made.ap-south-1.cluster.clusterArn}"] }
`;
  const trail = await generate(t, yaml);
  const records = await trail.records();
  const creates = records.filter((r) => r.eventName === 'CreateCluster');
  t.same(creates.map((r) => [r.awsRegion, r.eventTime]), [
    ['eu-west-1', '2025-04-01T00:01:00Z'],
    ['ap-south-1', '2025-04-01T00:01:20Z'],
    ['us-west-2', '2025-04-01T00:01:40Z'],
  ]);
  const names = creates.map((r) => r.requestParameters.clusterName as string);
  for (const n of names) t.match(n, /^x-[a-z][a-z0-9]{11}$/);
  t.equal(new Set(names).size, 3, 'each call draws its own name');
  const described = records.find((r) => r.eventName === 'DescribeClusters')!;
  t.equal(described.eventTime, '2025-04-01T00:01:50Z', '`after` counts from the last call of the step before');
  t.same(described.requestParameters.clusters, [creates[1]!.responseElements.cluster.clusterArn], 'the ap-south-1 output');
  // and the service-linked role ECS creates in the caller's name on its first CreateCluster (a service event)
  t.same(trail.summary.byOperation, { CreateCluster: 3, DescribeClusters: 1, CreateServiceLinkedRole: 1 });
});
