/**
 * `npm run bench:generate`: generate 1,000,000 events with `ecs-trail generate`'s engine and report
 * wall time and peak RSS, with RSS sampled along the way to show it does not grow with the number of
 * events. Targets (issue 4): under 20 s, peak RSS under 300 MB.
 *
 *   npm run bench:generate -- [--events 1000000] [--keep]
 *
 * The npm script compiles first and runs the compiled generator (`--dist dist`), as the installed CLI
 * runs: under tsx every function carries a name-keeping wrapper that costs a few percent in hot loops.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

// Every record waits in memory for its 5-minute file, so a young generation larger than V8's default
// (16 MB semi-spaces) means fewer scavenges copying them: ~10-20% less time, ~40 MB more RSS. V8 takes
// the size only at start-up, hence running again with the flag.
const YOUNG = '--max-semi-space-size=32';
if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  const child = spawnSync(process.execPath, [YOUNG, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({ options: { events: { type: 'string' }, keep: { type: 'boolean' }, dist: { type: 'string' } } });
const from = (module: string) => (values.dist ? pathToFileURL(resolve(values.dist, module.replace(/\.ts$/, '.js'))).href : `../${module}`);
const { runGenerator } = (await import(from('server/generator/run-generator.ts'))) as typeof import('../server/generator/run-generator.js');
const { parseScenario } = (await import(from('server/generator/scenario.ts'))) as typeof import('../server/generator/scenario.js');
const events = Number(values.events ?? 1_000_000);

// A busy account: two regions, a few very chatty automated readers and some people; the rates give
// about 1,000,000 events in two simulated days (~1,700 per 5-minute window per region).
const scenario = parseScenario(`
name: bench
accountId: "123456789012"
regions: [us-east-1, eu-west-1]
start: 2025-03-03T00:00:00Z
duration: 2d
actors:
  poller:
    type: AssumedRole
    roleName: service-role/poller
    sessionName: poller
    client: sdk-go
    background: { callsPerHour: 12000, mix: { DescribeServices: 4, ListTasks: 2, DescribeClusters: 2, ListServices: 2, DescribeTasks: 1 }, failures: { rate: 0.01 } }
  dashboard:
    type: AssumedRole
    roleName: dashboards
    sessionName: grafana
    client: sdk-js
    background: { callsPerHour: 8000, mix: { DescribeServices: 3, DescribeClusters: 2, ListClusters: 1, DescribeTaskDefinition: 1 } }
  ci:
    type: AssumedRole
    roleName: ci
    sessionName: ci
    client: terraform
    deny: [DeleteService]
    background: { callsPerHour: 1000, mix: { DescribeServices: 5, ListTasks: 2, UpdateService: 0.05 } }
  dev:
    type: IAMUser
    userName: dev
    client: aws-cli
    workingHours: { from: "08:00", to: "18:00" }
    background: { callsPerHour: 1000 }
steps:
${['us-east-1', 'eu-west-1']
  .map(
    (region, i) => `
  - { id: c${i}, actor: ci, region: ${region}, call: CreateCluster, params: { clusterName: prod } }
  - id: td${i}
    actor: ci
    region: ${region}
    call: RegisterTaskDefinition
    params:
      family: web
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions: [{ name: web, image: "public.ecr.aws/nginx/nginx:1.27", essential: true }]
  - id: s${i}
    actor: ci
    region: ${region}
    call: CreateService
    params:
      cluster: prod
      serviceName: web
      taskDefinition: \${steps.td${i}.taskDefinition.taskDefinitionArn}
      desiredCount: 3
      launchType: FARGATE
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-0a1b2c3d4e5f60718] } }`,
  )
  .join('')}
`);

const out = await mkdtemp(join(tmpdir(), 'ecs-trail-bench-generate-'));
const samples: string[] = [];
let nextSample = events / 4;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const summary = await runGenerator({
  scenario,
  seed: 'bench',
  outDir: out,
  maxEvents: events,
  onProgress: (p) => {
    if (p.events >= nextSample) {
      samples.push(`${p.events.toLocaleString('en-US')} events: rss ${mb(process.memoryUsage().rss)}`);
      nextSample += events / 4;
    }
  },
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const peak = process.resourceUsage().maxRSS * 1024;

console.log(`ecs-trail generate benchmark (${process.version}, ${process.platform}/${process.arch}, ${process.execArgv.filter((a) => a.startsWith('--max-semi')).join(' ')})`);
console.log(`  events        ${summary.events.toLocaleString('en-US')} (${(summary.events / seconds).toFixed(0)} events/s)`);
console.log(`  wall time     ${seconds.toFixed(1)} s   (target < 20 s)`);
console.log(`  CPU time      ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (all threads; wall time also counts waiting for a busy machine's cores)`);
console.log(`  peak RSS      ${mb(peak)}   (target < 300 MB)`);
console.log(`  files         ${summary.logFiles} log files, ${summary.digestFiles} digest files`);
console.log(`  simulated     ${new Date(summary.firstEventTime ?? 0).toISOString()} to ${new Date(summary.lastEventTime ?? 0).toISOString()}`);
for (const s of samples) console.log(`  ${s}`);
if (values.keep) console.log(`  output kept in ${out}`);
else await rm(out, { recursive: true, force: true });
