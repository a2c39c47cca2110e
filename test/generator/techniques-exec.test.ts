import t from 'tap';
import { datadogNewValue, sigmaValues, type TrailRecord } from '../helpers/rule-engines.js';
import { ids, techniqueTrail } from './technique-trail.js';

/** ECS Exec techniques (docs/detections.md §3, §4). */

const DAY = 86_400_000;

t.test('first-time-ecs-exec: Datadog new value on @userIdentity.arn signals the contractor only; Sumo S00660 matches every ExecuteCommand', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'techniques/first-time-ecs-exec.yaml');
  const execs = records.filter((r) => r.eventSource === 'ecs.amazonaws.com' && r.eventName === 'ExecuteCommand');
  t.equal(execs.length, 5, 'four baseline shells and the new one');
  t.same(execs.map((r) => r.errorCode), [undefined, undefined, undefined, undefined, undefined], 'every session opened');

  // Datadog "New user seen executing a command in an ECS task" (ugx-lde-wnu): @evt.name ExecuteCommand,
  // New Value on @userIdentity.arn (its learning period is not published): both on-call ARNs show up
  // on the first day, so with any learning period of one to four days only the contractor is new.
  for (const learningDays of [1, 2, 3, 4]) {
    const signals = datadogNewValue(execs, (r) => r.userIdentity.arn, learningDays * DAY);
    t.same(ids(signals), ids(flagged), `learning ${learningDays}d: only the contractor's first ExecuteCommand`);
  }
  const [exec] = flagged as [TrailRecord];
  t.equal(exec.userIdentity.arn, 'arn:aws:iam::456789012345:user/ext-contractor-qa');
  t.same(Object.keys(exec.requestParameters), ['cluster', 'task', 'container', 'command', 'interactive']);
  t.equal(exec.requestParameters.container, 'worker', 'what triage reads (@requestParameters.container)');
  t.equal(exec.requestParameters.interactive, true);
  t.equal(exec.readOnly, false);
  t.match(exec.responseElements, {
    clusterArn: 'arn:aws:ecs:eu-central-1:456789012345:cluster/orders',
    containerName: 'worker',
    interactive: true,
    session: { sessionId: /^ecs-execute-command-/, streamUrl: /^wss:\/\/ssmmessages\.eu-central-1\.amazonaws\.com\//, tokenValue: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
  });

  // Sumo Logic MATCH-S00660: a templated match on the event name (metadata_deviceEventId), entity user_username.
  t.same(ids(records.filter((r) => r.eventName === 'ExecuteCommand')), ids(execs));
  t.same(
    execs.map((r) => r.userIdentity.userName ?? r.userIdentity.sessionContext.sessionIssuer.userName),
    ['AWSReservedSSO_OnCall_9f3e21a4', 'AWSReservedSSO_OnCall_9f3e21a4', 'AWSReservedSSO_OnCall_9f3e21a4', 'AWSReservedSSO_OnCall_9f3e21a4', 'ext-contractor-qa'],
    'the user names a CloudTrail normalizer can take',
  );
  const baselineArns = new Set(execs.slice(0, 4).map((r) => r.userIdentity.arn));
  t.equal(baselineArns.size, 2, 'two on-call ARNs, each stable across days (same SSO session name)');
});

/**
 * The custom rule of docs/detections.md §4 (no public rule): eventName UpdateCluster or CreateCluster
 * with requestParameters.configuration.executeCommandConfiguration.logging = NONE, then an
 * ExecuteCommand on the same cluster within 30 minutes.
 */
const clusterName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

t.test('exec-logging-disabled: logging NONE, then a shell on that cluster', async (t) => {
  const { records, flagged } = await techniqueTrail(t, 'techniques/exec-logging-disabled.yaml');
  const loggingOff = records.filter(
    (r) =>
      r.eventSource === 'ecs.amazonaws.com' &&
      (r.eventName === 'UpdateCluster' || r.eventName === 'CreateCluster') &&
      !r.errorCode &&
      sigmaValues(r, 'requestParameters.configuration.executeCommandConfiguration.logging').includes('NONE'),
  );
  const sequences = loggingOff.flatMap((off) =>
    records
      .filter(
        (r) =>
          r.eventName === 'ExecuteCommand' &&
          !r.errorCode &&
          clusterName(r.requestParameters.cluster) === clusterName(off.requestParameters.cluster ?? off.requestParameters.clusterName) &&
          Date.parse(r.eventTime) > Date.parse(off.eventTime) &&
          Date.parse(r.eventTime) - Date.parse(off.eventTime) <= 30 * 60_000,
      )
      .map((exec) => [off.eventID, exec.eventID]),
  );
  t.same(sequences, [ids(flagged)], 'exactly the flagged UpdateCluster → ExecuteCommand pair');
  const [off, exec] = flagged as [TrailRecord, TrailRecord];
  t.same(off.requestParameters, { cluster: 'core', configuration: { executeCommandConfiguration: { logging: 'NONE' } } });
  t.same(off.responseElements.cluster.configuration, { executeCommandConfiguration: { logging: 'NONE' } }, 'the cluster no longer logs sessions');
  const created = records.find((r) => r.eventName === 'CreateCluster')!;
  t.equal(created.requestParameters.configuration.executeCommandConfiguration.logging, 'OVERRIDE', 'it did before');
  t.equal(exec.userIdentity.arn, off.userIdentity.arn);
  t.equal(exec.requestParameters.command, '/bin/bash');
  t.equal(Date.parse(exec.eventTime) - Date.parse(off.eventTime), 120_000);
});
