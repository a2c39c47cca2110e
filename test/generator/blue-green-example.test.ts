import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from './generated-trail.js';

const example = readFile(join(import.meta.dirname, '../../examples/scenarios/blue-green-deployments.yaml'), 'utf8');

t.test('blue-green-deployments: service deployments, hooks, a rollback and a CODE_DEPLOY switch, all accepted', async (t) => {
  const trail = await generate(t, await example, { seed: 1 });
  const records = await trail.records();
  t.same(trail.summary.byError, {}, 'every step and background call is one ECS accepts');
  // The scripted ECS calls (what AWS adds for them is tested in test/service-events/).
  const scripted = records.filter((r) => r.eventSource === 'ecs.amazonaws.com' && !r.readOnly && r.userIdentity.arn?.match(/release-pipeline|ecsCodeDeployRole|sam\.okafor/));
  t.same(
    scripted.map((r) => r.eventName),
    [
      'CreateCluster', 'RegisterTaskDefinition', 'CreateService', 'ContinueServiceDeployment', 'CreateService',
      'RegisterTaskDefinition', 'UpdateService', 'ContinueServiceDeployment', 'CreateTaskSet', 'UpdateServicePrimaryTaskSet',
      'UpdateTaskSet', 'DeleteTaskSet', 'RegisterTaskDefinition', 'UpdateService', 'StopServiceDeployment',
    ],
  );

  // Each ContinueServiceDeployment names a pause hook of the deployment it continues.
  const continues = records.filter((r) => r.eventName === 'ContinueServiceDeployment');
  for (const r of continues) {
    t.match(r.requestParameters.hookId, /^ecs-pause-[A-Za-z0-9_-]{43}$/);
    t.match(r.requestParameters.serviceDeploymentArn, /^arn:aws:ecs:us-east-1:444455556666:service-deployment\/payments\/payments-api\/[A-Za-z0-9_-]{21}$/);
    t.same(r.responseElements, { serviceDeploymentArn: r.requestParameters.serviceDeploymentArn });
  }
  t.not(continues[0]!.requestParameters.serviceDeploymentArn, continues[1]!.requestParameters.serviceDeploymentArn, 'one per release');

  const stop = records.find((r) => r.eventName === 'StopServiceDeployment')!;
  t.equal(stop.userIdentity.arn, 'arn:aws:iam::444455556666:user/sam.okafor');
  t.same(stop.responseElements, { serviceDeploymentArn: stop.requestParameters.serviceDeploymentArn });

  const created = records.find((r) => r.eventName === 'CreateTaskSet')!;
  t.equal(created.userIdentity.sessionContext.sessionIssuer.userName, 'ecsCodeDeployRole');
  t.match(created.responseElements.taskSet, { status: 'ACTIVE', startedBy: 'CODE_DEPLOY', externalId: 'd-7QX2L9K1A', scale: { value: 100, unit: 'PERCENT' } });
  const switched = records.find((r) => r.eventName === 'UpdateServicePrimaryTaskSet')!;
  t.equal(switched.responseElements.taskSet.taskSetArn, created.responseElements.taskSet.taskSetArn);
  t.equal(switched.responseElements.taskSet.status, 'PRIMARY');
  const legacy = records.find((r) => r.eventName === 'CreateService' && r.requestParameters.serviceName === 'payments-legacy')!;
  t.same(legacy.responseElements.service.deployments, [], 'a CODE_DEPLOY service lists task sets, not deployments');
  t.equal(records.find((r) => r.eventName === 'DeleteTaskSet')!.responseElements.taskSet.taskSetArn, legacy.responseElements.service.taskSets[0].taskSetArn);
  for (const name of ['ListServiceDeployments', 'DescribeServiceDeployments', 'DescribeTaskSets']) {
    const reads = records.filter((r) => r.eventName === name);
    t.ok(reads.length > 0 && reads.every((r) => r.readOnly === true && r.responseElements === null), `${name} is read-only, with no response in its record`);
  }
});
