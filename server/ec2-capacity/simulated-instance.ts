import { createHash } from 'node:crypto';
import type { IdSource } from '../../emulator/index.js';
import { LATEST_AGENT } from '../../emulator/model/container-instances/agent-update.js';
import type { Principal } from '../../trail-writer/index.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { awsId } from '../identity/aws-ids.js';

/**
 * A simulated EC2 container instance and its ECS agent, as a real one appears in a trail:
 *
 * - the agent calls with the instance role's credentials, delivered by the instance metadata
 *   service: an AssumedRole session named after the instance ID (`assumed-role/ecsInstanceRole/i-…`,
 *   `principalId` `AROA…:i-…`) whose sessionContext carries `ec2RoleDelivery` (a real 2025
 *   DiscoverPollEndpoint record in the Black Hat USA 2025 "ECScape" talk; the CloudTrail userIdentity
 *   page for the field; `ecsInstanceRole` is the role name the developer guide tells users to create:
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html);
 * - its User-Agent is the agent's own, `Amazon ECS Agent - v<version> (<hash>) (<os>) (+http://aws.amazon.com/ecs/)`
 *   (amazon-ecs-agent's ecs-agent/httpclient; the version and hash of a real 1.67.1 agent);
 * - it sits in a private subnet and reaches ECS through an interface VPC endpoint, so the records show
 *   the instance's private address with `vpcEndpointId` and `vpcEndpointAccountId` (CloudTrail's
 *   record-contents page: "If the request was made through a VPC endpoint …", and the KMS VPC-endpoint
 *   logging example with a private sourceIPAddress);
 * - it registers with the instance identity document, the resources it has and the capabilities the
 *   agent detects (the fields of a real agent's RegisterContainerInstance record).
 *
 * Size, documented in the README: an m5.large (2 vCPUs, 8 GiB): 2,048 CPU units and 7,985 MiB, the
 * memory the developer guide shows an 8 GiB instance registering ("Container Instance Memory
 * Management"), and the agent's reserved ports 22, 2375, 2376, 51678 and 51679.
 */
export const SIMULATED_INSTANCE_TYPE = 'm5.large';
export const SIMULATED_CPU = 2048;
export const SIMULATED_MEMORY = 7985;
export const RESERVED_PORTS = ['22', '2375', '2376', '51678', '51679'];
export const DEFAULT_INSTANCE_ROLE = 'ecsInstanceRole';

export const AGENT_USER_AGENT = `Amazon ECS Agent - v${LATEST_AGENT.agentVersion} (${LATEST_AGENT.agentHash}) (linux) (+http://aws.amazon.com/ecs/)`;

/** What the agent reports it can do (container-instance attributes of the task definition parameters page). */
const AGENT_CAPABILITIES = [
  'com.amazonaws.ecs.capability.privileged-container',
  ...Array.from({ length: 16 }, (_, i) => `com.amazonaws.ecs.capability.docker-remote-api.1.${17 + i}`),
  ...['json-file', 'syslog', 'awslogs', 'none', 'fluentd', 'gelf', 'journald', 'splunk', 'awsfirelens'].map(
    (d) => `com.amazonaws.ecs.capability.logging-driver.${d}`,
  ),
  'com.amazonaws.ecs.capability.selinux',
  'com.amazonaws.ecs.capability.apparmor',
  'com.amazonaws.ecs.capability.ecr-auth',
  'com.amazonaws.ecs.capability.task-iam-role',
  'com.amazonaws.ecs.capability.task-iam-role-network-host',
  'com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager',
  'ecs.capability.execution-role-awslogs',
  'ecs.capability.execution-role-ecr-pull',
  'ecs.capability.task-eni',
  'ecs.capability.container-health-check',
  'ecs.capability.container-ordering',
  'ecs.capability.secrets.asm.environment-variables',
  'ecs.capability.secrets.ssm.environment-variables',
  'ecs.capability.secrets.asm.bootstrap.log-driver',
  'ecs.capability.secrets.ssm.bootstrap.log-driver',
  'ecs.capability.firelens.fluentbit',
  'ecs.capability.firelens.fluentd',
  'ecs.capability.efs',
  'ecs.capability.efsAuth',
  'ecs.capability.env-files.s3',
  'ecs.capability.increased-task-cpu-limit',
  'ecs.capability.pid-ipc-namespace-sharing',
  'ecs.capability.task-cpu-mem-limit',
  'ecs.capability.docker-plugin.local',
  'ecs.capability.full-sync',
];

export interface SimulatedInstance {
  ec2InstanceId: string;
  availabilityZone: string;
  privateIp: string;
  principal: Principal;
  userAgent: string;
  vpcEndpoint: { id: string; accountId: string };
  /** RegisterContainerInstance as the agent sends it. */
  registration(clusterName: string): Record<string, unknown>;
}

export interface SimulatedInstanceOptions {
  accountId: string;
  region: string;
  /** Which instance of its cluster (0, 1, …): Availability Zones are taken in turn. */
  index: number;
  /** The time the agent registers (the session began a little before, when the instance booted). */
  now: number;
  instanceRole?: string | undefined;
}

/** Stable per account and region: the VPC, its subnets and the ECS interface endpoint. */
function networkOf(accountId: string, region: string) {
  const h = createHash('sha256').update(`network:${accountId}:${region}`).digest('hex');
  return { vpcId: `vpc-0${h.slice(0, 16)}`, vpceId: `vpce-0${h.slice(16, 32)}`, subnetSeed: h.slice(32) };
}

export function simulatedInstance(ids: IdSource, o: SimulatedInstanceOptions): SimulatedInstance {
  const ec2InstanceId = `i-0${ids.hex(16)}`;
  const zone = 'abc'[o.index % 3]!;
  const availabilityZone = `${o.region}${zone}`;
  const host = ids.hex(4);
  const privateIp = `10.0.${(o.index % 3) * 16 + (parseInt(host.slice(0, 2), 16) % 16)}.${(parseInt(host.slice(2), 16) % 250) + 4}`;
  const net = networkOf(o.accountId, o.region);
  const role = o.instanceRole ?? DEFAULT_INSTANCE_ROLE;
  const roleId = awsId('AROA', o.accountId, role, 21);
  const principal: Principal = {
    type: 'AssumedRole',
    accountId: o.accountId,
    accessKeyId: awsId('ASIA', o.accountId, `instance-profile:${ec2InstanceId}`),
    principalId: `${roleId}:${ec2InstanceId}`,
    arn: `arn:aws:sts::${o.accountId}:assumed-role/${role}/${ec2InstanceId}`,
    session: {
      // The instance got its role credentials from IMDSv2 when it booted, a minute and a half earlier.
      creationDate: isoSeconds(Math.floor((o.now - 90_000) / 1000) * 1000),
      mfaAuthenticated: false,
      ec2RoleDelivery: '2.0',
      issuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${o.accountId}:role/${role}`, accountId: o.accountId, userName: role },
    },
  };
  const imageId = `ami-0${createHash('sha256').update(`ecs-ami:${o.region}`).digest('hex').slice(0, 16)}`;
  const signature = Buffer.from(ids.hex(256), 'hex').toString('base64');
  const resource = (name: string, integerValue: number) => ({ type: 'INTEGER', doubleValue: 0, integerValue, longValue: 0, name });
  const ports = (name: string, values: string[]) => ({ type: 'STRINGSET', stringSetValue: values, doubleValue: 0, integerValue: 0, longValue: 0, name });
  return {
    ec2InstanceId,
    availabilityZone,
    privateIp,
    principal,
    userAgent: AGENT_USER_AGENT,
    vpcEndpoint: { id: net.vpceId, accountId: o.accountId },
    registration: (clusterName) => ({
      cluster: clusterName,
      instanceIdentityDocument: JSON.stringify(
        {
          accountId: o.accountId,
          architecture: 'x86_64',
          availabilityZone,
          billingProducts: null,
          devpayProductCodes: null,
          marketplaceProductCodes: null,
          imageId,
          instanceId: ec2InstanceId,
          instanceType: SIMULATED_INSTANCE_TYPE,
          kernelId: null,
          pendingTime: new Date(Math.floor((o.now - 120_000) / 1000) * 1000).toISOString().replace('.000', ''),
          privateIp,
          ramdiskId: null,
          region: o.region,
          version: '2017-09-30',
        },
        null,
        2,
      ),
      instanceIdentityDocumentSignature: signature.match(/.{1,64}/g)!.join('\n'),
      totalResources: [
        resource('CPU', SIMULATED_CPU),
        resource('MEMORY', SIMULATED_MEMORY),
        ports('PORTS', [...RESERVED_PORTS]),
        ports('PORTS_UDP', []),
      ],
      versionInfo: { ...LATEST_AGENT },
      attributes: [
        ...AGENT_CAPABILITIES.map((name) => ({ name })),
        { name: 'ecs.os-type', value: 'linux' },
        { name: 'ecs.os-family', value: 'LINUX' },
        { name: 'ecs.cpu-architecture', value: 'x86_64' },
        { name: 'ecs.vpc-id', value: net.vpcId },
        { name: 'ecs.subnet-id', value: `subnet-0${createHash('sha256').update(`${net.subnetSeed}:${zone}`).digest('hex').slice(0, 16)}` },
      ],
    }),
  };
}
