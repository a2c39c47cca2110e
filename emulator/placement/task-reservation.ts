import type { NetworkBinding, TaskDefinition, TaskOverride } from '@aws-sdk/client-ecs';
import type { TaskReservation } from '../model/task.js';

/**
 * What a task takes from a container instance: the task-level CPU and memory when the definition
 * (or the call's overrides) sets them, else the sum of its containers' (a container's `memory`,
 * else its `memoryReservation`); and the host ports its port mappings fix. In `host` mode a
 * container port is the host port; in `bridge` mode (the Linux default on EC2) only a non-zero
 * `hostPort` is reserved, the rest get dynamic ports; `awsvpc` and `none` tasks hold no host port.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
 */
export function reservationOf(td: TaskDefinition, overrides?: TaskOverride): TaskReservation {
  const containers = td.containerDefinitions ?? [];
  const byName = new Map((overrides?.containerOverrides ?? []).map((o) => [o.name, o]));
  const taskCpu = overrides?.cpu ?? td.cpu;
  const taskMemory = overrides?.memory ?? td.memory;
  let cpu = 0;
  let memory = 0;
  for (const c of containers) {
    const o = byName.get(c.name);
    cpu += o?.cpu ?? c.cpu ?? 0;
    memory += o?.memory ?? c.memory ?? o?.memoryReservation ?? c.memoryReservation ?? 0;
  }
  const tcpPorts: number[] = [];
  const udpPorts: number[] = [];
  const mode = td.networkMode ?? 'bridge';
  if (mode === 'host' || mode === 'bridge') {
    for (const c of containers) {
      for (const p of c.portMappings ?? []) {
        const port = mode === 'host' ? (p.hostPort ?? p.containerPort) : p.hostPort;
        if (port === undefined || port === 0) continue;
        (p.protocol === 'udp' ? udpPorts : tcpPorts).push(port);
      }
    }
  }
  return {
    cpu: taskCpu !== undefined && /^\d+$/.test(taskCpu) ? Number(taskCpu) : cpu,
    memory: taskMemory !== undefined && /^\d+$/.test(taskMemory) ? Number(taskMemory) : memory,
    tcpPorts,
    udpPorts,
  };
}

/** The first of the Linux ephemeral range Docker gives dynamic host ports (bridge mode, hostPort 0). */
const EPHEMERAL_FROM = 32768;
const EPHEMERAL_COUNT = 61000 - EPHEMERAL_FROM;

/**
 * The network bindings of one container on an instance: fixed host ports as mapped, dynamic ones
 * drawn from the ephemeral range (`seed` picks where; ECS reports whatever Docker chose).
 */
export function networkBindingsOf(td: TaskDefinition, containerName: string | undefined, seed: number): NetworkBinding[] {
  const mode = td.networkMode ?? 'bridge';
  if (mode !== 'host' && mode !== 'bridge') return [];
  const c = (td.containerDefinitions ?? []).find((x) => x.name === containerName);
  const out: NetworkBinding[] = [];
  let n = 0;
  for (const p of c?.portMappings ?? []) {
    if (p.containerPort === undefined) continue;
    const fixed = mode === 'host' ? (p.hostPort ?? p.containerPort) : p.hostPort;
    const hostPort = fixed !== undefined && fixed !== 0 ? fixed : EPHEMERAL_FROM + ((seed + n++ * 7919) % EPHEMERAL_COUNT);
    out.push({ bindIP: '0.0.0.0', containerPort: p.containerPort, hostPort, protocol: p.protocol ?? 'tcp' });
  }
  return out;
}
