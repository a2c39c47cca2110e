/**
 * Figures for the trail's bounds (issue 12), on the built CLI (`npm run build` first):
 *
 *   node --import tsx bench/trail-integrity.ts startup <trail dir>
 *       ms from spawn to "listening", and to the first LookupEvents answer (event history indexed)
 *   node --import tsx bench/trail-integrity.ts failing-disk [seconds] [-- start flags…]
 *       CreateCluster load while AWSLogs/ is a read-only tmpfs (root only): calls acknowledged and
 *       refused, resident set, journal size, and what waits for delivery
 *   node --import tsx bench/trail-integrity.ts upkeep [pairs]
 *       CreateCluster/DeleteCluster pairs: journal size before and after a flush, log files' size,
 *       and the size of /_ecs-trail/api/resources
 *
 * `--cli <path>` (before the command) runs another build, e.g. main's, for a before/after figure.
 * Requests carry a lenient-mode signature (any key; the account and region of its scope).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let args = process.argv.slice(2);
let cli = 'dist/server/bin/ecs-trail.js';
if (args[0] === '--cli') {
  cli = args[1]!;
  args = args.slice(2);
}
const [command, ...rest] = args;
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00';

async function start(dir: string, flags: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'start', '--port', '0', '--trail-dir', dir, '--log-level', 'info', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening`)));
  });
  child.stdout!.resume();
  return { child, url };
}

async function call(url: string, target: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: AUTH, 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });
  await res.text();
  return res.status;
}
const ecs = (op: string) => `AmazonEC2ContainerServiceV20141113.${op}`;

function sizeOf(path: string): number {
  let n = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) n += e.isDirectory() ? sizeOf(join(path, e.name)) : statSync(join(path, e.name)).size;
  return n;
}

function memoryOf(pid: number): { rssMB: number; peakMB: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(s)![1]);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakMB: Math.round(kb('VmHWM') / 1024) };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function startup(dir: string): Promise<void> {
  const t0 = performance.now();
  const { child, url } = await start(dir);
  const listening = performance.now() - t0;
  const status = await call(url, 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', { MaxResults: 1 });
  const lookup = performance.now() - t0;
  await stop(child);
  console.log(JSON.stringify({ listeningMs: Math.round(listening), firstLookupMs: Math.round(lookup), status }));
}

async function failingDisk(seconds: number, flags: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-trail-failing-disk-'));
  const awsLogs = join(dir, 'AWSLogs');
  mkdirSync(awsLogs);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=4m', 'tmpfs', awsLogs]);
  try {
    const { child, url } = await start(dir, ['--delivery-window', '1', ...flags]);
    const before = memoryOf(child.pid!);
    let acknowledged = 0;
    let refused = 0;
    let n = 0;
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (Date.now() < end) {
          const status = await call(url, ecs('CreateCluster'), { clusterName: `c${n++}`, tags: [{ key: 'k', value: 'v'.repeat(200) }] });
          if (status === 200) acknowledged++;
          else refused++;
        }
      }),
    );
    const after = memoryOf(child.pid!);
    const health = (await (await fetch(`${url}/_ecs-trail/health`)).json()) as { trail: unknown };
    const journalMB = +(sizeOf(join(dir, '.ecs-trail', 'journal')) / 1048576).toFixed(1);
    await stop(child);
    console.log(JSON.stringify({ seconds, acknowledged, refused, rssStartMB: before.rssMB, rssEndMB: after.rssMB, peakMB: after.peakMB, journalMB, trail: health.trail }));
  } finally {
    execFileSync('umount', ['-l', awsLogs]);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function upkeep(pairs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-trail-upkeep-'));
  try {
    const { child, url } = await start(dir);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < pairs) {
          const i = next++;
          await call(url, ecs('CreateCluster'), { clusterName: `c${i}` });
          await call(url, ecs('DeleteCluster'), { cluster: `c${i}` });
        }
      }),
    );
    const journalBefore = sizeOf(join(dir, '.ecs-trail', 'journal'));
    await fetch(`${url}/_ecs-trail/flush`, { method: 'POST', headers: { 'x-ecs-trail-token': 'any' } });
    await new Promise((r) => setTimeout(r, 500)); // the delivered segment is removed just after
    const journalAfter = sizeOf(join(dir, '.ecs-trail', 'journal'));
    const resources = (await (await fetch(`${url}/_ecs-trail/api/resources`)).text()).length;
    const logs = sizeOf(join(dir, 'AWSLogs'));
    await stop(child);
    const kb = (n: number) => Math.round(n / 1024);
    console.log(JSON.stringify({ calls: pairs * 2, journalBeforeFlushKB: kb(journalBefore), journalAfterFlushKB: kb(journalAfter), logFilesKB: kb(logs), apiResourcesKB: kb(resources) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (command === 'startup' && rest[0]) await startup(rest[0]);
else if (command === 'failing-disk') await failingDisk(Number(rest[0] ?? 20), rest.slice(rest[1] === '--' ? 2 : 1));
else if (command === 'upkeep') await upkeep(Number(rest[0] ?? 10000));
else {
  process.stderr.write('usage: trail-integrity.ts [--cli <path>] startup <trail dir> | failing-disk [seconds] [-- flags] | upkeep [pairs]\n');
  process.exitCode = 2;
}
