import t from 'tap';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ecsSdk from '@aws-sdk/client-ecs';
import { DAEMONS_OPERATIONS } from '../../emulator/operations/daemons/index.js';
import { EXPRESS_GATEWAY_SERVICES_OPERATIONS } from '../../emulator/operations/express-gateway-services/index.js';
import { GATEWAYS_OPERATIONS } from '../../emulator/operations/gateways/index.js';
import { ecsModel } from '../../server/protocol/service-model.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { fuzzSeed } from '../helpers/fuzz-seed.js';

/**
 * Property, for the newest families (daemons, gateways, Express services, whose handlers also check
 * their own inputs) and account settings, task protection and exec: whatever the body, the answer is a
 * success or a well-formed ECS error (no 500: a handler never trips over a value of the wrong type),
 * and every answer is in the trail once. Members come from the installed SDK's request examples, values
 * mix JSON types with ARNs of resources that exist. UNMODELLED_FUZZ_RUNS sets the count.
 */
const RUNS = Number(process.env.UNMODELLED_FUZZ_RUNS ?? 1500);
const SEED = fuzzSeed('UNMODELLED_FUZZ_RUNS');
const P = 'arn:aws:ecs:us-east-1:123456789012';
const OPS = [
  ...Object.keys(DAEMONS_OPERATIONS),
  ...Object.keys(EXPRESS_GATEWAY_SERVICES_OPERATIONS),
  ...Object.keys(GATEWAYS_OPERATIONS),
  'PutAccountSetting', 'PutAccountSettingDefault', 'DeleteAccountSetting', 'ListAccountSettings',
  'GetTaskProtection', 'UpdateTaskProtection', 'ExecuteCommand',
];

/** The member names of an operation's request, read from the SDK's documented example input. */
function membersOf(op: string): string[] {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@aws-sdk/client-ecs/package.json'));
  const text = readFileSync(join(dir, 'dist-types', 'commands', `${op}Command.d.ts`), 'utf8');
  const block = text.slice(text.indexOf('const input = {'), text.indexOf('const command = new'));
  return [...block.matchAll(/^ \* +"?([a-zA-Z]+)"?:/gm)].map((m) => m[1]!);
}
const MEMBERS = [...new Set(OPS.flatMap(membersOf))];

const KNOWN_CODES = new Set([
  ...Object.keys(ecsSdk).filter((k) => k.endsWith('Exception')),
  'SerializationException',
]);

const known = [
  'c', `${P}:cluster/c`, `${P}:daemon/c/d`, `${P}:daemon-task-definition/f:1`, 'f', 'f:1', `${P}:capacity-provider/mi`,
  'gw', `${P}:service/c/s`, 'arn:aws:iam::123456789012:role/r', 'arn:aws:iam::123456789012:root', 'containerInsights', 'enabled',
  'hostSharedAlb', 'web', 'ACTIVE', 'DESC', '', '__proto__',
];
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...known),
    fc.string(),
    fc.integer({ min: -5, max: 3000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...MEMBERS, 'key', 'value'), tie('value'), { maxKeys: 4 }),
  ),
}));

t.test(`unmodelled operations: ${RUNS} generated requests`, async (t) => {
  t.ok(MEMBERS.includes('daemonTaskDefinitionArn') && MEMBERS.includes('hostSharedAlb'), 'members read from the SDK');
  const emu = await startTestEmulator(t, { timings: { provisioningMs: 0, pendingMs: 0, stoppingMs: 0, deprovisioningMs: 0, stoppedTaskRetentionMs: 3600_000 } });
  const { ecs } = emu;
  await ecs.send(new ecsSdk.CreateClusterCommand({ clusterName: 'c' }));
  await ecs.send(new ecsSdk.RegisterDaemonTaskDefinitionCommand({ family: 'f', containerDefinitions: [{ name: 'a', image: 'x' }] }));
  await ecs.send(new ecsSdk.CreateDaemonCommand({ daemonName: 'd', clusterArn: 'c', daemonTaskDefinitionArn: 'f:1', capacityProviderArns: [`${P}:capacity-provider/mi`] }));
  await ecs.send(new ecsSdk.CreateGatewayCommand({ name: 'gw', infrastructureRoleArn: 'arn:aws:iam::123456789012:role/r', configuration: { hostSharedAlb: {} } }));
  const failures: string[] = [];
  const acknowledged = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...OPS), fc.dictionary(fc.constantFrom(...MEMBERS), jsonish.value, { maxKeys: 6 }), async (op, body) => {
      const res = await fetch(emu.url, {
        method: 'POST',
        headers: { 'x-amz-target': `${ecsModel.metadata.targetPrefix}.${op}`, 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      const requestId = res.headers.get('x-amzn-requestid');
      if (requestId) acknowledged.add(requestId);
      if (res.status === 200) return void JSON.parse(text);
      const code = res.headers.get('x-amzn-errortype') ?? '';
      if (res.status >= 500 || !KNOWN_CODES.has(code)) failures.push(`${op} ${JSON.stringify(body)} → ${res.status} ${text}`);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  t.same(failures.slice(0, 10), [], `every answer is a success or an ECS error (FUZZ_SEED=${SEED} replays this run)`);
  const ids = new Map<string, number>();
  for (const r of await emu.records()) ids.set(r.requestID, (ids.get(r.requestID) ?? 0) + 1);
  t.equal([...acknowledged].filter((id) => ids.get(id) !== 1).length, 0, `each of ${acknowledged.size} answered calls has one record`);
});
