import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate, type TrailRecord } from '../generator/generated-trail.js';

/**
 * Two techniques of the detection library that need service-side events (docs/detections.md §6, §10):
 * each example scenario is generated, and the public rules are evaluated on its records by the field
 * paths they match (as the rule engines map CloudTrail fields; docs/detections.md, "How the rule
 * engines see a record"). A rule must fire on the flagged events and on nothing of the baseline.
 */

const example = (name: string) => readFile(join(import.meta.dirname, '../../examples/scenarios/techniques', name), 'utf8');
const DAY = 24 * 3600_000;
const time = (r: TrailRecord) => Date.parse(r.eventTime);
/** Elastic's `event.outcome`: success when the record has no errorCode. */
const succeeded = (r: TrailRecord) => r.errorCode === undefined;
/** Elastic's `aws.cloudtrail.resources.arn`: every `resources[].ARN`. */
const resourceArns = (r: TrailRecord): string[] => (r.resources ?? []).map((x: { ARN: string }) => x.ARN);

/**
 * A new_terms rule: an event matching the query whose terms (the tuple of fields) were not seen in
 * the history window before it. Alerts of the trail's first `historyMs` are the rule's warm-up (its
 * history starts with the trail) and are left out.
 */
function newTerms(records: TrailRecord[], query: (r: TrailRecord) => boolean, terms: (r: TrailRecord) => string[][], historyMs: number): TrailRecord[] {
  const matching = records.filter(query).sort((a, b) => time(a) - time(b));
  const start = Math.min(...records.map(time));
  const seen = new Map<string, number>();
  const alerts: TrailRecord[] = [];
  for (const r of matching) {
    let fresh = false;
    for (const tuple of terms(r)) {
      const key = JSON.stringify(tuple);
      const last = seen.get(key);
      if (last === undefined || time(r) - last > historyMs) fresh = true;
      seen.set(key, time(r));
    }
    if (fresh && time(r) - start >= historyMs) alerts.push(r);
  }
  return alerts;
}

t.test('task role swapped through overrides.taskRoleArn (examples/scenarios/techniques/task-role-swap.yaml)', async (t) => {
  const trail = await generate(t, await example('task-role-swap.yaml'), { seed: 5 });
  const records = await trail.records();
  t.same(trail.summary.byError, {}, 'every call is one real ECS accepts');
  const ADMIN = 'arn:aws:iam::444455556666:role/platform-admin';
  const swap = records.find((r) => r.eventName === 'RunTask' && r.userIdentity.arn?.endsWith(':user/ci-legacy'))!;
  t.equal(swap.requestParameters.overrides.taskRoleArn, ADMIN, 'requestParameters.overrides.taskRoleArn names the swapped-in role');

  // Elastic "AWS STS Role Assumption by Service", rule_id 93075852-b0f5-4b8b-89c3-a226efae5726 (new_terms):
  //   event.provider == sts.amazonaws.com, event.action == AssumeRole, event.outcome == success,
  //   aws.cloudtrail.user_identity.type == AWSService, aws.cloudtrail.user_identity.invoked_by in its
  //   list (ecs-tasks.amazonaws.com, ecs.amazonaws.com, …); new terms on
  //   [aws.cloudtrail.user_identity.invoked_by, aws.cloudtrail.resources.arn], history 5 days.
  const byService = newTerms(
    records,
    (r) =>
      r.eventSource === 'sts.amazonaws.com' &&
      r.eventName === 'AssumeRole' &&
      succeeded(r) &&
      r.userIdentity.type === 'AWSService' &&
      ['ecs-tasks.amazonaws.com', 'ecs.amazonaws.com'].includes(r.userIdentity.invokedBy),
    (r) => resourceArns(r).map((arn) => [r.userIdentity.invokedBy, arn]),
    5 * DAY,
  );
  t.equal(byService.length, 1, 'the rule fires once, after its five days of history');
  const alert = byService[0]!;
  t.strictSame(alert.userIdentity, { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' });
  t.strictSame(resourceArns(alert), [ADMIN], 'aws.cloudtrail.resources.arn = the swapped-in role');
  t.equal(alert.requestParameters.roleArn, ADMIN);
  t.equal(alert.requestParameters.roleSessionName, swap.responseElements.tasks[0].taskArn.split('/').at(-1), 'roleSessionName = the new task id');
  t.ok(time(alert) > time(swap) && time(alert) - time(swap) <= 2000, 'ECS assumes it as the task starts, seconds after the RunTask');
  const nightly = records.filter((r) => r.eventName === 'AssumeRole' && r.requestParameters.roleArn === 'arn:aws:iam::444455556666:role/report-task');
  t.equal(nightly.length, 7, 'the baseline: report-task assumed by ECS every night');

  // Falco "ECS Task Run or Started": ct.name in (RunTask, StartTask) and no errorCode.
  const falco = records.filter((r) => r.eventSource === 'ecs.amazonaws.com' && ['RunTask', 'StartTask'].includes(r.eventName) && succeeded(r));
  t.ok(falco.includes(swap), 'Falco ECS Task Run or Started matches the swap');

  // The swapped task's code calls with the admin session ECS made for it.
  const inside = records.filter((r) => r.userIdentity.arn?.startsWith('arn:aws:sts::444455556666:assumed-role/platform-admin/'));
  t.same(inside.map((r) => `${r.eventSource} ${r.eventName}`), ['sts.amazonaws.com GetCallerIdentity', 'secretsmanager.amazonaws.com ListSecrets']);
  for (const r of inside) {
    t.equal(r.userIdentity.accessKeyId, alert.responseElements.credentials.accessKeyId);
    t.equal(r.userIdentity.sessionContext.attributes.creationDate, alert.eventTime);
  }
  const flagged = new Set(trail.summary.flagged.map((f) => f.eventId));
  t.ok(flagged.has(swap.eventID) && inside.every((r) => flagged.has(r.eventID)), 'the manifest lists the swap and the calls made with it');
});

t.test('an STS role assumption chain ending in ECS calls (examples/scenarios/techniques/sts-role-chain-to-ecs.yaml)', async (t) => {
  const trail = await generate(t, await example('sts-role-chain-to-ecs.yaml'), { seed: 9 });
  const records = await trail.records();
  t.same(trail.summary.byError, {});
  const OPS = 'arn:aws:iam::555566667777:role/ops-readonly';
  const DEPLOYER = 'arn:aws:iam::555566667777:role/ecs-deployer';
  const assumeRoles = records.filter((r) => r.eventSource === 'sts.amazonaws.com' && r.eventName === 'AssumeRole');
  const [hop1, hop2] = assumeRoles.filter((r) => r.userIdentity.type !== 'AWSService');

  // Elastic "AWS STS Role Assumption by User", rule_id 288a198e-9b9b-11ef-a0a8-f661ea17fbcd (new_terms):
  //   event.provider sts.amazonaws.com, event.action AssumeRole, event.outcome success,
  //   aws.cloudtrail.user_identity.type IAMUser; new terms [user_identity.arn, resources.arn], 5 days.
  const byUser = newTerms(
    records,
    (r) => r.eventSource === 'sts.amazonaws.com' && r.eventName === 'AssumeRole' && succeeded(r) && r.userIdentity.type === 'IAMUser',
    (r) => resourceArns(r).map((arn) => [r.userIdentity.arn, arn]),
    0,
  );
  t.strictSame(byUser, [hop1], 'fires on the first hop only');
  t.equal(hop1!.userIdentity.arn, 'arn:aws:iam::555566667777:user/j.doe');
  t.strictSame(resourceArns(hop1!), [OPS]);

  // Elastic "AWS STS Role Chaining", rule_id ba5a0b0c-b477-4729-a3dc-0147c2049cf1 (new_terms):
  //   AssumeRole, success, aws.cloudtrail.user_identity.type AssumedRole; new terms
  //   [aws.cloudtrail.user_identity.session_context.session_issuer.arn, aws.cloudtrail.resources.arn], 10 days.
  const chaining = newTerms(
    records,
    (r) => r.eventSource === 'sts.amazonaws.com' && r.eventName === 'AssumeRole' && succeeded(r) && r.userIdentity.type === 'AssumedRole',
    (r) => resourceArns(r).map((arn) => [r.userIdentity.sessionContext?.sessionIssuer?.arn, arn]),
    0,
  );
  t.strictSame(chaining, [hop2], 'fires on the second hop');
  t.equal(hop2!.userIdentity.sessionContext.sessionIssuer.arn, OPS);
  t.strictSame(resourceArns(hop2!), [DEPLOYER]);
  t.equal(hop2!.userIdentity.accessKeyId, hop1!.responseElements.credentials.accessKeyId, 'signed with the first hop’s credentials');

  // Sigma aws_sts_assumerole_misuse (905d389b-b853-46d0-9d3d-dea0d3a3cd49): userIdentity.type
  // AssumedRole and userIdentity.sessionContext.sessionIssuer.type Role.
  const sigma = records.filter((r) => r.userIdentity.type === 'AssumedRole' && r.userIdentity.sessionContext?.sessionIssuer?.type === 'Role');
  const chained = sigma.filter((r) => r.userIdentity.arn === 'arn:aws:sts::555566667777:assumed-role/ecs-deployer/maintenance');
  t.same(chained.map((r) => r.eventName), ['RegisterTaskDefinition', 'RunTask'], "every ECS call of the final session matches");
  for (const r of chained) {
    t.equal(r.eventSource, 'ecs.amazonaws.com');
    t.equal(r.userIdentity.accessKeyId, hop2!.responseElements.credentials.accessKeyId, 'the key the second hop returned');
    t.equal(r.userIdentity.sessionContext.attributes.creationDate, hop2!.eventTime);
  }
  t.ok(sigma.includes(hop2!), 'and the second hop itself');

  // pypanther Role.Assumed.by.User-prototype: AssumeRole with requestParameters.roleArn and
  // userIdentity.type != AWSService — both hops, not ECS's own AssumeRole of the execution role.
  const panther = assumeRoles.filter((r) => r.requestParameters?.roleArn && r.userIdentity.type !== 'AWSService');
  t.strictSame(panther, [hop1, hop2]);
  const ecsOwn = assumeRoles.filter((r) => r.userIdentity.type === 'AWSService');
  t.ok(ecsOwn.some((r) => r.userIdentity.invokedBy === 'ecs-tasks.amazonaws.com'), "ECS's AssumeRole for the task is there, and no user rule above matches it");
  t.notOk([...byUser, ...chaining, ...panther].some((r) => ecsOwn.includes(r)));
  const flagged = new Set(trail.summary.flagged.map((f) => f.eventId));
  t.ok([hop1!, hop2!, ...chained].every((r) => flagged.has(r.eventID)), 'the manifest lists every event a rule fires on');
});
