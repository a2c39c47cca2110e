import t from 'tap';
import { elasticFields, esqlRlike, type TrailRecord } from '../helpers/rule-engines.js';
import { falco, ids, techniqueTrail } from './technique-trail.js';

/** Impact techniques (docs/detections.md §2, §8, §9) and the crypto-mining example of the README. */

/**
 * Elastic "AWS Potential Cryptomining via ECS Task Definition Deployment", rule_id
 * 3ca27e45-b0cd-417a-914c-d086869acd1b (elastic/detection-rules
 * rules/integrations/aws/impact_ecs_cryptomining_task_definition_deployment.toml), ES|QL over
 * `from = now-30m`: event.provider ecs.amazonaws.com, event.action ∈ {RegisterTaskDefinition, RunTask,
 * StartTask, CreateService}; Esql.miner_register = a RegisterTaskDefinition whose
 * aws.cloudtrail.request_parameters RLIKE the public-registry (or bare Docker Hub) image and the
 * 8192/16384 cpu patterns below; Esql.task_run = RunTask/StartTask/CreateService; STATS … BY
 * aws.cloudtrail.user_identity.arn; fires when both sums are ≥ 1. No event.outcome condition.
 * A 30-minute window holds both events of a pair when they are at most 30 minutes apart.
 */
const PUBLIC_IMAGE = '.*image=(docker.io|index.docker.io|ghcr.io|quay.io|public.ecr.aws)/.*';
const BARE_DOCKER_HUB_IMAGE = '.*image=[-a-zA-Z0-9_]+(/|[,} :]).*';
const HIGH_CPU = '.*cpu=(8192|16384)[,} ].*';
const WINDOW_MS = 30 * 60_000;

function elasticCryptomining(records: readonly TrailRecord[]): Map<string, { registers: TrailRecord[]; launches: TrailRecord[] }> {
  const events = records.map((r) => ({ r, f: elasticFields(r) })).filter(({ f }) => f['event.provider'] === 'ecs.amazonaws.com');
  const minerRegister = events.filter(({ f }) => {
    const p = f['aws.cloudtrail.request_parameters'];
    return f['event.action'] === 'RegisterTaskDefinition' && (esqlRlike(p, PUBLIC_IMAGE) || esqlRlike(p, BARE_DOCKER_HUB_IMAGE)) && esqlRlike(p, HIGH_CPU);
  });
  const taskRun = events.filter(({ f }) => ['RunTask', 'StartTask', 'CreateService'].includes(f['event.action']));
  const alerts = new Map<string, { registers: TrailRecord[]; launches: TrailRecord[] }>();
  for (const reg of minerRegister) {
    const arn = reg.f['aws.cloudtrail.user_identity.arn']!;
    const launches = taskRun.filter((x) => x.f['aws.cloudtrail.user_identity.arn'] === arn && Math.abs(x.f['@timestamp'] - reg.f['@timestamp']) <= WINDOW_MS);
    if (launches.length === 0) continue;
    const alert = alerts.get(arn) ?? { registers: [], launches: [] };
    alert.registers.push(reg.r);
    for (const l of launches) if (!alert.launches.includes(l.r)) alert.launches.push(l.r);
    alerts.set(arn, alert);
  }
  return alerts;
}

t.test('cryptomining-task-definition: Elastic 3ca27e45 fires for the stolen session only; Falco on every launch', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'techniques/cryptomining-task-definition.yaml');
  const alerts = elasticCryptomining(records);
  t.same([...alerts.keys()], ['arn:aws:sts::345678901234:assumed-role/developer/tomas.novak'], 'one alert: the stolen session (the data team\'s 8 vCPU ECR jobs and the web team\'s public images do not match)');
  const alert = alerts.values().next().value!;
  t.same(ids(alert.registers), ids(flagged.filter((r) => r.eventName === 'RegisterTaskDefinition')));
  t.same(ids(alert.launches).sort(), ids(flagged.filter((r) => r.eventName !== 'RegisterTaskDefinition')).sort());

  const [docker, ghcr] = alert.registers as [TrailRecord, TrailRecord];
  const rendered = elasticFields(docker)['aws.cloudtrail.request_parameters']!;
  t.match(rendered, /^\{family=xq7f2m9kd0zp, networkMode=awsvpc, requiresCompatibilities=\[FARGATE\], cpu=16384, memory=32768, containerDefinitions=\[\{name=xq7f2m9kd0zp, image=docker\.io\/minerd0ck3r\/xmrig:6\.22\.2, /, 'the string the rule reads');
  t.match(elasticFields(ghcr)['aws.cloudtrail.request_parameters'], /cpu=8192, .*image=ghcr\.io\/minerd0ck3r\/srbminer:2\.7\.1/);
  const etl = records.find((r) => r.eventName === 'RegisterTaskDefinition' && r.requestParameters.family === 'nightly-etl')!;
  t.ok(esqlRlike(elasticFields(etl)['aws.cloudtrail.request_parameters'], HIGH_CPU), 'the data team asks for 8 vCPU too…');
  t.notOk(esqlRlike(elasticFields(etl)['aws.cloudtrail.request_parameters'], PUBLIC_IMAGE), '…from private ECR');

  const falcoHits = records.filter((r) => falco.serviceCreated(r) || falco.taskRunOrStarted(r)).map((r) => r.userIdentity.arn.split('/')[1]);
  t.same(falcoHits, ['github-actions-web', 'airflow-ecs-runner', 'developer', 'developer'], 'Falco: every CreateService/RunTask, whoever makes it');
  const service = flagged.find((r) => r.eventName === 'CreateService')!;
  t.match(service.requestParameters, { desiredCount: 20, launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } });
  const run = flagged.find((r) => r.eventName === 'RunTask')!;
  t.equal(run.responseElements.tasks.length, 10);
});

t.test('suspicious-night-activity already meets Elastic 3ca27e45 (docs/detections.md §2)', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'suspicious-night-activity.yaml', 3);
  const alerts = elasticCryptomining(records);
  t.same([...alerts.keys()], ['arn:aws:iam::777788889999:user/svc-backup-legacy']);
  const alert = alerts.values().next().value!;
  t.same(alert.registers.map((r) => r.awsRegion).sort(), ['ap-southeast-1', 'eu-central-1', 'sa-east-1', 'us-east-1'], 'each region\'s miner definition');
  t.same(alert.launches.map((r) => r.eventName), ['CreateService', 'CreateService', 'CreateService', 'CreateService']);
  for (const r of [...alert.registers, ...alert.launches]) t.ok(flagged.includes(r), `${r.eventName} in ${r.awsRegion} is a flagged event`);
  t.same(
    records.filter(falco.serviceCreated).map((r) => r.userIdentity.arn.split(/[:/]/).at(-1)),
    ['GitHubActions-88211', 'svc-backup-legacy', 'svc-backup-legacy', 'svc-backup-legacy', 'svc-backup-legacy'],
    'Falco "ECS Service Created": the deployer\'s web service and the four miner services',
  );
});

t.test('delete-cluster: Datadog 9d1-0fa-76a and Sumo S00654 match the DeleteCluster calls, the successful one INACTIVE', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'techniques/delete-cluster.yaml');
  // Datadog "AWS ECS cluster deleted" (@evt.name:DeleteCluster) and Sumo MATCH-S00654 (the API call DeleteCluster).
  const deletes = records.filter((r) => r.eventSource === 'ecs.amazonaws.com' && r.eventName === 'DeleteCluster');
  t.same(ids(deletes), ids(flagged), 'exactly the two flagged calls');
  const [refused, deleted] = deletes as [TrailRecord, TrailRecord];
  t.equal(refused.errorCode, 'ClusterContainsServicesException');
  t.equal(refused.responseElements, null);
  t.equal(deleted.errorCode, undefined, 'a rule that wants success matches the second only');
  t.same(deleted.requestParameters, { cluster: 'staging' });
  t.match(deleted.responseElements.cluster, { clusterName: 'staging', status: 'INACTIVE', activeServicesCount: 0, runningTasksCount: 0 });
  t.equal(deleted.userIdentity.arn, 'arn:aws:sts::890123456789:assumed-role/Admin/break-glass', 'what triage reads (@userIdentity.arn)');
  const teardown = records.filter((r) => r.userIdentity.arn === deleted.userIdentity.arn).map((r) => r.eventName);
  t.same(teardown, ['ListServices', 'DeleteCluster', 'UpdateService', 'DeleteService', 'DeleteService', 'StopTask', 'DeleteCluster'], 'the tear-down ECS requires');
});

t.test('create-cluster-many-regions: Datadog createcluster-multiple-regions sees one ARN in 17 regions within 5 minutes', async (t) => {
  const { trail, records, flagged } = await techniqueTrail(t, 'techniques/create-cluster-many-regions.yaml');
  const creates = records.filter((r) => r.eventSource === 'ecs.amazonaws.com' && r.eventName === 'CreateCluster' && !r.errorCode);
  // Per @userIdentity.arn: distinct @awsRegion of CreateCluster, and the time they span.
  const byArn = new Map<string, TrailRecord[]>();
  for (const r of creates) byArn.set(r.userIdentity.arn, [...(byArn.get(r.userIdentity.arn) ?? []), r]);
  const regionsOf = (arn: string) => new Set(byArn.get(arn)!.map((r) => r.awsRegion)).size;
  t.equal(regionsOf('arn:aws:iam::901234567890:user/old-backup-user'), 17);
  t.equal(regionsOf('arn:aws:sts::901234567890:assumed-role/platform-terraform/atlantis-apply'), 1, 'the platform team stays in one region');
  t.same(ids(byArn.get('arn:aws:iam::901234567890:user/old-backup-user')!), ids(flagged));
  const times = flagged.map((r) => Date.parse(r.eventTime));
  t.equal(Math.max(...times) - Math.min(...times), 16 * 15_000, '15 s apart: four minutes in all');

  const names = flagged.map((r) => r.requestParameters.clusterName as string);
  t.equal(new Set(names).size, 17, 'a new random name in each region (@requestParameters.clusterName)');
  for (const n of names) t.match(n, /^[a-z][a-z0-9]{11}$/);
  for (const r of flagged) t.equal(r.responseElements.cluster.clusterArn, `arn:aws:ecs:${r.awsRegion}:901234567890:cluster/${r.requestParameters.clusterName}`);
  // Each record is delivered in its own region's log files.
  for (const f of await trail.logFiles()) {
    const region = /\/CloudTrail\/([a-z0-9-]+)\//.exec(f.path)![1];
    for (const r of f.records) t.equal(r.awsRegion, region, `${f.path} holds only ${region}`);
  }
  const again = await techniqueTrail(t, 'techniques/create-cluster-many-regions.yaml');
  t.same(again.flagged.map((r) => r.requestParameters.clusterName), names, 'the same seed draws the same names');
  const other = await techniqueTrail(t, 'techniques/create-cluster-many-regions.yaml', 2);
  t.notSame(other.flagged.map((r) => r.requestParameters.clusterName), names, 'another seed, other names');
});
