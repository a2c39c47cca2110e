/**
 * What task placement on container instances costs, in process (no HTTP, no trail): a cluster of N
 * instances (default 100, `node --import tsx bench/placement.ts 300` for another N), 200 RunTask calls
 * of 5 tasks each placed by spread over zones then binpack on memory, then a DAEMON service over every
 * instance and 100 DescribeServices of it (each one runs the daemon's upkeep). Prints milliseconds.
 */
import { createEcsEmulator, ManualClock, seededIds } from '../emulator/index.js';

const N = Number(process.argv[2] ?? 100);
const emu = createEcsEmulator({ clock: new ManualClock(Date.parse('2026-01-01T00:00:00Z')), ids: seededIds(1) });
const scope = { accountId: '123456789012', region: 'us-east-1' };
emu.call('CreateCluster', { clusterName: 'c' }, scope);
for (let i = 0; i < N; i++) {
  emu.call('RegisterContainerInstance', {
    cluster: 'c',
    instanceIdentityDocument: JSON.stringify({ instanceId: `i-0${i.toString(16).padStart(16, '0')}`, availabilityZone: `us-east-1${'abc'[i % 3]}` }),
    totalResources: [{ name: 'CPU', integerValue: 2048 }, { name: 'MEMORY', integerValue: 7985 }],
  }, scope);
}
emu.call('RegisterTaskDefinition', { family: 'app', containerDefinitions: [{ name: 'a', image: 'nginx', cpu: 64, memory: 128 }] }, scope);

let t0 = performance.now();
let placed = 0;
const runs = 200;
for (let i = 0; i < runs; i++) {
  const out = emu.call<{ tasks: unknown[] }>('RunTask', {
    cluster: 'c',
    taskDefinition: 'app',
    count: 5,
    placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }],
  }, scope);
  placed += out.tasks.length;
}
const runTaskMs = (performance.now() - t0) / runs;
t0 = performance.now();
emu.call('CreateService', { cluster: 'c', serviceName: 'd', taskDefinition: 'app', schedulingStrategy: 'DAEMON' }, scope);
const daemonCreateMs = performance.now() - t0;
t0 = performance.now();
for (let i = 0; i < 100; i++) emu.call('DescribeServices', { cluster: 'c', services: ['d'] }, scope);
const describeDaemonMs = (performance.now() - t0) / 100;
console.log(JSON.stringify({ instances: N, tasksPlaced: placed, runTaskCount5Ms: +runTaskMs.toFixed(2), daemonCreateMs: +daemonCreateMs.toFixed(1), describeDaemonMs: +describeDaemonMs.toFixed(2) }));
