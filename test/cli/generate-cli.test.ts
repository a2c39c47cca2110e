import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runGenerateCaptured as run } from '../helpers/generate-cli.js';
import { listFiles } from '../generator/generated-trail.js';
import { typescriptLoader } from '../helpers/typescript-loader.js';

async function recordsIn(dir: string): Promise<Record<string, any>[]> {
  const out = [];
  for (const f of (await listFiles(dir)).filter((p) => /\/CloudTrail\/.*\.json\.gz$/.test(p))) {
    out.push(...(JSON.parse(gunzipSync(await readFile(join(dir, f))).toString('utf8')) as { Records: Record<string, any>[] }).Records);
  }
  return out;
}

const SCENARIO = `
accountId: "111122223333"
regions: [eu-west-1]
start: 2025-03-03T08:00:00Z
duration: 2h
actors:
  ops: { type: IAMUser, userName: ops, background: { callsPerHour: 120 } }
  pinned: { type: IAMUser, userName: pinned, regions: [ap-south-1], accountId: "999988887777", sourceIp: 203.0.113.9, background: { callsPerHour: 30 } }
steps:
  - { actor: ops, call: CreateCluster, params: { clusterName: prod } }
`;

t.test('options: the command line replaces the scenario\'s defaults; actors that name their own keep them', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-generate-options-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const scenario = join(dir, 's.yaml');
  await writeFile(scenario, SCENARIO.replace('steps:', '  declared: { accessKeyId: AKIADECLAREDKEY00001, background: { callsPerHour: 30 } }\nsteps:'));
  const identities = join(dir, 'identities.yaml');
  await writeFile(identities, 'identities:\n  - { accessKeyId: AKIADECLAREDKEY00001, type: IAMUser, userName: from-file, accountId: "123412341234" }\n');
  const out = join(dir, 'out');
  const res = await run([scenario, '--out', out, '--seed', '5', '--account-id', '444455556666', '--region', 'us-west-2', '--source-ip', '198.51.100.77', '--no-tls-details', '--trail-prefix', 'org/trails', '--identities', identities]);
  t.equal(res.code, 0, res.stderr);
  const files = await listFiles(out);
  t.ok(files.length > 0 && files.filter((f) => f.startsWith('org/trails/AWSLogs/')).length === files.filter((f) => f.includes('AWSLogs/')).length, 'every object under the prefix');
  const records = await recordsIn(join(out, 'org/trails'));
  // ops' own calls; the CreateServiceLinkedRole ECS makes in its name on the first CreateCluster is IAM's,
  // recorded in us-east-1 with the service as source (docs/service-side-events.md §6).
  const ops = records.filter((r) => r.userIdentity.userName === 'ops' && r.eventSource === 'ecs.amazonaws.com');
  t.ok(ops.length > 100);
  const slr = records.filter((r) => r.userIdentity.userName === 'ops' && r.eventSource !== 'ecs.amazonaws.com');
  t.strictSame(
    slr.map((r) => [r.eventName, r.awsRegion, r.sourceIPAddress, r.userIdentity.invokedBy, r.recipientAccountId]),
    [['CreateServiceLinkedRole', 'us-east-1', 'ecs.amazonaws.com', 'ecs.amazonaws.com', '444455556666']],
    'the only other record in ops\' name: the service-linked role ECS creates on its first CreateCluster',
  );
  t.ok(ops.every((r) => r.recipientAccountId === '444455556666' && r.awsRegion === 'us-west-2'), '--account-id and --region replace the scenario\'s');
  t.ok(ops.every((r) => r.sourceIPAddress === '198.51.100.77'), '--source-ip for actors that give none');
  const pinned = records.filter((r) => r.userIdentity.userName === 'pinned');
  t.ok(pinned.length > 0 && pinned.every((r) => r.recipientAccountId === '999988887777' && r.awsRegion === 'ap-south-1' && r.sourceIPAddress === '203.0.113.9'), 'an actor\'s own account, region and address win');
  const declared = records.filter((r) => r.userIdentity.accessKeyId === 'AKIADECLAREDKEY00001');
  t.ok(declared.length > 0 && declared.every((r) => r.userIdentity.userName === 'from-file' && r.recipientAccountId === '123412341234'), 'an actor may be an identity of --identities');
  t.notOk(records.some((r) => 'tlsDetails' in r), '--no-tls-details');
  const capped = await run([scenario, '--out', join(dir, 'capped'), '--seed', '5', '--max-events', '25', '--quiet', '--identities', identities]);
  t.equal(capped.code, 0);
  t.equal(capped.stdout, '', '--quiet prints nothing');
  t.equal((await recordsIn(join(dir, 'capped'))).length, 25, '--max-events');
});

t.test('on a terminal a progress bar runs on stderr', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-generate-bar-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const scenario = join(dir, 's.yaml');
  await writeFile(scenario, SCENARIO.replace('callsPerHour: 120', 'callsPerHour: 4000'));
  const res = await run([scenario, '--out', join(dir, 'out'), '--seed', '1'], true);
  t.equal(res.code, 0, res.stderr);
  const frames = res.stderr.split('\r').filter(Boolean);
  t.ok(frames.length >= 3, `redrawn in place (${frames.length} frames)`);
  t.match(frames.at(-1), /^\[#{10,}\]\s+100%\s+[\d,]+ events\s+2025-03-03 10:00Z/, 'the last frame: a full bar, the events, the simulated time reached');
  t.match(res.stdout, /^Generated [\d,]+ events/, 'then the summary');
  const plain = await run([scenario, '--out', join(dir, 'out2'), '--seed', '1']);
  t.notMatch(plain.stderr, /\[#/, 'no bar when stderr is not a terminal');
});

t.test('a run that fails leaves nothing behind: a new folder is removed, an empty one emptied', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-generate-fail-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const scenario = join(dir, 'f.yaml');
  // The failing step comes after an hour of background calls, delivered files and digests.
  await writeFile(
    scenario,
    `${SCENARIO}  - { at: +90m, actor: ops, call: ListServices, params: { cluster: missing } }\n`,
  );
  const fresh = join(dir, 'new');
  const res = await run([scenario, '--out', fresh, '--seed', '1']);
  t.equal(res.code, 1);
  t.match(res.stderr, /failed: ClusterNotFoundException/);
  await t.rejects(stat(fresh), { code: 'ENOENT' }, 'the folder it made is gone');
  const existing = join(dir, 'existing');
  await mkdir(existing);
  t.equal((await run([scenario, '--out', existing, '--seed', '1'])).code, 1);
  t.same(await readdir(existing), [], 'the folder that was there is kept, empty');
});

t.test('Ctrl-C stops a long run: exit 130, nothing left behind', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-generate-int-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const scenario = join(dir, 'long.yaml');
  await writeFile(scenario, SCENARIO.replace('duration: 2h', 'duration: 30d').replace('callsPerHour: 120', 'callsPerHour: 20000'));
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [...typescriptLoader(), 'server/bin/ecs-trail.ts', 'generate', scenario, '--out', out, '--seed', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Interrupt once log files are being written.
  for (let i = 0; i < 300; i++) {
    if ((await listFiles(out).catch(() => [])).some((f) => f.includes('/CloudTrail/'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  t.ok((await listFiles(out)).some((f) => f.includes('/CloudTrail/')), 'it had written log files');
  child.kill('SIGINT');
  t.equal(await exited, 130);
  t.match(stderr, /interrupted; what it had written in .* is removed/);
  await t.rejects(stat(out), { code: 'ENOENT' });
});
