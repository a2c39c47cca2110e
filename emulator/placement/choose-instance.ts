import type { Failure } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import {
  availabilityZoneOf,
  registeredInstances,
  type ContainerInstanceRecord,
} from '../model/container-instances/container-instance.js';
import { matchesClusterQuery } from '../model/container-instances/cluster-query.js';
import type { TaskReservation } from '../model/task.js';
import { clusterUsage, emptyUsage, type InstanceUsage } from './instance-usage.js';
import type { ParsedConstraint, ParsedStrategy } from './placement-rules.js';

/**
 * Choosing the container instance for one task, in the order ECS documents: the instances whose
 * agent is connected and that have the attributes, CPU, memory and ports the task needs; of those,
 * the ones the constraints allow; then the strategies, in order, narrow the choice.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html
 *
 * When nothing fits, each instance's reason is the first check it fails, with ECS's failure reasons
 * (the "API failure reasons" page): AGENT, ATTRIBUTE, RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS,
 * RESOURCE:PORTS_UDP, and the constraint texts. The "closest matching" instance, which a service event
 * names, is the one that got furthest.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
 */
export const REASONS = [
  'AGENT',
  'ATTRIBUTE',
  'RESOURCE:CPU',
  'RESOURCE:MEMORY',
  'RESOURCE:PORTS',
  'RESOURCE:PORTS_UDP',
  'MemberOf placement constraint unsatisfied.',
  'DistinctInstance placement constraint unsatisfied.',
] as const;
export type PlacementReason = (typeof REASONS)[number];

export interface InstanceRequest {
  clusterName: string;
  reservation: TaskReservation;
  /** Attribute names the task definition requires (`requiresAttributes`). */
  requiredAttributes: readonly string[];
  /** The task's group (`service:<name>` or `family:<family>` or the caller's). */
  group: string;
  constraints: readonly ParsedConstraint[];
  strategy: readonly ParsedStrategy[];
  /** Only instances of this capacity provider (a capacity provider strategy chose it). */
  capacityProviderName?: string | undefined;
  /** Only these instances (StartTask, a daemon task for one instance). */
  only?: readonly ContainerInstanceRecord[] | undefined;
  /** Tasks being replaced on the spot (a daemon's new revision): what they hold counts as free. */
  releasing?: ReadonlySet<string> | undefined;
  /** The cluster's usage when the caller already has it (one task per named instance: it cannot go stale). */
  usage?: Map<string, InstanceUsage> | undefined;
}

export interface Unplaced {
  failures: Failure[];
  closest: { instance: ContainerInstanceRecord; reason: PlacementReason };
}

export type InstanceChoice = { instance: ContainerInstanceRecord } | Unplaced;

/**
 * The instance for one task, or why none fits; undefined when the cluster has no ACTIVE instance
 * to consider at all (RunTask's "No Container Instances were found in your cluster.").
 */
export function chooseInstance(ctx: OperationContext, req: InstanceRequest): InstanceChoice | undefined {
  // Named instances (StartTask) are taken as named, DRAINING or not: the caller chose them.
  let candidates = req.only ? req.only.filter((ci) => ci.status !== 'INACTIVE') : registeredInstances(ctx, req.clusterName).filter((ci) => ci.status === 'ACTIVE');
  if (req.capacityProviderName !== undefined) candidates = candidates.filter((ci) => ci.capacityProviderName === req.capacityProviderName);
  if (candidates.length === 0) return undefined;
  const usage = req.usage ?? clusterUsage(ctx, req.clusterName, req.releasing);
  const fit: ContainerInstanceRecord[] = [];
  const failures: Failure[] = [];
  let closest: Unplaced['closest'] | undefined;
  for (const ci of candidates) {
    const reason = firstFailure(ci, usage.get(ci.arn) ?? emptyUsage(), req);
    if (reason === undefined) {
      fit.push(ci);
      continue;
    }
    failures.push({ arn: ci.arn, reason });
    if (!closest || REASONS.indexOf(reason) > REASONS.indexOf(closest.reason)) closest = { instance: ci, reason };
  }
  if (fit.length === 0) return { failures, closest: closest! };
  return { instance: applyStrategies(ctx, fit, usage, req) };
}

function firstFailure(ci: ContainerInstanceRecord, u: InstanceUsage, req: InstanceRequest): PlacementReason | undefined {
  if (!ci.agentConnected) return 'AGENT';
  for (const name of req.requiredAttributes) if (!ci.attributes.has(name)) return 'ATTRIBUTE';
  const r = req.reservation;
  if (u.cpu + r.cpu > ci.cpu) return 'RESOURCE:CPU';
  if (u.memory + r.memory > ci.memory) return 'RESOURCE:MEMORY';
  const taken = (ports: readonly number[], used: Set<number>, reserved: readonly string[]) =>
    ports.some((p) => used.has(p) || reserved.includes(String(p))) || new Set(ports).size !== ports.length;
  if (taken(r.tcpPorts, u.tcpPorts, ci.reservedTcpPorts)) return 'RESOURCE:PORTS';
  if (taken(r.udpPorts, u.udpPorts, ci.reservedUdpPorts)) return 'RESOURCE:PORTS_UDP';
  for (const c of req.constraints) {
    if (c.type === 'memberOf' && !matchesClusterQuery(c.query, factsOf(ci, u))) return 'MemberOf placement constraint unsatisfied.';
  }
  for (const c of req.constraints) {
    if (c.type === 'distinctInstance' && (u.groups.get(req.group) ?? 0) > 0) return 'DistinctInstance placement constraint unsatisfied.';
  }
  return undefined;
}

/** What the cluster query language can ask of an instance (cluster-query.ts). */
export function factsOf(ci: ContainerInstanceRecord, u: InstanceUsage) {
  return {
    attribute: (name: string) => ci.attributes.get(name),
    agentConnected: ci.agentConnected,
    agentVersion: ci.versionInfo.agentVersion ?? '',
    ec2InstanceId: ci.ec2InstanceId,
    registeredAt: ci.registeredAt,
    runningTasksCount: u.running,
    taskGroups: new Set(u.groups.keys()),
  };
}

/**
 * Each strategy keeps the instances that score best by it; the next breaks their ties. What is left
 * after all of them is a tie ECS breaks at random; the emulator takes the oldest registration.
 */
function applyStrategies(
  ctx: OperationContext,
  fit: ContainerInstanceRecord[],
  usage: Map<string, InstanceUsage>,
  req: InstanceRequest,
): ContainerInstanceRecord {
  let pool = fit;
  const use = (ci: ContainerInstanceRecord) => usage.get(ci.arn) ?? emptyUsage();
  const inGroup = (u: InstanceUsage) => u.groups.get(req.group) ?? 0;
  for (const s of req.strategy) {
    if (pool.length <= 1) break;
    if (s.type === 'random') {
      pool = [pool[parseInt(ctx.ids.hex(8), 16) % pool.length]!];
      continue;
    }
    let score: (ci: ContainerInstanceRecord) => number;
    if (s.type === 'binpack') {
      // The least of the field left after placing: the fullest instance that still fits.
      score = (ci) => (s.field === 'cpu' ? ci.cpu - use(ci).cpu : ci.memory - use(ci).memory);
    } else if (s.field === 'instanceId') {
      score = (ci) => inGroup(use(ci));
    } else {
      const attr = s.field.attribute;
      const valueOf = (ci: ContainerInstanceRecord) => (attr === 'ecs.availability-zone' ? availabilityZoneOf(ci, ctx.region) : ci.attributes.get(attr));
      // Tasks of the group per value of the attribute, over every registered instance with it.
      const perValue = new Map<string | undefined, number>();
      for (const ci of registeredInstances(ctx, req.clusterName)) {
        const v = valueOf(ci);
        perValue.set(v, (perValue.get(v) ?? 0) + inGroup(use(ci)));
      }
      score = (ci) => perValue.get(valueOf(ci)) ?? 0;
    }
    const best = Math.min(...pool.map(score));
    pool = pool.filter((ci) => score(ci) === best);
  }
  return pool[0]!;
}
