import { RegisterContainerInstanceCommand, type Attribute, type ECSClient } from '@aws-sdk/client-ecs';

export interface InstanceShape {
  cpu?: number;
  memory?: number;
  az?: string;
  instanceType?: string;
  instanceId?: string;
  attributes?: Attribute[];
  agentVersion?: string;
}

let next = 0;

/**
 * Register a container instance the way the agent does (RegisterContainerInstance with an instance
 * identity document), as a test's client: returns its ARN.
 */
export async function registerInstance(ecs: ECSClient, cluster: string, shape: InstanceShape = {}): Promise<string> {
  const instanceId = shape.instanceId ?? `i-0${(++next).toString(16).padStart(16, '0')}`;
  const out = await ecs.send(
    new RegisterContainerInstanceCommand({
      cluster,
      instanceIdentityDocument: JSON.stringify({
        instanceId,
        availabilityZone: shape.az ?? 'us-east-1a',
        instanceType: shape.instanceType ?? 'm5.large',
        imageId: 'ami-0123456789abcdef0',
        region: 'us-east-1',
        architecture: 'x86_64',
      }),
      instanceIdentityDocumentSignature: 'c2lnbmF0dXJl',
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: shape.cpu ?? 2048 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: shape.memory ?? 4096 },
        { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375', '2376', '51678', '51679'] },
        { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
      ],
      versionInfo: { agentVersion: shape.agentVersion ?? '1.67.1', agentHash: '989593e9', dockerVersion: 'DockerVersion: 20.10.17' },
      attributes: shape.attributes ?? [
        { name: 'com.amazonaws.ecs.capability.privileged-container' },
        { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.19' },
        { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.21' },
        { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
        { name: 'ecs.capability.task-eni' },
        { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
      ],
    }),
  );
  return out.containerInstance!.containerInstanceArn!;
}
