import t from 'tap';
import {
  ClientException,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  InvalidParameterException,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type ECSClient,
  type ECSServiceException,
  type ListTaskDefinitionFamiliesCommandInput,
  type ListTaskDefinitionsCommandInput,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition';
const web = (family = 'web'): RegisterTaskDefinitionCommandInput => ({
  family,
  containerDefinitions: [{ name: 'app', image: 'nginx:latest', memory: 128 }],
});
const fargate = (over: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput => ({
  family: 'fg',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
  ...over,
});
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);
const register = (ecs: ECSClient, input: RegisterTaskDefinitionCommandInput) =>
  ecs.send(new RegisterTaskDefinitionCommand(input));

t.test('RegisterTaskDefinition fills in ECS defaults and counts revisions per family', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  const out = await register(ecs, web());
  const td = out.taskDefinition!;
  t.equal(td.taskDefinitionArn, `${ARN}/web:1`);
  t.equal(td.family, 'web');
  t.equal(td.revision, 1);
  t.equal(td.status, 'ACTIVE');
  t.same(td.compatibilities, ['EXTERNAL', 'EC2']);
  t.same(td.volumes, []);
  t.same(td.placementConstraints, []);
  t.same(td.requiresAttributes, []);
  t.type(td.registeredAt, Date);
  t.match(td.registeredBy, /^arn:aws:(iam|sts)::123456789012:/);
  t.match(td.containerDefinitions?.[0], {
    name: 'app',
    image: 'nginx:latest',
    memory: 128,
    cpu: 0,
    portMappings: [],
    essential: true,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
  });
  t.equal(out.tags, undefined, 'no tags member without tags');

  t.equal((await register(ecs, web())).taskDefinition?.revision, 2);
  t.equal((await register(ecs, web('other'))).taskDefinition?.revision, 1, 'revisions count per family');

  const records = await emu.records();
  const rec = recordFor(records, out.$metadata.requestId);
  t.equal(rec.eventName, 'RegisterTaskDefinition');
  t.equal(rec.eventSource, 'ecs.amazonaws.com');
  t.equal(rec.errorCode, undefined);
  t.equal(records.filter((r) => r.eventName === 'RegisterTaskDefinition').length, 3, 'one record per call');
});

t.test('RegisterTaskDefinition: Fargate sizes, units, compatibilities and attributes', async (t) => {
  const { ecs } = await startTestEmulator(t);
  const td = (
    await register(
      ecs,
      fargate({
        cpu: '0.25 vCPU',
        memory: '1 GB',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        taskRoleArn: 'arn:aws:iam::123456789012:role/task',
        containerDefinitions: [
          {
            name: 'app',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1',
            portMappings: [{ containerPort: 8080 }],
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } },
          },
        ],
      }),
    )
  ).taskDefinition!;
  t.equal(td.cpu, '256', '"0.25 vCPU" is stored in CPU units');
  t.equal(td.memory, '1024', '"1 GB" is stored in MiB');
  t.same(td.compatibilities, ['EC2', 'FARGATE']);
  t.same(td.requiresCompatibilities, ['FARGATE']);
  t.same(td.containerDefinitions?.[0]?.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]);
  const attrs = td.requiresAttributes?.map((a) => a.name);
  for (const name of [
    'com.amazonaws.ecs.capability.logging-driver.awslogs',
    'ecs.capability.execution-role-awslogs',
    'com.amazonaws.ecs.capability.ecr-auth',
    'ecs.capability.execution-role-ecr-pull',
    'com.amazonaws.ecs.capability.task-iam-role',
    'ecs.capability.task-eni',
  ]) {
    t.ok(attrs?.includes(name), name);
  }
  const awsvpcOnly = (
    await register(ecs, { ...web('vpc'), networkMode: 'awsvpc', cpu: '1024', memory: '3072' })
  ).taskDefinition!;
  t.same(awsvpcOnly.compatibilities, ['EC2', 'FARGATE'], 'awsvpc and a Fargate size make it Fargate-compatible');
  const odd = (await register(ecs, { ...web('odd'), networkMode: 'awsvpc', cpu: '300', memory: '512' })).taskDefinition!;
  t.same(odd.compatibilities, ['EC2']);
});

t.test('RegisterTaskDefinition validation errors', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  const cases: Array<[string, RegisterTaskDefinitionCommandInput, string]> = [
    ['empty family', { ...web(), family: '' }, 'Family can not be blank.'],
    ['bad family', { ...web(), family: 'bad name' }, 'Family contains invalid characters.'],
    ['no containers', { family: 'x', containerDefinitions: [] }, 'Container list cannot be empty.'],
    ['no name', { family: 'x', containerDefinitions: [{ image: 'i', memory: 64 }] }, 'Container.name should not be null or empty.'],
    ['bad name', { family: 'x', containerDefinitions: [{ name: 'a b', image: 'i', memory: 64 }] }, 'Container.name contains invalid characters.'],
    ['no image', { family: 'x', containerDefinitions: [{ name: 'a', memory: 64 }] }, 'Container.image should not be null or empty.'],
    ['bad image', { family: 'x', containerDefinitions: [{ name: 'a', image: 'a b', memory: 64 }] }, 'Container.image contains invalid characters.'],
    [
      'no memory',
      { family: 'x', containerDefinitions: [{ name: 'a', image: 'i' }] },
      "Invalid setting for container 'a'. At least one of 'memory' or 'memoryReservation' must be specified.",
    ],
    ['fargate no cpu', fargate({ cpu: undefined }), "Fargate requires that 'cpu' be defined at the task level."],
    ['fargate no memory', fargate({ memory: undefined }), "Fargate requires that 'memory' be defined at the task level."],
    ['fargate bridge', fargate({ networkMode: 'bridge' }), 'Fargate only supports network mode \u2018awsvpc\u2019.'],
    ['fargate size', fargate({ cpu: '256', memory: '4096' }), 'No Fargate configuration exists for given values.'],
    [
      'fargate ecr without role',
      fargate({ containerDefinitions: [{ name: 'a', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/a' }] }),
      'Fargate requires task definition to have execution role ARN to support ECR images.',
    ],
    [
      'container cpu sum',
      fargate({ containerDefinitions: [{ name: 'a', image: 'i', cpu: 512 }] }),
      "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.",
    ],
    [
      'awsvpc ports',
      fargate({ containerDefinitions: [{ name: 'a', image: 'i', portMappings: [{ containerPort: 80, hostPort: 81 }] }] }),
      'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
    ],
  ];
  for (const [what, input, message] of cases) {
    const err = await fail(register(ecs, input));
    t.type(err, ClientException, what);
    t.equal(err?.message, message, what);
  }
  const err = await fail(register(ecs, { ...web(), family: 'bad name' }));
  const records = await emu.records();
  const rec = recordFor(records, err?.$metadata.requestId);
  t.equal(rec.errorCode, 'ClientException');
  t.equal(rec.errorMessage, 'Family contains invalid characters.');
  t.same(
    (await ecs.send(new ListTaskDefinitionFamiliesCommand({}))).families,
    [],
    'nothing was registered by a failed call',
  );
});

t.test('RegisterTaskDefinition refuses container settings Fargate does not run when FARGATE is required', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  const app = (over: object) => fargate({ containerDefinitions: [{ name: 'app', image: 'nginx', ...over }] });
  const cases: Array<[string, RegisterTaskDefinitionCommandInput, string]> = [
    ['privileged', app({ privileged: true }), 'Fargate compatible task definitions do not support privileged'],
    ['devices', app({ linuxParameters: { devices: [{ hostPath: '/dev/fuse' }] } }), 'Fargate compatible task definitions do not support devices'],
    [
      'a capability other than SYS_PTRACE',
      app({ linuxParameters: { capabilities: { add: ['SYS_PTRACE', 'NET_ADMIN'] } } }),
      'Fargate compatible task definitions only support adding the SYS_PTRACE kernel capability',
    ],
  ];
  const ids: Array<string | undefined> = [];
  for (const [what, input, message] of cases) {
    const err = await fail(register(ecs, input));
    t.type(err, ClientException, what);
    t.equal(err?.name, 'ClientException', what);
    t.equal(err?.message, message, what);
    ids.push(err?.$metadata.requestId);
  }
  const records = await emu.records();
  cases.forEach(([what, , message], i) => t.match(recordFor(records, ids[i]), { errorCode: 'ClientException', errorMessage: message }, what));
  t.same((await ecs.send(new ListTaskDefinitionFamiliesCommand({}))).families, [], 'nothing was registered');
  const fine = app({ privileged: false, linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: ['ALL'] } } });
  t.same((await register(ecs, fine)).taskDefinition?.compatibilities, ['EC2', 'FARGATE'], 'privileged false, SYS_PTRACE and drop are allowed');
});

t.test('a privileged definition without requiresCompatibilities is EC2-only, and FARGATE refuses it', async (t) => {
  const { ecs } = await startTestEmulator(t);
  const priv = [{ name: 'app', image: 'nginx', memory: 64, privileged: true }];
  const td = (await register(ecs, { ...fargate(), family: 'priv', requiresCompatibilities: undefined, containerDefinitions: priv })).taskDefinition!;
  t.same(td.compatibilities, ['EC2'], 'awsvpc and a Fargate size, but not FARGATE');
  t.equal(td.requiresCompatibilities, undefined);
  t.equal(td.containerDefinitions?.[0]?.privileged, true);
  const bridge = (await register(ecs, { family: 'priv-bridge', containerDefinitions: priv })).taskDefinition!;
  t.same(bridge.compatibilities, ['EXTERNAL', 'EC2'], 'privileged does not take EXTERNAL away');

  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const on = { cluster: 'c', taskDefinition: 'priv', launchType: 'FARGATE' as const, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12345678'] } } };
  const run = await fail(ecs.send(new RunTaskCommand(on)));
  t.type(run, InvalidParameterException);
  t.equal(run?.name, 'InvalidParameterException');
  t.equal(run?.message, 'Task definition does not support launch_type FARGATE.');
  const svc = await fail(ecs.send(new CreateServiceCommand({ ...on, serviceName: 's', desiredCount: 1 })));
  t.type(svc, InvalidParameterException, 'CreateService too');
  t.equal(svc?.message, 'Task definition does not support launch_type FARGATE.');
});

t.test('tags: RegisterTaskDefinition, DescribeTaskDefinition include TAGS, ListTagsForResource', async (t) => {
  const { ecs } = await startTestEmulator(t);
  const out = await register(ecs, { ...web(), tags: [{ key: 'team', value: 'a' }] });
  t.same(out.tags, [{ key: 'team', value: 'a' }]);
  const arn = out.taskDefinition!.taskDefinitionArn!;
  t.same((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: 'team', value: 'a' }]);
  const d = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] }));
  t.same(d.tags, [{ key: 'team', value: 'a' }]);
  const plain = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));
  t.equal(plain.tags, undefined, 'tags only with include TAGS');
  const bad = await fail(register(ecs, { ...web(), tags: [{ key: 'aws:x', value: '1' }] }));
  t.type(bad, InvalidParameterException);
});

t.test('DescribeTaskDefinition by family, family:revision and ARN; Deregister; Delete', async (t) => {
  const emu = await startTestEmulator(t);
  const { ecs } = emu;
  await register(ecs, web());
  await register(ecs, web());
  const describe = (taskDefinition: string) => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
  t.equal((await describe('web')).taskDefinition?.revision, 2, 'a family names its latest ACTIVE revision');
  t.equal((await describe('web:1')).taskDefinition?.revision, 1);
  t.equal((await describe(`${ARN}/web:1`)).taskDefinition?.revision, 1);
  for (const ref of ['nope', 'web:9', 'web:0', 'bad name']) {
    const err = await fail(describe(ref));
    t.type(err, ClientException, ref);
    t.equal(err?.message, 'Unable to describe task definition.', ref);
  }
  const blank = await fail(describe(''));
  t.equal(blank?.name, 'InvalidParameterException');

  const dereg = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }));
  t.equal(dereg.taskDefinition?.status, 'INACTIVE');
  t.type(dereg.taskDefinition?.deregisteredAt, Date);
  t.equal((await describe('web:2')).taskDefinition?.status, 'INACTIVE', 'INACTIVE stays describable');
  t.equal((await describe('web')).taskDefinition?.revision, 1, 'the family now names revision 1');
  const again = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `${ARN}/web:2` }));
  t.equal(again.taskDefinition?.status, 'INACTIVE', 'deregistering again by ARN returns it');
  const noRev = await fail(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web' })));
  t.type(noRev, ClientException, 'a revision is required');
  const unknown = await fail(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:7' })));
  t.type(unknown, ClientException);

  const del = await ecs.send(
    new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:2', 'web:1', 'web', 'web:42'] }),
  );
  t.same(del.taskDefinitions?.map((d) => [d.revision, d.status]), [[2, 'DELETE_IN_PROGRESS']]);
  t.same(del.failures?.map((f) => f.arn), ['web:1', 'web', 'web:42'], 'failures echo the identifier as sent');
  t.match(del.failures?.[0]?.reason, /still in ACTIVE status/);
  t.match(del.failures?.[1]?.reason, /identifier is invalid/);
  t.match(del.failures?.[2]?.reason, /does not exist/);
  const gone = await fail(describe('web:2'));
  t.type(gone, ClientException, 'a deleted revision is no longer describable');
  const twice = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:2'] }));
  t.equal(twice.failures?.length, 1);
  t.equal((await register(ecs, web())).taskDefinition?.revision, 3, 'revision numbers are never reused');

  const records = await emu.records();
  t.equal(recordFor(records, del.$metadata.requestId).eventName, 'DeleteTaskDefinitions');
  t.equal(recordFor(records, dereg.$metadata.requestId).eventName, 'DeregisterTaskDefinition');
  t.equal(recordFor(records, noRev?.$metadata.requestId).errorCode, 'ClientException');
});

t.test('ListTaskDefinitions: family, status, sort and pages', async (t) => {
  const { ecs } = await startTestEmulator(t);
  for (let i = 0; i < 3; i++) await register(ecs, web('b'));
  for (let i = 0; i < 2; i++) await register(ecs, web('a'));
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'b:2' }));
  const list = (input: ListTaskDefinitionsCommandInput) =>
    ecs.send(new ListTaskDefinitionsCommand(input));
  t.same((await list({})).taskDefinitionArns, [`${ARN}/a:1`, `${ARN}/a:2`, `${ARN}/b:1`, `${ARN}/b:3`]);
  t.same((await list({ sort: 'DESC' })).taskDefinitionArns, [`${ARN}/b:3`, `${ARN}/b:1`, `${ARN}/a:2`, `${ARN}/a:1`]);
  t.same((await list({ status: 'INACTIVE' })).taskDefinitionArns, [`${ARN}/b:2`]);
  t.same((await list({ familyPrefix: 'b' })).taskDefinitionArns, [`${ARN}/b:1`, `${ARN}/b:3`]);
  t.same((await list({ familyPrefix: 'a', sort: 'DESC' })).taskDefinitionArns, [`${ARN}/a:2`, `${ARN}/a:1`]);

  const seen: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await list({ maxResults: 3, nextToken });
    seen.push(...(page.taskDefinitionArns ?? []));
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  t.equal(pages, 2);
  t.equal(seen.length, 4);
  for (const maxResults of [0, 101]) {
    const err = await fail(list({ maxResults }));
    t.type(err, InvalidParameterException, `maxResults ${maxResults}`);
  }
  t.type(await fail(list({ nextToken: 'nope' })), InvalidParameterException);
});

t.test('ListTaskDefinitionFamilies: prefix, status and pages', async (t) => {
  const { ecs } = await startTestEmulator(t);
  for (const f of ['api', 'app', 'worker']) await register(ecs, web(f));
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'worker:1' }));
  const list = (input: ListTaskDefinitionFamiliesCommandInput) =>
    ecs.send(new ListTaskDefinitionFamiliesCommand(input));
  t.same((await list({})).families, ['api', 'app', 'worker'], 'all families by default');
  t.same((await list({ status: 'ALL' })).families, ['api', 'app', 'worker']);
  t.same((await list({ status: 'ACTIVE' })).families, ['api', 'app']);
  t.same((await list({ status: 'INACTIVE' })).families, ['worker']);
  t.same((await list({ familyPrefix: 'ap' })).families, ['api', 'app']);
  const first = await list({ maxResults: 2 });
  t.same(first.families, ['api', 'app']);
  t.ok(first.nextToken);
  const second = await list({ maxResults: 2, nextToken: first.nextToken });
  t.same(second.families, ['worker']);
  t.equal(second.nextToken, undefined);
  t.type(await fail(list({ maxResults: 101 })), InvalidParameterException);
});
