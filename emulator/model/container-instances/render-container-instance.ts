import type { ContainerInstance, Resource } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { emptyUsage, type InstanceUsage } from '../../placement/instance-usage.js';
import { tagsOf } from '../tags.js';
import { agentUpdateAt } from './agent-update.js';
import { attributeList, type ContainerInstanceRecord } from './container-instance.js';

type ReadContext = Pick<OperationContext, 'store' | 'now' | 'timings'>;

/**
 * Resources the way ECS writes them: every member of the Resource shape present, with Java's zero
 * values (`doubleValue: 0`, `longValue: 0`) as the API Reference example and real agent records show.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
 */
function integer(name: string, value: number): Resource {
  return { doubleValue: 0, integerValue: value, longValue: 0, name, type: 'INTEGER' };
}
function stringSet(name: string, values: readonly string[]): Resource {
  return { doubleValue: 0, integerValue: 0, longValue: 0, name, stringSetValue: [...values], type: 'STRINGSET' };
}

export function registeredResources(ci: ContainerInstanceRecord): Resource[] {
  return [
    integer('CPU', ci.cpu),
    integer('MEMORY', ci.memory),
    stringSet('PORTS', ci.reservedTcpPorts),
    stringSet('PORTS_UDP', ci.reservedUdpPorts),
  ];
}

/** "For port resource types, … the ports that were reserved by the Amazon ECS container agent … and any task containers that have reserved port mappings on the host" (API_ContainerInstance). */
function remainingResources(ci: ContainerInstanceRecord, u: InstanceUsage): Resource[] {
  const tcp = [...ci.reservedTcpPorts, ...[...u.tcpPorts].map(String).filter((p) => !ci.reservedTcpPorts.includes(p))];
  const udp = [...ci.reservedUdpPorts, ...[...u.udpPorts].map(String).filter((p) => !ci.reservedUdpPorts.includes(p))];
  return [
    integer('CPU', Math.max(0, ci.cpu - u.cpu)),
    integer('MEMORY', Math.max(0, ci.memory - u.memory)),
    stringSet('PORTS', tcp),
    stringSet('PORTS_UDP', udp),
  ];
}

/**
 * The ContainerInstance shape at `ctx.now`. Tags only with `include: ["TAGS"]`, the health status
 * only with CONTAINER_INSTANCE_HEALTH (the container runtime is always reported OK).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
 */
export function renderContainerInstance(
  ctx: ReadContext,
  ci: ContainerInstanceRecord,
  usage: InstanceUsage = emptyUsage(),
  include: readonly string[] = [],
): ContainerInstance {
  const update = agentUpdateAt(ci, ctx.now);
  const live = ci.status !== 'INACTIVE';
  const out: ContainerInstance = {
    containerInstanceArn: ci.arn,
    ec2InstanceId: ci.ec2InstanceId,
    version: ci.version + update.versionBump,
    versionInfo: update.versionInfo,
    remainingResources: live ? remainingResources(ci, usage) : registeredResources(ci),
    registeredResources: registeredResources(ci),
    status: ci.status,
    agentConnected: ci.agentConnected,
    runningTasksCount: live ? usage.running : 0,
    pendingTasksCount: live ? usage.pending : 0,
    attributes: attributeList(ci),
    registeredAt: new Date(ci.registeredAt),
    attachments: [],
    tags: include.includes('TAGS') ? tagsOf(ctx, ci.arn) : [],
  };
  if (update.status) out.agentUpdateStatus = update.status;
  if (ci.capacityProviderName) out.capacityProviderName = ci.capacityProviderName;
  if (include.includes('CONTAINER_INSTANCE_HEALTH')) {
    const at = new Date(ci.registeredAt);
    out.healthStatus = {
      overallStatus: live ? 'OK' : 'INSUFFICIENT_DATA',
      details: live ? [{ type: 'CONTAINER_RUNTIME', status: 'OK', lastUpdated: new Date(ctx.now), lastStatusChange: at }] : [],
    };
  }
  return out;
}
