import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULTS, resolveConfig } from '../../server/config.js';
import { runGenerate } from '../../server/bin/generate-command.js';
import { readTrailRecords } from '../helpers/test-emulator.js';

/** The switch for service-side events: on by default, off by flag, environment or scenario. */

t.test('serve: --service-events and ECS_TRAIL_SERVICE_EVENTS', async (t) => {
  t.equal(DEFAULTS.serviceEvents, true, 'on by default');
  t.equal(resolveConfig([], {}).serviceEvents, true);
  t.equal(resolveConfig(['--service-events', 'off'], {}).serviceEvents, false);
  t.equal(resolveConfig(['--service-events=on'], { ECS_TRAIL_SERVICE_EVENTS: 'off' }).serviceEvents, true, 'the flag over the environment');
  t.equal(resolveConfig([], { ECS_TRAIL_SERVICE_EVENTS: 'false' }).serviceEvents, false);
  t.throws(() => resolveConfig(['--service-events', 'sometimes'], {}), new ConfigError('--service-events must be on or off, got "sometimes"'));
});

t.test('generate: --service-events off over the scenario, and a bad value is a usage error', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-se-flag-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const scenario = join(dir, 's.yaml');
  await writeFile(
    scenario,
    `
start: 2026-01-05T10:00:00Z
duration: 1h
serviceEvents: true
actors:
  a: { type: IAMUser, userName: a }
steps:
  - { actor: a, call: CreateCluster, params: { clusterName: c } }
  - id: td
    actor: a
    call: RegisterTaskDefinition
    params: { family: f, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "256", memory: "512", taskRoleArn: "arn:aws:iam::123456789012:role/r", containerDefinitions: [{ name: c, image: busybox }] }
  - { actor: a, call: RunTask, params: { cluster: c, taskDefinition: f, launchType: FARGATE, networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-1] } } } }
`,
  );
  let stderr = '';
  const io = {
    stdout: { write: () => true } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
  };
  t.equal(await runGenerate([scenario, '--out', join(dir, 'on'), '--seed', '1', '--quiet'], io), 0);
  t.equal(await runGenerate([scenario, '--out', join(dir, 'off'), '--seed', '1', '--quiet', '--service-events', 'off'], io), 0);
  const on = await readTrailRecords(join(dir, 'on'));
  const off = await readTrailRecords(join(dir, 'off'));
  t.same(off.map((r) => r.eventName), ['CreateCluster', 'RegisterTaskDefinition', 'RunTask']);
  t.ok(on.some((r) => r.userIdentity.invokedBy === 'ecs-tasks.amazonaws.com'), "the scenario's serviceEvents: true without the flag");
  t.equal(await runGenerate([scenario, '--out', join(dir, 'bad'), '--seed', '1', '--service-events', 'sometimes'], io), 2);
  t.match(stderr, /--service-events must be on or off, got "sometimes"/);
});
