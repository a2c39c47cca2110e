import type { Attribute, VersionInfo } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { containerInstanceArn, parseArn } from '../arn.js';

/**
 * A container instance as the agent registered it and later calls changed it. What runs on it (its
 * remaining resources, its task counts) is derived from the tasks placed on it at read time.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
 */
export interface ContainerInstanceRecord {
  readonly arn: string;
  /** 32 hex characters, the last segment of the ARN. */
  readonly id: string;
  readonly clusterName: string;
  readonly ec2InstanceId: string;
  /**
   * ACTIVE or DRAINING while registered; INACTIVE after DeregisterContainerInstance (still
   * describable, never listed: ListContainerInstances' status filter has no INACTIVE value).
   */
  readonly status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  readonly registeredAt: number;
  readonly deregisteredAt?: number | undefined;
  /** CPU units and MiB the agent registered. */
  readonly cpu: number;
  readonly memory: number;
  /** Host ports the agent reserved at registration (PORTS / PORTS_UDP string sets). */
  readonly reservedTcpPorts: readonly string[];
  readonly reservedUdpPorts: readonly string[];
  /** Agent-provided and custom attributes, name → value ('' for a name-only attribute). */
  readonly attributes: ReadonlyMap<string, string>;
  /** How many of `attributes` are custom (PutAttributes): at most 10. */
  readonly customAttributeNames: ReadonlySet<string>;
  readonly versionInfo: VersionInfo;
  readonly agentConnected: boolean;
  /** The last UpdateContainerAgent: its progress is derived from the clock (agent-update.ts). */
  readonly agentUpdate?: { readonly requestedAt: number; readonly to: VersionInfo } | undefined;
  readonly capacityProviderName?: string | undefined;
  /** ECS's change counter: it grows with every status change ECS would report in an event. */
  readonly version: number;
}

/** Agent attributes every simulated or registered instance reads as facts about the host. */
export const AZ_ATTRIBUTE = 'ecs.availability-zone';

export function availabilityZoneOf(ci: ContainerInstanceRecord, region: string): string {
  return ci.attributes.get(AZ_ATTRIBUTE) || `${region}a`;
}

/** The attributes as ECS returns them: `{name}` for name-only ones, `{name, value}` otherwise. */
export function attributeList(ci: ContainerInstanceRecord): Attribute[] {
  const out: Attribute[] = [];
  for (const [name, value] of ci.attributes) out.push(value === '' ? { name } : { name, value });
  return out;
}

/** Every container instance of a cluster that is registered (ACTIVE or DRAINING), oldest first. */
export function registeredInstances(ctx: Pick<OperationContext, 'store'>, clusterName: string): ContainerInstanceRecord[] {
  const out: ContainerInstanceRecord[] = [];
  for (const ci of ctx.store.containerInstances.values()) {
    if (ci.clusterName === clusterName && ci.status !== 'INACTIVE') out.push(ci);
  }
  return out;
}

/**
 * The ARN a container-instance reference means in a cluster: an ID (32 hex characters today, a UUID
 * for instances registered before 2018) or a full ARN; undefined if it cannot be one.
 */
export function containerInstanceArnOf(ctx: OperationContext, clusterName: string, ref: string): string | undefined {
  if (ref.startsWith('arn:')) {
    const p = parseArn(ref);
    if (!p || p.service !== 'ecs' || p.resourceType !== 'container-instance') return undefined;
    const id = p.resource.slice(p.resource.lastIndexOf('/') + 1);
    // An old short ARN (container-instance/<id>) names the instance in the call's cluster.
    return p.resource.includes('/') ? ref : ref.replace(/container-instance\/[^/]+$/, `container-instance/${clusterName}/${id}`);
  }
  if (!/^[a-zA-Z0-9-]{1,36}$/.test(ref)) return undefined;
  return containerInstanceArn(ctx, clusterName, ref);
}

/** The registered or deregistered instance a reference names in the cluster, if any. */
export function findContainerInstance(ctx: OperationContext, clusterName: string, ref: string): ContainerInstanceRecord | undefined {
  const arn = containerInstanceArnOf(ctx, clusterName, ref);
  if (arn === undefined) return undefined;
  const ci = ctx.store.containerInstances.get(arn);
  return ci && ci.clusterName === clusterName ? ci : undefined;
}

/**
 * The registered instance an operation on one instance names. An unknown one is an
 * InvalidParameterException whose text follows ECS's "The referenced task was not found" for tasks
 * [GUESS]: docs/ecs-error-messages.md §23.
 */
export function requireContainerInstance(ctx: OperationContext, clusterName: string, ref: string | undefined): ContainerInstanceRecord {
  if (ref === undefined || ref === '') throw invalidParameter('Container instance can not be blank.');
  const ci = findContainerInstance(ctx, clusterName, ref);
  if (!ci || ci.status === 'INACTIVE') throw invalidParameter('The referenced container instance was not found');
  return ci;
}

/** Replace an instance through the call's transaction, counting the change. */
export function saveInstance(ctx: OperationContext, ci: ContainerInstanceRecord, changes: Partial<ContainerInstanceRecord>): ContainerInstanceRecord {
  const next: ContainerInstanceRecord = { ...ci, ...changes, version: ci.version + 1 };
  ctx.tx.set(ctx.store.containerInstances, ci.arn, next);
  return next;
}
