import t from 'tap';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { registerInstance } from '../helpers/ec2-instances.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

/**
 * RunTask and StartTask answer before the task has a network interface or the agent has reported
 * anything (issue #15, no look-ahead), as the AWS CLI's run-task examples show them
 * (https://awscli.amazonaws.com/v2/documentation/api/latest/reference/ecs/run-task.html): a Fargate
 * task's ENI attachment PRECREATED with only its subnet, containers with no network interface, no
 * network bindings and no health status. The trail's responseElements carry the same answer.
 */
const T0 = Date.parse('2026-03-02T09:00:00Z');

/** The container members of both CLI examples (EC2 adds memory), in their order. */
const CONTAINER_KEYS = ['containerArn', 'taskArn', 'name', 'image', 'lastStatus', 'networkInterfaces', 'cpu'];

t.test('RunTask on Fargate: the ENI is PRECREATED with only its subnet; it shows once provisioned', async (t) => {
  const clock = new ManualClock(T0);
  const emu = await startTestEmulator(t, { clock });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'default' }));
  await emu.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'mytaskdef', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '1024', memory: '3072',
      containerDefinitions: [{ name: 'container-using-ebs', image: 'amazonlinux:2', essential: true }],
    }),
  );
  const run = await emu.ecs.send(
    new RunTaskCommand({
      cluster: 'default', taskDefinition: 'mytaskdef', launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-070982705451dad82'], securityGroups: ['sg-12344321'], assignPublicIp: 'ENABLED' } },
    }),
  );
  const task = run.tasks![0]!;
  t.equal(task.lastStatus, 'PROVISIONING');
  t.same(task.attachments, [{ id: task.attachments![0]!.id, type: 'ElasticNetworkInterface', status: 'PRECREATED', details: [{ name: 'subnetId', value: 'subnet-070982705451dad82' }] }]);
  t.strictSame(Object.keys(task.containers![0]!), CONTAINER_KEYS);
  t.same(task.containers![0]!.networkInterfaces, []);
  t.notOk('healthStatus' in task, 'no task health status in the answer');

  const record = recordFor(await emu.records(), run.$metadata.requestId);
  const shown = record.responseElements.tasks[0];
  t.same(shown.attachments[0].details, [{ name: 'subnetId', value: 'subnet-070982705451dad82' }], 'the record shows the same answer');
  t.strictSame(Object.keys(shown.containers[0]), CONTAINER_KEYS);

  clock.advance(60_000);
  const described = (await emu.ecs.send(new DescribeTasksCommand({ cluster: 'default', tasks: [task.taskArn!] }))).tasks![0]!;
  t.equal(described.lastStatus, 'RUNNING');
  const eni = described.attachments![0]!;
  t.equal(eni.status, 'ATTACHED');
  t.same(eni.details!.map((d) => d.name), ['subnetId', 'networkInterfaceId', 'macAddress', 'privateDnsName', 'privateIPv4Address']);
  t.equal(described.containers![0]!.networkInterfaces![0]!.attachmentId, eni.id, 'the container names the interface once it exists');
  t.equal(described.healthStatus, 'UNKNOWN', 'DescribeTasks shows the health status');
});

t.test('RunTask and StartTask on EC2: no network bindings or health status before the agent reports', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'default' }));
  const instance = await registerInstance(emu.ecs, 'default');
  await emu.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'sleep360', containerDefinitions: [{ name: 'sleep', image: 'busybox', cpu: 10, memory: 10, command: ['sleep', '360'], portMappings: [{ containerPort: 80, hostPort: 0 }] }],
    }),
  );
  const run = await emu.ecs.send(new RunTaskCommand({ cluster: 'default', taskDefinition: 'sleep360:1' }));
  const start = await emu.ecs.send(new StartTaskCommand({ cluster: 'default', taskDefinition: 'sleep360:1', containerInstances: [instance] }));
  for (const [name, task] of [['RunTask', run.tasks![0]!], ['StartTask', start.tasks![0]!]] as const) {
    t.equal(task.lastStatus, 'PENDING', name);
    t.same(task.attachments, [], `${name}: no attachments on bridge networking`);
    t.strictSame(Object.keys(task.containers![0]!), [...CONTAINER_KEYS, 'memory'], `${name}: the CLI example's container members`);
    t.notOk('healthStatus' in task, `${name}: no health status`);
  }
});
