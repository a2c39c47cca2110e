import t from 'tap';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { fargateTaskDefinition } from '../helpers/task-definitions.js';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'] } };

// Terraform's aws_ecs_service reads availabilityZoneRebalancing back from DescribeServices: without it
// every plan after an apply showed `+ availability_zone_rebalancing = "DISABLED"` (issue #11).
t.test('availabilityZoneRebalancing: ENABLED by default on create, kept by updates that leave it out, changed by those that set it', async (t) => {
  const { ecs } = await startTestEmulator(t);
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(fargateTaskDefinition('web', [{ name: 'app', image: 'nginx:1' }]));
  const base = { cluster: 'prod', taskDefinition: 'web', desiredCount: 0, launchType: 'FARGATE' as const, networkConfiguration: NETWORK };
  const created = await ecs.send(new CreateServiceCommand({ ...base, serviceName: 'default' }));
  t.equal(created.service?.availabilityZoneRebalancing, 'ENABLED', 'CreateService without a value: ENABLED');
  const disabled = await ecs.send(new CreateServiceCommand({ ...base, serviceName: 'off', availabilityZoneRebalancing: 'DISABLED' }));
  t.equal(disabled.service?.availabilityZoneRebalancing, 'DISABLED');

  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'off', desiredCount: 1 }));
  let described = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['off', 'default'] }));
  t.same(described.services?.map((s) => [s.serviceName, s.availabilityZoneRebalancing]), [['off', 'DISABLED'], ['default', 'ENABLED']]);

  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'default', availabilityZoneRebalancing: 'DISABLED' }));
  described = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['default'] }));
  t.equal(described.services?.[0]?.availabilityZoneRebalancing, 'DISABLED', 'UpdateService changes it');
});
