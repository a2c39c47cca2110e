import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from './generated-trail.js';

const example = (name: string) => readFile(join(import.meta.dirname, '../../examples/scenarios', name), 'utf8');

t.test('suspicious-night-activity: the flagged events are in the trail, and only the intruder\'s', async (t) => {
  const trail = await generate(t, await example('suspicious-night-activity.yaml'), { seed: 3 });
  const records = await trail.records();
  const flagged = new Map(trail.summary.flagged.map((f) => [f.eventId, f]));
  t.equal(flagged.size, 13);
  const found = records.filter((r) => flagged.has(r.eventID));
  t.equal(found.length, flagged.size, 'every flagged eventID is in a log file');
  for (const r of found) {
    t.equal(r.userIdentity.arn, 'arn:aws:iam::777788889999:user/svc-backup-legacy');
    t.ok(r.eventTime >= '2025-06-11T02:10:00Z' && r.eventTime < '2025-06-11T02:31:00Z', 'at night');
  }
  t.same([...new Set(found.filter((r) => r.eventName === 'RunTask').map((r) => r.awsRegion))].sort(), ['ap-southeast-1', 'eu-central-1', 'sa-east-1', 'us-east-1']);
  const privileged = found.filter((r) => r.eventName === 'RegisterTaskDefinition');
  for (const r of privileged) t.equal(r.requestParameters.containerDefinitions[0].privileged, true);
  const denied = found.find((r) => r.eventName === 'CreateService')!;
  t.equal(denied.errorCode, 'AccessDenied');
  const intruderFirst = records.find((r) => r.userIdentity.arn.endsWith('user/svc-backup-legacy'))!;
  t.equal(intruderFirst.eventID, trail.summary.flagged[0]!.eventId, 'the first call of the never-seen identity is the first flagged');
});

t.test('deploy-and-update runs to the end with consistent ARNs', async (t) => {
  const trail = await generate(t, await example('deploy-and-update.yaml'), { seed: 1 });
  const records = await trail.records();
  const ci = records.filter((r) => r.userIdentity.arn.includes('assumed-role/github-actions-deploy/'));
  t.same(ci.map((r) => r.eventName), ['CreateCluster', 'RegisterTaskDefinition', 'CreateService', 'DescribeServices', 'RegisterTaskDefinition', 'UpdateService']);
  const roll = ci[5]!;
  t.equal(roll.requestParameters.taskDefinition, 'arn:aws:ecs:eu-west-1:111122223333:task-definition/shop-web:2');
  t.equal(roll.responseElements.service.taskDefinition, roll.requestParameters.taskDefinition);
  t.ok(records.some((r) => r.eventName === 'DeleteService' && !r.errorCode), 'the service is torn down');
});
