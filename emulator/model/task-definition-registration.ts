import type {
  Attribute,
  Compatibility,
  ContainerDefinition,
  PortMapping,
  RegisterTaskDefinitionRequest,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { clientException } from '../errors.js';
import { isFargateSize, normalizeCpu, normalizeMemory } from './task-size.js';
import { checkTaskDefinitionConstraints } from '../placement/placement-rules.js';

/**
 * What RegisterTaskDefinition checks, and the TaskDefinition it stores with the defaults ECS fills
 * in. Messages: docs/ecs-error-messages.md §7 (real responses unless marked [GUESS]).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
 */
export const FAMILY_RE = /^[a-zA-Z0-9_-]{1,255}$/;
const CONTAINER_NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;
// "Up to 255 letters (uppercase and lowercase), numbers, hyphens, underscores, colons, periods,
// forward slashes, and number signs are allowed" (ContainerDefinition.image); `@` for digests.
const IMAGE_RE = /^[a-zA-Z0-9_\-:./#@]{1,255}$/;
const ECR_IMAGE_RE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/** A task definition without its identity fields (arn, revision, status, registeredAt/By). */
export type TaskDefinitionBody = Omit<
  TaskDefinition,
  'taskDefinitionArn' | 'revision' | 'status' | 'registeredAt' | 'registeredBy'
>;

export function validateFamily(family: string | undefined): string {
  if (family === undefined || family === '') throw clientException('Family can not be blank.');
  if (!FAMILY_RE.test(family)) throw clientException('Family contains invalid characters.');
  return family;
}

export function buildTaskDefinition(input: RegisterTaskDefinitionRequest): TaskDefinitionBody {
  const family = validateFamily(input.family);
  const containers = input.containerDefinitions ?? [];
  if (containers.length === 0) throw clientException('Container list cannot be empty.');
  const cpu = normalizeCpu(input.cpu);
  const memory = normalizeMemory(input.memory);
  const networkMode = input.networkMode;
  const requires = input.requiresCompatibilities ?? [];
  const awsvpc = networkMode === 'awsvpc';

  // The task-level Fargate requirements come first: a Fargate definition without task memory is
  // told so (aws/amazon-ecs-cli#982), not that its containers lack memory.
  if (requires.includes('FARGATE')) {
    if (cpu === undefined) throw clientException("Fargate requires that 'cpu' be defined at the task level.");
    if (memory === undefined) throw clientException("Fargate requires that 'memory' be defined at the task level.");
  }
  for (const c of containers) validateContainer(c, memory, networkMode);
  if (cpu !== undefined) {
    const sum = containers.reduce((n, c) => n + (c.cpu ?? 0), 0);
    if (sum > Number(cpu)) {
      throw clientException("The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.");
    }
  }
  if (requires.includes('FARGATE')) {
    // The quotes are typographic in the real message (aws/amazon-ecs-cli#1145).
    if (!awsvpc) throw clientException('Fargate only supports network mode \u2018awsvpc\u2019.');
    if (!isFargateSize(cpu, memory)) throw clientException('No Fargate configuration exists for given values.');
    if (!input.executionRoleArn && containers.some((c) => ECR_IMAGE_RE.test(c.image ?? ''))) {
      throw clientException('Fargate requires task definition to have execution role ARN to support ECR images.');
    }
    const unsupported = fargateUnsupportedSetting(containers) ?? fargateUnsupportedTaskSetting(input);
    if (unsupported) throw clientException(unsupported);
  }

  // `compatibilities` are "the task launch types the task definition validated against during task
  // definition registration" (API_TaskDefinition): Fargate needs awsvpc, a Fargate task size and no
  // container setting Fargate refuses, so a privileged awsvpc definition registered without
  // requiresCompatibilities is EC2-only and RunTask on FARGATE refuses it. EXTERNAL instances do not
  // support awsvpc.
  const fargateOk =
    awsvpc && isFargateSize(cpu, memory) && fargateUnsupportedSetting(containers) === undefined && fargateUnsupportedTaskSetting(input) === undefined;
  try {
    checkTaskDefinitionConstraints(input.placementConstraints);
  } catch (err) {
    // RegisterTaskDefinition answers its validation errors as ClientException (docs/ecs-error-messages.md §7).
    throw clientException((err as Error).message);
  }
  const compatibilities: Compatibility[] = fargateOk ? ['EC2', 'FARGATE'] : awsvpc ? ['EC2'] : ['EXTERNAL', 'EC2'];

  const out: TaskDefinitionBody = {
    family,
    containerDefinitions: containers.map((c) => withContainerDefaults(c, networkMode)),
    volumes: input.volumes ?? [],
    placementConstraints: input.placementConstraints ?? [],
    requiresAttributes: requiredAttributes(input),
    compatibilities,
  };
  if (input.taskRoleArn) out.taskRoleArn = input.taskRoleArn;
  if (input.executionRoleArn) out.executionRoleArn = input.executionRoleArn;
  if (networkMode) out.networkMode = networkMode;
  if (input.requiresCompatibilities) out.requiresCompatibilities = input.requiresCompatibilities;
  if (cpu !== undefined) out.cpu = cpu;
  if (memory !== undefined) out.memory = memory;
  if (input.pidMode) out.pidMode = input.pidMode;
  if (input.ipcMode) out.ipcMode = input.ipcMode;
  if (input.proxyConfiguration) out.proxyConfiguration = input.proxyConfiguration;
  if (input.inferenceAccelerators) out.inferenceAccelerators = input.inferenceAccelerators;
  if (input.ephemeralStorage) out.ephemeralStorage = input.ephemeralStorage;
  if (input.runtimePlatform) out.runtimePlatform = input.runtimePlatform;
  if (input.enableFaultInjection !== undefined) out.enableFaultInjection = input.enableFaultInjection;
  return out;
}

function validateContainer(c: ContainerDefinition, taskMemory: string | undefined, networkMode: string | undefined): void {
  if (!c.name) throw clientException('Container.name should not be null or empty.');
  if (!CONTAINER_NAME_RE.test(c.name)) throw clientException('Container.name contains invalid characters.');
  if (!c.image) throw clientException('Container.image should not be null or empty.');
  if (!IMAGE_RE.test(c.image)) throw clientException('Container.image contains invalid characters.');
  if (taskMemory === undefined && c.memory === undefined && c.memoryReservation === undefined) {
    throw clientException(
      `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
    );
  }
  if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > c.memory) {
    // [GUESS] the limit is documented ("must be lower than the memory parameter"); the text is not.
    throw clientException(
      `Invalid setting for container '${c.name}'. 'memoryReservation' must be less than or equal to 'memory'.`,
    );
  }
  if (networkMode === 'awsvpc') {
    if (c.hostname) throw clientException('hostname is not supported on container when networkMode=awsvpc.');
    for (const p of c.portMappings ?? []) {
      if (p.hostPort !== undefined && p.hostPort !== p.containerPort) {
        throw clientException('When networkMode=awsvpc, the host ports and container ports in port mappings must match.');
      }
    }
  }
}

/**
 * The first container setting Fargate does not run, as the ClientException message, or undefined.
 * "The following task definition parameters aren't valid in Fargate tasks: devices, … privileged …"
 * (https://docs.aws.amazon.com/AmazonECS/latest/userguide/fargate-task-defs.html), and "Tasks
 * launched on Fargate only support adding the SYS_PTRACE kernel capability"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html).
 * [GUESS] the texts: no real response was found for these three; they follow the real
 * "Fargate compatible task definitions do not support sourcePath" (cloudposse/terraform-aws-ecs-alb-service-task#174).
 * See docs/ecs-error-messages.md §7.
 */
function fargateUnsupportedSetting(containers: ContainerDefinition[]): string | undefined {
  for (const c of containers) {
    if (c.privileged === true) return 'Fargate compatible task definitions do not support privileged';
    if (c.linuxParameters?.devices?.length) return 'Fargate compatible task definitions do not support devices';
    const added = c.linuxParameters?.capabilities?.add ?? [];
    if (added.some((cap) => cap !== 'SYS_PTRACE')) {
      return 'Fargate compatible task definitions only support adding the SYS_PTRACE kernel capability';
    }
  }
  return undefined;
}

/**
 * Task-level settings Fargate does not run: `ipcMode` ("not supported for … tasks run on Fargate")
 * and a `host` pidMode (Fargate takes only `task`), per RegisterTaskDefinition; EC2 runs both, with
 * privileged containers, which is why such a definition is EC2-only. [GUESS] texts, as above.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html#ECS-RegisterTaskDefinition-request-ipcMode
 */
function fargateUnsupportedTaskSetting(input: RegisterTaskDefinitionRequest): string | undefined {
  if (input.ipcMode) return 'Fargate compatible task definitions do not support ipcMode';
  if (input.pidMode === 'host') return "Fargate compatible task definitions only support the 'task' pidMode";
  return undefined;
}

/**
 * The container fields ECS always returns, as seen in DescribeTaskDefinition output: cpu 0,
 * essential true and empty lists; in awsvpc and host mode the host port is the container port.
 */
function withContainerDefaults(c: ContainerDefinition, networkMode: string | undefined): ContainerDefinition {
  const portMappings = (c.portMappings ?? []).map((p): PortMapping => {
    const out: PortMapping = { ...p };
    if (out.hostPort === undefined && (networkMode === 'awsvpc' || networkMode === 'host')) out.hostPort = p.containerPort;
    out.protocol ??= 'tcp';
    return out;
  });
  return {
    ...c,
    cpu: c.cpu ?? 0,
    portMappings,
    essential: c.essential ?? true,
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
    systemControls: c.systemControls ?? [],
  };
}

/**
 * The container-instance attributes ECS derives from the definition (the ones it computes for the
 * common features; the rest are not modelled).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
 */
function requiredAttributes(input: RegisterTaskDefinitionRequest): Attribute[] {
  const names = new Set<string>();
  const containers = input.containerDefinitions ?? [];
  for (const c of containers) {
    const driver = c.logConfiguration?.logDriver;
    if (driver) {
      names.add(`com.amazonaws.ecs.capability.logging-driver.${driver}`);
      if (driver === 'awslogs' && input.executionRoleArn) names.add('ecs.capability.execution-role-awslogs');
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19');
    }
    if (c.memoryReservation !== undefined) names.add('com.amazonaws.ecs.capability.docker-remote-api.1.21');
    if (ECR_IMAGE_RE.test(c.image ?? '')) {
      names.add('com.amazonaws.ecs.capability.ecr-auth');
      if (input.executionRoleArn) names.add('ecs.capability.execution-role-ecr-pull');
    }
    if (c.healthCheck) {
      names.add('ecs.capability.container-health-check');
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.24');
    }
    if (c.dependsOn?.length) names.add('ecs.capability.container-ordering');
    if (c.repositoryCredentials) {
      names.add('com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager');
    }
    for (const s of c.secrets ?? []) {
      names.add(
        (s.valueFrom ?? '').includes(':secretsmanager:')
          ? 'ecs.capability.secrets.asm.environment-variables'
          : 'ecs.capability.secrets.ssm.environment-variables',
      );
    }
  }
  if (input.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role');
  if (input.networkMode === 'awsvpc') {
    names.add('com.amazonaws.ecs.capability.docker-remote-api.1.18');
    names.add('ecs.capability.task-eni');
  }
  return [...names].map((name) => ({ name }));
}
