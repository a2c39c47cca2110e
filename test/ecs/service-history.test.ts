import t from 'tap';
import { createEcsEmulator, IMMEDIATE_TIMINGS } from '../../emulator/index.js';

/**
 * A long-lived service must not carry its whole history: a deployment keeps only its tasks that are
 * not STOPPED, and at most 100 events are kept (ECS shows the 100 latest). Without this, each
 * UpdateService and DescribeServices got slower with every scale change (20 ms after 8,000).
 */
t.test('a service scaled hundreds of times keeps only its live tasks and 100 events', async (t) => {
  const ecs = createEcsEmulator({ timings: IMMEDIATE_TIMINGS });
  const scope = { accountId: '123456789012', region: 'us-east-1' };
  ecs.call('CreateCluster', { clusterName: 'c' }, scope);
  ecs.call(
    'RegisterTaskDefinition',
    {
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx', essential: true }],
    },
    scope,
  );
  const net = { awsvpcConfiguration: { subnets: ['subnet-1'] } };
  const created = ecs.call<any>(
    'CreateService',
    { cluster: 'c', serviceName: 'svc', taskDefinition: 'web', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: net },
    scope,
  );
  for (let i = 0; i < 400; i++) ecs.call('UpdateService', { cluster: 'c', service: 'svc', desiredCount: (i % 3) + 1 }, scope);
  const record = ecs.stores.get(scope.accountId, scope.region).services.get(created.service.serviceArn)!;
  t.equal(record.deployments.length, 1);
  t.ok(record.deployments[0]!.taskArns.length <= 3, `the deployment holds ${record.deployments[0]!.taskArns.length} task ARNs, not 400+`);
  t.ok(record.events.length <= 100, `${record.events.length} events kept`);
  const described = ecs.call<any>('DescribeServices', { cluster: 'c', services: ['svc'] }, scope);
  t.equal(described.services[0].desiredCount, (399 % 3) + 1);
  t.equal(described.services[0].runningCount, (399 % 3) + 1, 'the counts are still right');
});
