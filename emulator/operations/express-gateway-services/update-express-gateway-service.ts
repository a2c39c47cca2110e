import type { UpdateExpressGatewayServiceRequest, UpdateExpressGatewayServiceResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { resolveExpressConfig } from '../../model/express-config.js';
import { expressStatus, expressTaskDefinition, renderConfiguration, type ExpressConfigurationRecord } from '../../model/express-gateway-service.js';
import { registerTaskDefinition } from '../task-definitions/register-task-definition.js';
import { updateService } from '../services/update-service.js';
import { findExpressService } from './find-express-service.js';

/**
 * A new configuration of an ACTIVE Express service: a new task definition revision when the container,
 * size, architecture or roles change (or the request brings a task definition), rolled out by the
 * service's own deployment; the task count is kept within the new scaling target. The infrastructure
 * role cannot change.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateExpressGatewayService.html
 */
export function updateExpressGatewayService(
  input: UpdateExpressGatewayServiceRequest,
  ctx: OperationContext,
): UpdateExpressGatewayServiceResponse {
  const { svc, rec } = findExpressService(ctx, input.serviceArn, 'change');
  const base = rec.configurations[0]!;
  const cfg = resolveExpressConfig(ctx, input, base);
  const sameDefinition =
    cfg.taskDefinitionArn === undefined &&
    JSON.stringify([cfg.primaryContainer, cfg.cpu, cfg.memory, cfg.cpuArchitecture, cfg.executionRoleArn, cfg.taskRoleArn]) ===
      JSON.stringify([base.primaryContainer, base.cpu, base.memory, base.cpuArchitecture, base.executionRoleArn, base.taskRoleArn]);
  const taskDefinitionArn = sameDefinition
    ? base.taskDefinitionArn
    : (cfg.taskDefinitionArn ?? registerTaskDefinition(expressTaskDefinition(ctx, svc.name, cfg), ctx).taskDefinition!.taskDefinitionArn!);
  const { minTaskCount = 1, maxTaskCount = minTaskCount } = cfg.scalingTarget;
  updateService(
    {
      cluster: svc.clusterName,
      service: svc.name,
      taskDefinition: taskDefinitionArn,
      desiredCount: Math.min(Math.max(svc.desiredCount, minTaskCount), maxTaskCount),
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: cfg.networkConfiguration.subnets!,
          securityGroups: cfg.networkConfiguration.securityGroups,
          assignPublicIp: 'ENABLED',
        },
      },
    },
    ctx,
  );
  const configuration: ExpressConfigurationRecord = { ...cfg, taskDefinitionArn, createdAt: ctx.now };
  const next = { ...rec, configurations: [configuration, ...rec.configurations].slice(0, 20) };
  ctx.tx.set(ctx.store.expressServices, rec.serviceArn, next);
  const current = ctx.store.services.get(svc.arn)!;
  return {
    service: {
      serviceArn: svc.arn,
      cluster: svc.clusterArn,
      serviceName: svc.name,
      status: expressStatus(ctx, current),
      targetConfiguration: renderConfiguration(ctx, current, next, configuration, 0),
      createdAt: new Date(svc.createdAt),
      updatedAt: new Date(ctx.now),
    },
  };
}
