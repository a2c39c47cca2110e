import { createHash } from 'node:crypto';
import type {
  ContainerDefinition,
  ECSExpressGatewayService,
  ExpressGatewayContainer,
  ExpressGatewayScalingTarget,
  ExpressGatewayServiceConfiguration,
  ExpressGatewayServiceNetworkConfiguration,
  ExpressGatewayServiceStatus,
  RegisterTaskDefinitionRequest,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { partitionOf } from './arn.js';
import { serviceStatusAt, type ServiceRecord } from './service.js';
import { tagsOf } from './tags.js';

/**
 * An Express Gateway service (ECS Express Mode): an ordinary ECS service (it is in DescribeServices and
 * ListServices, runs tasks, deploys) that ECS made from a container image, plus what ECS keeps about
 * the Express configuration: the infrastructure role, each configuration it deployed, and the HTTPS
 * endpoint of its load balancer.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html
 */
export interface ExpressServiceRecord {
  readonly serviceArn: string;
  readonly infrastructureRoleArn: string;
  /** Newest first: [0] is the configuration being deployed (or in service). */
  readonly configurations: readonly ExpressConfigurationRecord[];
  /** `https://<2 letters>-<32 hex>.ecs.<region>.on.aws` */
  readonly endpoint: string;
}

export interface ExpressConfigurationRecord {
  readonly createdAt: number;
  readonly taskDefinitionArn: string;
  readonly executionRoleArn?: string | undefined;
  readonly taskRoleArn?: string | undefined;
  readonly cpu: string;
  readonly memory: string;
  readonly cpuArchitecture: 'X86_64' | 'ARM64';
  readonly networkConfiguration: ExpressGatewayServiceNetworkConfiguration;
  readonly healthCheckPath: string;
  readonly primaryContainer?: ExpressGatewayContainer | undefined;
  readonly scalingTarget: ExpressGatewayScalingTarget;
}

/**
 * The documented defaults: 256 CPU units and 512 MiB, X86_64, container port 80, health check path
 * `/ping`, target tracking on average CPU at 60. Task counts have no documented default: 1 to 20 here
 * [GUESS].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExpressGatewayScalingTarget.html
 */
export const EXPRESS_DEFAULTS = {
  cpu: '256',
  memory: '512',
  cpuArchitecture: 'X86_64' as const,
  containerPort: 80,
  healthCheckPath: '/ping',
  scalingTarget: { minTaskCount: 1, maxTaskCount: 20, autoScalingMetric: 'AVERAGE_CPU' as const, autoScalingTargetValue: 60 },
};

/** The container a provided task definition must have, and the one ECS generates ("a container named Main"). */
export const MAIN_CONTAINER = 'Main';

const hashHex = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

/**
 * The service's public endpoint. Express services answer on `https://<first two letters of the name>-
 * <32 hex>.ecs.<region>.on.aws` (the form of the endpoints public projects publish, e.g.
 * `ni-…` for a service named niriksh-api); the hex part is made from the service ARN.
 */
export function expressEndpoint(ctx: Pick<OperationContext, 'region'>, serviceName: string, serviceArn: string): string {
  const prefix = serviceName.replace(/[^a-zA-Z0-9]/g, '').slice(0, 2).toLowerCase() || 'ex';
  return `https://${prefix}-${hashHex(serviceArn).slice(0, 32)}.ecs.${ctx.region}.on.aws`;
}

/**
 * The task definition ECS registers for an Express service: one Fargate task with the container
 * `Main`, its port mapping named after the protocol, awslogs to the service's log group.
 */
export function expressTaskDefinition(
  ctx: Pick<OperationContext, 'region'>,
  family: string,
  cfg: Omit<ExpressConfigurationRecord, 'createdAt' | 'taskDefinitionArn' | 'networkConfiguration' | 'scalingTarget' | 'healthCheckPath'>,
): RegisterTaskDefinitionRequest {
  const c = cfg.primaryContainer!;
  const port = c.containerPort ?? EXPRESS_DEFAULTS.containerPort;
  const container: ContainerDefinition = {
    name: MAIN_CONTAINER,
    image: c.image,
    essential: true,
    portMappings: [{ containerPort: port, protocol: 'tcp', name: `port-${port}` }],
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': c.awsLogsConfiguration?.logGroup ?? `/aws/ecs/${family}`,
        'awslogs-region': ctx.region,
        'awslogs-stream-prefix': c.awsLogsConfiguration?.logStreamPrefix ?? 'ecs',
      },
    },
  };
  if (c.command?.length) container.command = [...c.command];
  if (c.environment?.length) container.environment = c.environment.map((e) => ({ ...e }));
  if (c.secrets?.length) container.secrets = c.secrets.map((s) => ({ ...s }));
  if (c.repositoryCredentials?.credentialsParameter) {
    container.repositoryCredentials = { credentialsParameter: c.repositoryCredentials.credentialsParameter };
  }
  return {
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: cfg.cpu,
    memory: cfg.memory,
    runtimePlatform: { cpuArchitecture: cfg.cpuArchitecture, operatingSystemFamily: 'LINUX' },
    executionRoleArn: cfg.executionRoleArn,
    taskRoleArn: cfg.taskRoleArn,
    containerDefinitions: [container],
  };
}

/**
 * The subnets of the account's default VPC, which ECS uses when the request names none [GUESS ids,
 * stable per account and Region].
 */
export function defaultSubnets(ctx: Pick<OperationContext, 'accountId' | 'region'>): string[] {
  return ['a', 'b'].map((az) => `subnet-${hashHex(ctx.accountId, ctx.region, az).slice(0, 17)}`);
}

/** The ARN of a service's deployment and revision, in the forms the service-deployment API uses. */
export function serviceDeploymentArnOf(ctx: Pick<OperationContext, 'accountId' | 'region'>, svc: ServiceRecord): string | undefined {
  const primary = svc.deployments[0];
  if (!primary) return undefined;
  const id = primary.id.replace(/^ecs-svc\//, '');
  return `arn:${partitionOf(ctx.region)}:ecs:${ctx.region}:${ctx.accountId}:service-deployment/${svc.clusterName}/${svc.name}/${id}`;
}

export function serviceRevisionArnOf(ctx: Pick<OperationContext, 'accountId' | 'region'>, svc: ServiceRecord, deploymentIndex: number): string | undefined {
  const d = svc.deployments[deploymentIndex];
  if (!d) return undefined;
  const id = d.id.replace(/^ecs-svc\//, '');
  return `arn:${partitionOf(ctx.region)}:ecs:${ctx.region}:${ctx.accountId}:service-revision/${svc.clusterName}/${svc.name}/${id}`;
}

type Ctx = Pick<OperationContext, 'store' | 'now' | 'timings' | 'accountId' | 'region'>;

export function expressStatus(ctx: Ctx, svc: ServiceRecord): ExpressGatewayServiceStatus {
  return { statusCode: serviceStatusAt(ctx, svc) };
}

export function renderConfiguration(
  ctx: Ctx,
  svc: ServiceRecord,
  rec: ExpressServiceRecord,
  cfg: ExpressConfigurationRecord,
  index: number,
): ExpressGatewayServiceConfiguration {
  const out: ExpressGatewayServiceConfiguration = {
    serviceRevisionArn: serviceRevisionArnOf(ctx, svc, index),
    executionRoleArn: cfg.executionRoleArn,
    taskRoleArn: cfg.taskRoleArn,
    taskDefinitionArn: cfg.taskDefinitionArn,
    cpu: cfg.cpu,
    memory: cfg.memory,
    cpuArchitecture: cfg.cpuArchitecture,
    networkConfiguration: cfg.networkConfiguration,
    healthCheckPath: cfg.healthCheckPath,
    primaryContainer: cfg.primaryContainer,
    scalingTarget: cfg.scalingTarget,
    ingressPaths: [{ accessType: 'PUBLIC', endpoint: rec.endpoint }],
    createdAt: new Date(cfg.createdAt),
  };
  for (const key of Object.keys(out) as (keyof ExpressGatewayServiceConfiguration)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/** The ECSExpressGatewayService shape; only the configuration in service is active. */
export function renderExpressService(ctx: Ctx, svc: ServiceRecord, rec: ExpressServiceRecord, includeTags: boolean): ECSExpressGatewayService {
  const out: ECSExpressGatewayService = {
    cluster: svc.clusterArn,
    serviceName: svc.name,
    serviceArn: svc.arn,
    infrastructureRoleArn: rec.infrastructureRoleArn,
    status: expressStatus(ctx, svc),
    currentDeployment: serviceDeploymentArnOf(ctx, svc),
    activeConfigurations: [renderConfiguration(ctx, svc, rec, rec.configurations[0]!, 0)],
    createdAt: new Date(svc.createdAt),
    updatedAt: new Date(rec.configurations[0]!.createdAt),
  };
  if (includeTags) out.tags = tagsOf(ctx, svc.arn);
  if (out.currentDeployment === undefined) delete out.currentDeployment;
  return out;
}
