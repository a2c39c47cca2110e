import type { RegisterContainerInstanceRequest, RegisterContainerInstanceResponse, Resource } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clientException, invalidParameter } from '../../errors.js';
import { clusterNameOf, containerInstanceArn } from '../../model/arn.js';
import { AZ_ATTRIBUTE, type ContainerInstanceRecord } from '../../model/container-instances/container-instance.js';
import { validateAttributeName, validateAttributeValue } from '../../model/container-instances/attributes.js';
import { renderContainerInstance } from '../../model/container-instances/render-container-instance.js';
import { mergeTags, validateTags } from '../../model/tags.js';
import { rescheduleCluster } from '../../lifecycle/cluster-capacity.js';
import { usageOf } from '../../placement/instance-usage.js';

/**
 * The agent's first call: the EC2 instance joins the cluster, ACTIVE and connected. What ECS learns
 * from the signed instance identity document (instance ID, Availability Zone, instance type, AMI)
 * becomes the built-in `ecs.*` attributes; the agent's own attributes and resources are kept as sent.
 * Services waiting for room, and daemons, are scheduled onto it at once.
 *
 * An unknown cluster is ClientException "Cluster not found." and an INACTIVE one "The referenced
 * cluster was inactive." (aws/amazon-ecs-agent#750; vatertime/minecraft-spot-pricing#4). Re-registering
 * with `containerInstanceArn`, or the same EC2 instance again, updates that instance. [INFER]
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html
 */
export function registerContainerInstance(input: RegisterContainerInstanceRequest, ctx: OperationContext): RegisterContainerInstanceResponse {
  const clusterName = clusterNameOf(input.cluster);
  const cluster = ctx.store.clusters.get(clusterName);
  if (!cluster) throw clientException('Cluster not found.');
  if (cluster.status !== 'ACTIVE') throw clientException('The referenced cluster was inactive.');
  validateTags(input.tags);
  const doc = identityDocument(input.instanceIdentityDocument);
  const ec2InstanceId = doc.instanceId ?? `i-${ctx.ids.hex(17)}`;
  const resources = resourcesOf(input.totalResources ?? []);

  const attributes = new Map<string, string>();
  for (const a of input.attributes ?? []) attributes.set(validateAttributeName(a.name), validateAttributeValue(a.value) ?? '');
  // Built-in attributes ECS sets from what it knows of the instance (task-placement-constraints page).
  attributes.set('ecs.os-type', 'linux');
  attributes.set('ecs.os-family', 'LINUX');
  attributes.set('ecs.cpu-architecture', doc.architecture === 'arm64' ? 'arm64' : 'x86_64');
  if (doc.imageId) attributes.set('ecs.ami-id', doc.imageId);
  if (doc.instanceType) attributes.set('ecs.instance-type', doc.instanceType);
  attributes.set(AZ_ATTRIBUTE, doc.availabilityZone ?? `${ctx.region}a`);

  const again = findRegistration(ctx, clusterName, input.containerInstanceArn, ec2InstanceId);
  const id = again?.id ?? ctx.ids.hex(32);
  const arn = containerInstanceArn(ctx, clusterName, id);
  const custom = again ? [...again.customAttributeNames].filter((n) => again.attributes.has(n)) : [];
  for (const name of custom) if (!attributes.has(name)) attributes.set(name, again!.attributes.get(name)!);
  // An instance launched by an Auto Scaling group joins that group's capacity provider. With one
  // Auto Scaling group provider associated with the cluster, its instances are that group's. [INFER]
  const asgProviders = cluster.capacityProviders.filter((n) => ctx.store.capacityProviders.get(n)?.status === 'ACTIVE');
  const ci: ContainerInstanceRecord = {
    arn,
    id,
    clusterName,
    ec2InstanceId,
    status: again?.status ?? 'ACTIVE',
    registeredAt: again?.registeredAt ?? ctx.now,
    cpu: resources.cpu,
    memory: resources.memory,
    reservedTcpPorts: resources.tcp,
    reservedUdpPorts: resources.udp,
    attributes,
    customAttributeNames: new Set(custom),
    versionInfo: input.versionInfo ?? {},
    agentConnected: true,
    capacityProviderName: again?.capacityProviderName ?? (asgProviders.length === 1 ? asgProviders[0] : undefined),
    version: (again?.version ?? 0) + 1,
  };
  ctx.tx.set(ctx.store.containerInstances, arn, ci);
  mergeTags(ctx, arn, input.tags);
  rescheduleCluster(ctx, cluster);
  return { containerInstance: renderContainerInstance(ctx, ci, usageOf(ctx, ci)) };
}

function findRegistration(ctx: OperationContext, clusterName: string, arn: string | undefined, ec2InstanceId: string): ContainerInstanceRecord | undefined {
  if (arn) {
    const ci = ctx.store.containerInstances.get(arn);
    if (ci && ci.clusterName === clusterName && ci.status !== 'INACTIVE') return ci;
    // [GUESS] text: the agent's saved ARN belongs to another cluster or was deregistered.
    throw invalidParameter('The container instance ARN is not valid for this cluster.');
  }
  for (const ci of ctx.store.containerInstances.values()) {
    if (ci.clusterName === clusterName && ci.ec2InstanceId === ec2InstanceId && ci.status !== 'INACTIVE') return ci;
  }
  return undefined;
}

interface IdentityDocument {
  instanceId?: string;
  availabilityZone?: string;
  instanceType?: string;
  imageId?: string;
  architecture?: string;
}

/**
 * The instance identity document ("curl http://169.254.169.254/latest/dynamic/instance-identity/document/").
 * ECS checks it against its signature; the emulator reads it and, without one, invents an instance.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-identity-documents.html
 */
function identityDocument(text: string | undefined): IdentityDocument {
  if (text === undefined || text === '') return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // [GUESS] text (docs/ecs-error-messages.md §23).
    throw invalidParameter('The instance identity document is not valid JSON.');
  }
  if (!doc || typeof doc !== 'object') throw invalidParameter('The instance identity document is not valid JSON.');
  const d = doc as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const instanceId = str('instanceId');
  if (instanceId !== undefined && !/^i-[0-9a-f]{8,17}$/.test(instanceId)) {
    throw invalidParameter(`The instance identity document has an invalid instanceId: ${instanceId.slice(0, 64)}.`);
  }
  const out: IdentityDocument = {};
  if (instanceId) out.instanceId = instanceId;
  for (const k of ['availabilityZone', 'instanceType', 'imageId', 'architecture'] as const) {
    const v = str(k);
    if (v) out[k] = v;
  }
  return out;
}

/** CPU and MEMORY (INTEGER) and the agent's reserved PORTS / PORTS_UDP (STRINGSET). */
function resourcesOf(list: readonly Resource[]): { cpu: number; memory: number; tcp: string[]; udp: string[] } {
  const out = { cpu: 0, memory: 0, tcp: [] as string[], udp: [] as string[] };
  for (const r of list) {
    const n = r.integerValue ?? r.longValue ?? r.doubleValue ?? 0;
    if (n < 0) throw invalidParameter(`Resource ${r.name} cannot be negative.`); // [GUESS]
    if (r.name === 'CPU') out.cpu = n;
    else if (r.name === 'MEMORY') out.memory = n;
    else if (r.name === 'PORTS') out.tcp = [...(r.stringSetValue ?? [])];
    else if (r.name === 'PORTS_UDP') out.udp = [...(r.stringSetValue ?? [])];
  }
  return out;
}
