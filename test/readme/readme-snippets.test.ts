import t from 'tap';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readmeBlock } from '../helpers/readme-blocks.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * The README's client examples, run as written against a live emulator: the blocks tagged
 * `<!-- test: … -->`, with only the port of http://127.0.0.1:4599 changed. Each runs in a clean
 * environment (no AWS variables, no ~/.aws), so a block that forgets credentials or a region fails
 * here as it would on a fresh machine. Every AWS CLI found runs the CLI blocks: Debian's
 * /usr/bin/aws (v2.9, which honours only --endpoint-url) and the one first on PATH if it is another.
 * The package-usage and in-process blocks run in test/package/npm-pack.test.ts, against the tarball.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const README_URL = 'http://127.0.0.1:4599';

/** Every `aws` executable on PATH and Debian's, with its version. */
function awsClis(): { path: string; version: string; major: number; minor: number }[] {
  const seen = new Set<string>();
  const out = [];
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin']) {
    const path = join(dir, 'aws');
    if (!dir || !existsSync(path)) continue;
    let version: string;
    try {
      version = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    } catch {
      continue;
    }
    if (seen.has(version)) continue; // the same CLI twice (/bin → /usr/bin)
    seen.add(version);
    const m = /^aws-cli\/(\d+)\.(\d+)/.exec(version);
    if (m) out.push({ path, version, major: Number(m[1]), minor: Number(m[2]) });
  }
  return out;
}
const honoursEndpointVariables = (c: { major: number; minor: number }) => (c.major === 2 ? c.minor >= 13 : c.major === 1 && c.minor >= 29);
const hasBoto3 = (() => {
  try {
    execFileSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

t.test("the README's client examples run as written", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-readme-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // trail/ under the working directory, as the README's zcat example expects.
  const emu = await startTestEmulator(t, { trailDir: join(dir, 'trail') });
  const home = join(dir, 'home');
  await mkdir(home);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    PYENV_ROOT: process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'),
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_PAGER: '',
    LANG: 'C.UTF-8',
  };
  const live = (code: string) => code.replaceAll(README_URL, emu.url);
  const credentials = readmeBlock('credentials').code;
  // What the credentials block says about itself, checked against the trail at the end.
  t.match(credentials, /^export AWS_ACCESS_KEY_ID=test$/m, "LocalStack's key: lenient mode takes any");
  t.match(credentials, /^export AWS_SECRET_ACCESS_KEY=test$/m);
  const claimedUser = /recorded as the IAM user ([\w-]+)\./.exec(credentials)?.[1];
  t.ok(claimedUser, 'the block says who the trail will name');
  /** A shell block after the credentials block, with `aws` being the given CLI. */
  const sh = async (tag: string, aws?: string) => {
    const path = aws ? join(dir, `bin-${tag}-${Math.random().toString(36).slice(2)}`) : undefined;
    if (path) {
      await mkdir(path);
      await symlink(aws!, join(path, 'aws'));
    }
    const script = `set -euo pipefail\n${credentials}\n${live(readmeBlock(tag).code)}`;
    const { stdout } = await run('bash', ['-c', script], { cwd: dir, env: { ...env, PATH: path ? `${path}${delimiter}${env.PATH}` : env.PATH }, timeout: 60_000 });
    return stdout;
  };

  await t.test('SDK v3 (credentials and region in the code)', async (t) => {
    const scripts = join(ROOT, 'node_modules', '.cache', 'ecs-trail-readme');
    await mkdir(scripts, { recursive: true });
    const file = join(scripts, `sdk-v3-${process.pid}.mjs`);
    await writeFile(file, live(readmeBlock('sdk-v3').code));
    t.teardown(() => rm(file, { force: true }));
    const { stdout } = await run(process.execPath, [file], { cwd: dir, env, timeout: 60_000 });
    t.equal(stdout.trim(), 'arn:aws:ecs:us-east-1:123456789012:cluster/demo');
  });

  const clis = awsClis();
  t.ok(clis.length > 0 || process.env.CI !== 'true', 'CI has an AWS CLI (apt-get install awscli)');
  for (const cli of clis) {
    await t.test(`AWS CLI: ${cli.version}`, async (t) => {
      const out = await sh('cli', cli.path);
      t.match(out, '"clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/demo"');
      t.match(out, /"clusterArns": \[\s*"arn:aws:ecs:us-east-1:123456789012:cluster\/demo"\s*\]/);
    });
  }

  await t.test('boto3 (credentials and region in the code)', { skip: hasBoto3 ? false : 'python3 has no boto3 here' }, async (t) => {
    const { stdout } = await run('python3', ['-c', live(readmeBlock('boto3').code)], { cwd: dir, env, timeout: 60_000 });
    t.equal(stdout.trim(), 'arn:aws:ecs:us-east-1:123456789012:cluster/demo');
  });

  const modern = clis.find(honoursEndpointVariables);
  await t.test('AWS_ENDPOINT_URL with the CLI and boto3', { skip: modern && hasBoto3 ? false : 'needs an AWS CLI ≥ 2.13 / ≥ 1.29 and boto3 ≥ 1.28' }, async (t) => {
    const out = await sh('endpoint-env', modern!.path);
    t.match(out, /"clusterArns": \[\s*"arn:aws:ecs:us-east-1:123456789012:cluster\/demo"\s*\]/, 'ECS through the global variable');
    t.match(out, /"Events": \[/, 'CloudTrail LookupEvents through it too');
    t.match(out, "['arn:aws:ecs:us-east-1:123456789012:cluster/demo']", 'boto3 through it');
  });

  await t.test('lookup-events', { skip: clis.length ? false : 'no AWS CLI here' }, async (t) => {
    // Debian's v2.9 if there: the block passes --endpoint-url, which every version honours.
    const cli = clis.find((c) => c.path === '/usr/bin/aws') ?? clis[0]!;
    const out = JSON.parse(await sh('lookup-events', cli.path)) as { Events: unknown[] };
    t.same(out.Events, [], 'no RunTask yet: an empty page, not an error');
  });

  await t.test('the admin flush, then reading the trail with zcat and jq', { skip: existsSync('/usr/bin/jq') && existsSync('/usr/bin/curl') ? false : 'needs jq and curl (apt-get install jq curl)' }, async (t) => {
    t.match(await sh('admin-flush'), /^\{"flushed":true,"filesDelivered":\d+\}$/);
    const out = await sh('read-trail');
    const creates = out.split('\n').filter((l) => l.includes('"eventName": "CreateCluster"'));
    t.ok(creates.length >= 3, `the SDK, CLI and boto3 calls are there (${creates.length} CreateCluster)`);
    const who = new Set([...out.matchAll(/"who": "([^"]+)"/g)].map((m) => m[1]));
    t.same([...who], [`arn:aws:iam::123456789012:user/${claimedUser}`], 'every call is by the user the credentials block names');
  });

  await t.test('the trail names the caller as the README says: key test, the IAM user it claims', async (t) => {
    const records = await emu.records();
    const creates = records.filter((r) => r.eventName === 'CreateCluster');
    t.ok(creates.length >= 2, `CreateCluster by the SDK and boto3 at least (${creates.length})`);
    for (const r of records) {
      t.same(
        { type: r.userIdentity.type, accessKeyId: r.userIdentity.accessKeyId, userName: r.userIdentity.userName },
        { type: 'IAMUser', accessKeyId: 'test', userName: claimedUser },
        `${r.eventName} (${r.userAgent.split(' ')[0]})`,
      );
    }
  });
});
