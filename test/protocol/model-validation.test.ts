import t from 'tap';
import {
  ClientException,
  CreateClusterCommand,
  DescribeClustersCommand,
  InvalidParameterException,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  TagResourceCommand,
  type ECSServiceException,
  type LaunchType,
  type DesiredStatus,
  type NetworkMode,
  type ClusterField,
} from '@aws-sdk/client-ecs';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * Enum, range, length and pattern checks from the ECS model (server/protocol/constraints.ts), through
 * the real client: the error the caller sees and the trail record of the refused call.
 */
const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as ECSServiceException);

t.test('model constraints answer with ECS-style errors and are recorded in the trail', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: 'mv' }));
  const clusterArn = cluster.cluster!.clusterArn!;
  const labels = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`l${i}`, 'v']));

  const cases: Array<[string, Promise<unknown>, new (...a: any[]) => ECSServiceException, string, string]> = [
    [
      'enum: RunTask launchType',
      ecs.send(new RunTaskCommand({ cluster: 'mv', taskDefinition: 'x:1', launchType: 'BOGUS' as LaunchType })),
      InvalidParameterException,
      'InvalidParameterException',
      'launchType should be one of [EC2,FARGATE,EXTERNAL,MANAGED_INSTANCES]',
    ],
    [
      'enum: ListTasks desiredStatus',
      ecs.send(new ListTasksCommand({ cluster: 'mv', desiredStatus: 'DONE' as DesiredStatus })),
      InvalidParameterException,
      'InvalidParameterException',
      'desiredStatus should be one of [RUNNING,PENDING,STOPPED]',
    ],
    [
      'range: capacity provider weight',
      ecs.send(
        new CreateClusterCommand({
          clusterName: 'w',
          defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1001 }],
        }),
      ),
      InvalidParameterException,
      'InvalidParameterException',
      'weight must be between 0 and 1000',
    ],
    [
      'pattern: tag key',
      ecs.send(new TagResourceCommand({ resourceArn: clusterArn, tags: [{ key: 'bad#key', value: 'v' }] })),
      InvalidParameterException,
      'InvalidParameterException',
      'key must match ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$, but was bad#key',
    ],
    [
      'task definition content: ClientException',
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'f',
          networkMode: 'bogus' as NetworkMode,
          containerDefinitions: [{ name: 'c', image: 'nginx', memory: 128 }],
        }),
      ),
      ClientException,
      'ClientException',
      'networkMode should be one of [bridge,host,awsvpc,none]',
    ],
    [
      'cap on a list the model leaves unbounded',
      ecs.send(new DescribeClustersCommand({ clusters: ['mv'], include: Array(1001).fill('TAGS') as ClusterField[] })),
      InvalidParameterException,
      'InvalidParameterException',
      'include can have at most 1000 items.',
    ],
    [
      'cap on a map',
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'f',
          containerDefinitions: [{ name: 'c', image: 'nginx', memory: 128, dockerLabels: labels }],
        }),
      ),
      ClientException,
      'ClientException',
      'dockerLabels can have at most 1000 items.',
    ],
    [
      'overlong tag key: the tag handler message wins over the model max',
      ecs.send(new TagResourceCommand({ resourceArn: clusterArn, tags: [{ key: 'k'.repeat(129), value: 'v' }] })),
      InvalidParameterException,
      'InvalidParameterException',
      'Tag keys must be between 1 and 128 characters in length.',
    ],
    [
      '51 tags: the per-resource tag limit message wins over the model max',
      ecs.send(
        new CreateClusterCommand({ clusterName: 't', tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }),
      ),
      InvalidParameterException,
      'InvalidParameterException',
      'The number of tags exceeds the maximum of 50.',
    ],
  ];
  const ids = new Map<string, [string, string]>();
  for (const [name, call, type, code, message] of cases) {
    const err = await fail(call);
    t.type(err, type, `${name}: error type`);
    t.equal(err?.name, code, `${name}: code`);
    t.equal(err?.message, message, `${name}: message`);
    t.equal(err?.$metadata.httpStatusCode, 400, `${name}: HTTP 400`);
    if (err?.$metadata.requestId) ids.set(err.$metadata.requestId, [name, code]);
  }
  t.equal(ids.size, cases.length, 'every refused call has a request id');

  const records = await emu.records();
  for (const [requestId, [name, code]] of ids) {
    const rec = records.filter((r) => r.requestID === requestId);
    t.equal(rec.length, 1, `${name}: recorded once`);
    t.equal(rec[0]?.errorCode, code, `${name}: errorCode in the trail`);
  }
});

t.test('values the model allows pass, including enum values newer than the botocore copy', async (t) => {
  const { ecs } = await startTestEmulator(t);
  await ecs.send(new CreateClusterCommand({ clusterName: 'ok', tags: [{ key: 'team name', value: 'a/b:c=d+e-f@g_h.i' }] }));
  const listed = await ecs.send(
    new ListTasksCommand({ cluster: 'ok', desiredStatus: 'STOPPED', launchType: 'MANAGED_INSTANCES' as LaunchType }),
  );
  t.same(listed.taskArns, []);
  const weighted = await ecs.send(
    new CreateClusterCommand({ clusterName: 'w', defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1000, base: 0 }] }),
  );
  t.equal(weighted.cluster?.clusterName, 'w');
  const described = await ecs.send(new DescribeClustersCommand({ clusters: ['ok'], include: Array(1000).fill('TAGS') as ClusterField[] }));
  t.equal(described.clusters?.length, 1, 'a list of exactly the cap passes');
});
