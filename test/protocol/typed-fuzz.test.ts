import t from 'tap';
import fc from 'fast-check';
import * as ecsSdk from '@aws-sdk/client-ecs';
import { OPERATIONS as SERVED } from '../../emulator/index.js';
import { ecsModel, type MemberType } from '../../server/protocol/service-model.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { fuzzSeed } from '../helpers/fuzz-seed.js';

/**
 * Property: a sequence of well-typed calls (every input built from the ECS service model's shapes,
 * with enum values, names and ARNs of resources that exist mixed with arbitrary text) through the
 * real SDK never gets a 500: every call succeeds or fails with an ECS error the SDK knows. Unlike
 * fuzz.test.ts, whose bodies mostly fail JSON typing, these reach the handlers, on a store that
 * the earlier calls of the sequence filled. Every operation the emulator serves takes part (the
 * list grows as operations land). FUZZ_SEQUENCES sets the count (`npm run fuzz`: a fresh seed each
 * time); FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_SEQUENCES ?? 300);
const SEED = fuzzSeed('FUZZ_SEQUENCES');
const CALLS_PER_RUN = 12;

/** The operations the emulator serves (the others answer UnsupportedFeatureException without reaching a handler). */
const OPERATIONS = Object.keys(SERVED);

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const arn = (rest: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:${rest}`;
/** Names and references the store is likely to hold, so calls find (or collide with) each other. */
const REFERENCES = [
  'default', 'demo', 'web', 'web:1', 'web:2', 'fg', 'svc', 'worker',
  arn('cluster/demo'), arn('cluster/default'), arn('service/demo/svc'), arn('service/svc'), arn('task-definition/web:1'),
  arn('task/demo/0123456789abcdef0123456789abcdef'), '0123456789abcdef0123456789abcdef', arn('container-instance/demo/abc'),
  'ext', 'ecs-svc/1234567890123456789', 'CODE_DEPLOY', 'EXTERNAL',
  'FARGATE', 'EC2', 'FARGATE_SPOT', 'awsvpc', 'subnet-0abc', 'sg-0abc', 'nginx:latest', '256', '512', '1024',
  'arn:aws:iam::123456789012:role/ecsTaskExecutionRole', 'arn:aws:ecs:eu-west-1:123456789012:cluster/demo', 'arn:aws:s3:::bucket', '',
];

/** Valid calls on the resources made below; generated members are laid over them, to reach deep. */
const VALID: Record<string, Record<string, unknown>> = {
  RegisterTaskDefinition: { family: 'web', containerDefinitions: [{ name: 'c', image: 'nginx:latest', memory: 512 }] },
  CreateService: { cluster: 'demo', serviceName: 'worker', taskDefinition: 'web', desiredCount: 1 },
  UpdateService: { cluster: 'demo', service: 'svc' },
  RunTask: { cluster: 'demo', taskDefinition: 'fg', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'] } } },
  ListTasks: { cluster: 'demo' },
  TagResource: { resourceArn: arn('cluster/demo'), tags: [{ key: 'k', value: 'v' }] },
  DescribeServices: { cluster: 'demo', services: ['svc'] },
  CreateTaskSet: { cluster: 'demo', service: 'ext', taskDefinition: 'fg', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'] } } },
  DescribeTaskSets: { cluster: 'demo', service: 'ext' },
  ListServiceDeployments: { cluster: 'demo', service: 'svc' },
};

function structureArbitrary(name: string, depth: number, allOptional = false): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant({});
  const shape = ecsModel.structures[name];
  if (!shape) throw new Error(`the ECS model has no structure ${name}`);
  const entries = Object.entries(shape.members);
  if (shape.union) {
    // A union sets exactly one member.
    return fc.oneof(...entries.map(([m, t]) => arbitraryOf(t, depth + 1).map((v) => ({ [m]: v }))));
  }
  // Required members always, each optional one a time in four: most inputs stay plausible.
  const required = new Set(allOptional ? [] : (shape.required ?? []));
  const members = Object.fromEntries(
    entries.map(([m, t]) => {
      const value = arbitraryOf(t, depth + 1);
      return [m, required.has(m) ? value : fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: value, weight: 1 })];
    }),
  );
  return fc.record(members).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

function arbitraryOf(t: MemberType, depth: number): fc.Arbitrary<unknown> {
  switch (t.type) {
    case 'structure':
    case 'union':
      return structureArbitrary(t.shape, depth);
    case 'list':
      return depth > 4 ? fc.constant([]) : fc.array(arbitraryOf(t.member, depth + 1), { maxLength: 3 });
    case 'map':
      return depth > 4 ? fc.constant({}) : fc.dictionary(fc.constantFrom('a', 'key', 'Name', 'x.y'), arbitraryOf(t.value, depth + 1), { maxKeys: 3 });
    case 'integer':
    case 'long':
      return fc.oneof({ arbitrary: fc.integer({ min: 0, max: 10 }), weight: 4 }, { arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), weight: 1 });
    case 'float':
    case 'double':
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true });
    case 'blob':
      return fc.uint8Array({ maxLength: 8 });
    case 'document':
      return fc.jsonValue({ maxDepth: 3 });
    default: {
      const enumValues = t.enum === undefined ? undefined : ecsModel.enums[t.enum];
      return enumValues
        ? fc.oneof({ arbitrary: fc.constantFrom(...enumValues), weight: 4 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 })
        : fc.oneof({ arbitrary: fc.constantFrom(...REFERENCES), weight: 4 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 }, { arbitrary: fc.string({ minLength: 200, maxLength: 300 }), weight: 1 });
    }
  }
}

const call = fc.oneof(
  ...OPERATIONS.map((op) => {
    const input = ecsModel.operations[op]?.input;
    if (!input) throw new Error(`the ECS model has no operation ${op}`);
    const generated = structureArbitrary(input, 0).map((body) => ({ op, body: body as Record<string, unknown> }));
    const valid = VALID[op];
    if (!valid) return generated;
    const overlaid = structureArbitrary(input, 0, true).map((over) => ({ op, body: { ...structuredClone(valid), ...(over as object) } }));
    return fc.oneof(generated, overlaid);
  }),
);

const sdk = ecsSdk as unknown as Record<string, new (input: unknown) => ecsSdk.ECSClient extends { send(c: infer C): unknown } ? C : never>;
// SerializationException is not an SDK class: the handlers of the newest families also check number types.
const KNOWN = new Set([...Object.keys(ecsSdk).filter((k) => k.endsWith('Exception')), 'SerializationException']);

t.test(`typed fuzz: ${RUNS} sequences of ${CALLS_PER_RUN} well-typed calls reach the handlers without a 500`, async (t) => {
  const emu = await startTestEmulator(t, { timings: { provisioningMs: 0, pendingMs: 0, stoppingMs: 0, deprovisioningMs: 0, stoppedTaskRetentionMs: 3600_000 } });
  // Resources the references above name, so that many calls find what they refer to.
  await emu.ecs.send(new ecsSdk.CreateClusterCommand({ clusterName: 'demo' }));
  await emu.ecs.send(new ecsSdk.RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'c', image: 'nginx:latest', memory: 512 }] }));
  await emu.ecs.send(
    new ecsSdk.RegisterTaskDefinitionCommand({
      family: 'fg',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'c', image: 'nginx:latest' }],
    }),
  );
  await emu.ecs.send(new ecsSdk.CreateServiceCommand({ cluster: 'demo', serviceName: 'svc', taskDefinition: 'web:1', desiredCount: 1 }));
  await emu.ecs.send(new ecsSdk.CreateServiceCommand({ cluster: 'demo', serviceName: 'ext', desiredCount: 2, deploymentController: { type: 'EXTERNAL' } }));
  const failures: string[] = [];
  const outcomes = new Map<string, number>();
  let handled = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(call, { minLength: CALLS_PER_RUN, maxLength: CALLS_PER_RUN }), async (calls) => {
      for (const { op, body } of calls) {
        const Command = sdk[`${op}Command`]!;
        try {
          await emu.ecs.send(new Command(body));
          outcomes.set(`${op} ok`, (outcomes.get(`${op} ok`) ?? 0) + 1);
          handled++;
        } catch (err) {
          const e = err as ecsSdk.ECSServiceException;
          const status = e.$metadata?.httpStatusCode;
          if (status === undefined || status >= 500 || !KNOWN.has(e.name)) {
            failures.push(`${op} ${JSON.stringify(body).slice(0, 400)} → ${status} ${e.name}: ${e.message}`);
          }
          if (e.name !== 'SerializationException') handled++;
          outcomes.set(`${op} ${e.name}`, (outcomes.get(`${op} ${e.name}`) ?? 0) + 1);
        }
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  t.same(failures.slice(0, 10), [], `no call got a 500 or an unknown error (FUZZ_SEED=${SEED} replays this run)`);
  t.comment([...outcomes].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  const succeeded = new Set([...outcomes.keys()].filter((k) => k.endsWith(' ok')).map((k) => k.split(' ')[0]));
  // The generator reaches the handlers: most operations succeed at least once, and most calls pass typing.
  t.ok(succeeded.size >= OPERATIONS.length / 2, `${succeeded.size} of ${OPERATIONS.length} operations succeeded at least once: ${[...succeeded].join(', ')}`);
  t.ok(handled > (RUNS * CALLS_PER_RUN) / 2, `${handled} of ${RUNS * CALLS_PER_RUN} calls reached a handler`);
});
