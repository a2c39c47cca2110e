import type {
  CreateExpressGatewayServiceRequest,
  ExpressGatewayContainer,
  ExpressGatewayScalingTarget,
  ExpressGatewayServiceNetworkConfiguration,
  UpdateExpressGatewayServiceRequest,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import { EXPRESS_DEFAULTS, MAIN_CONTAINER, defaultSubnets, type ExpressConfigurationRecord } from './express-gateway-service.js';
import { checkRoleArn } from './gateway-input.js';
import { optionalEnum, optionalInteger, optionalObject, optionalString, optionalStringList } from './input-checks.js';
import { findTaskDefinition } from './task-definition.js';

type Input = CreateExpressGatewayServiceRequest | UpdateExpressGatewayServiceRequest;

/** What a request sets, checked; `base` is the configuration an update starts from. */
export type ResolvedConfig = Omit<ExpressConfigurationRecord, 'createdAt' | 'taskDefinitionArn'> & { taskDefinitionArn?: string };

const ONLY_WITHOUT_TASK_DEFINITION = ['primaryContainer', 'executionRoleArn', 'taskRoleArn', 'cpu', 'memory', 'cpuArchitecture'] as const;

/**
 * The configuration a Create/UpdateExpressGatewayService request asks for, with ECS's defaults (and,
 * for an update, the current values) where it says nothing. A request brings either its own task
 * definition ("must have a container named Main with a single TCP port mapping that includes a
 * container port and port name", FARGATE-compatible, and then none of primaryContainer, the roles,
 * cpu, memory or cpuArchitecture) or a primary container. Refusal texts are [GUESS]es.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html
 */
export function resolveExpressConfig(ctx: OperationContext, input: Input, base?: ExpressConfigurationRecord): ResolvedConfig {
  const tdArn = optionalString(input.taskDefinitionArn);
  const container = optionalObject<ExpressGatewayContainer>(input.primaryContainer);
  if (tdArn !== undefined) {
    const extra = ONLY_WITHOUT_TASK_DEFINITION.filter((m) => (input as unknown as Record<string, unknown>)[m] !== undefined);
    if (extra.length > 0) throw invalidParameter(`You can't specify ${extra.join(', ')} together with taskDefinitionArn.`);
    checkOwnTaskDefinition(ctx, tdArn);
  }
  if (container) {
    if (optionalString(container.image) === undefined || container.image === '') throw invalidParameter('PrimaryContainer.image can not be blank.');
    const port = optionalInteger(container.containerPort);
    if (port !== undefined && (port < 1 || port > 65535)) throw invalidParameter('containerPort must be between 1 and 65535');
  }
  const useOwnDefinition = tdArn !== undefined || (base !== undefined && base.primaryContainer === undefined && container === undefined);
  const primaryContainer = useOwnDefinition ? undefined : (container ?? base?.primaryContainer);
  if (!useOwnDefinition && !primaryContainer) throw invalidParameter('PrimaryContainer can not be blank.');
  const executionRoleArn = optionalString(input.executionRoleArn) ?? (useOwnDefinition ? undefined : base?.executionRoleArn);
  if (!useOwnDefinition && !executionRoleArn) throw invalidParameter('ExecutionRoleArn can not be blank.');
  if (executionRoleArn) checkRoleArn(ctx, executionRoleArn);
  const taskRoleArn = optionalString(input.taskRoleArn) ?? (useOwnDefinition ? undefined : base?.taskRoleArn);
  if (taskRoleArn) checkRoleArn(ctx, taskRoleArn);
  const healthCheckPath = optionalString(input.healthCheckPath) ?? base?.healthCheckPath ?? EXPRESS_DEFAULTS.healthCheckPath;
  if (!healthCheckPath.startsWith('/')) throw invalidParameter('The health check path must start with a forward slash.');
  const net = optionalObject<ExpressGatewayServiceNetworkConfiguration>(input.networkConfiguration);
  const subnets = optionalStringList(net?.subnets, 16);
  const securityGroups = optionalStringList(net?.securityGroups, 5);
  const networkConfiguration: ExpressGatewayServiceNetworkConfiguration = {
    securityGroups: securityGroups ?? [...(base?.networkConfiguration.securityGroups ?? [])],
    subnets: subnets?.length ? subnets : [...(base?.networkConfiguration.subnets ?? defaultSubnets(ctx))],
  };
  return {
    taskDefinitionArn: tdArn,
    executionRoleArn,
    taskRoleArn,
    cpu: optionalString(input.cpu) ?? base?.cpu ?? EXPRESS_DEFAULTS.cpu,
    memory: optionalString(input.memory) ?? base?.memory ?? EXPRESS_DEFAULTS.memory,
    cpuArchitecture: optionalEnum(input.cpuArchitecture, 'cpuArchitecture', ['X86_64', 'ARM64'] as const) ?? base?.cpuArchitecture ?? EXPRESS_DEFAULTS.cpuArchitecture,
    networkConfiguration,
    healthCheckPath,
    primaryContainer: primaryContainer && { ...primaryContainer, containerPort: primaryContainer.containerPort ?? EXPRESS_DEFAULTS.containerPort },
    scalingTarget: scalingTargetOf(optionalObject<ExpressGatewayScalingTarget>(input.scalingTarget), base?.scalingTarget),
  };
}

function scalingTargetOf(given: ExpressGatewayScalingTarget | undefined, base: ExpressGatewayScalingTarget | undefined): ExpressGatewayScalingTarget {
  const from = base ?? EXPRESS_DEFAULTS.scalingTarget;
  const min = optionalInteger(given?.minTaskCount) ?? from.minTaskCount!;
  const max = optionalInteger(given?.maxTaskCount) ?? from.maxTaskCount!;
  if (min < 0 || max < 1 || min > max) throw invalidParameter('minTaskCount must be between 0 and maxTaskCount, and maxTaskCount at least 1.');
  return {
    minTaskCount: min,
    maxTaskCount: max,
    autoScalingMetric:
      optionalEnum(given?.autoScalingMetric, 'autoScalingMetric', ['AVERAGE_CPU', 'AVERAGE_MEMORY', 'REQUEST_COUNT_PER_TARGET'] as const) ??
      from.autoScalingMetric,
    autoScalingTargetValue: optionalInteger(given?.autoScalingTargetValue) ?? from.autoScalingTargetValue,
  };
}

function checkOwnTaskDefinition(ctx: OperationContext, ref: string): void {
  const td = findTaskDefinition(ctx, ref).definition;
  const main = td.containerDefinitions?.find((c) => c.name === MAIN_CONTAINER);
  const ports = main?.portMappings ?? [];
  if (!main || ports.length !== 1 || ports[0]!.containerPort === undefined || !ports[0]!.name) {
    throw invalidParameter('The task definition must have a container named Main with a single TCP port mapping that includes a container port and port name.');
  }
  if (!td.requiresCompatibilities?.includes('FARGATE')) throw invalidParameter('The task definition must have FARGATE compatibility.');
}
