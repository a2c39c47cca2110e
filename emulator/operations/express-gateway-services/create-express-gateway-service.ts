import type { CreateExpressGatewayServiceRequest, CreateExpressGatewayServiceResponse, Tag } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clusterNotFound, invalidParameter } from '../../errors.js';
import { clusterNameOf, serviceArn } from '../../model/arn.js';
import { resolveExpressConfig } from '../../model/express-config.js';
import { expressEndpoint, expressTaskDefinition, renderExpressService, type ExpressServiceRecord } from '../../model/express-gateway-service.js';
import { checkRoleArn } from '../../model/gateway-input.js';
import { optionalObjectList, optionalString, requiredString } from '../../model/input-checks.js';
import { serviceStatusAt } from '../../model/service.js';
import { createCluster } from '../clusters/create-cluster.js';
import { createService } from '../services/create-service.js';
import { registerTaskDefinition } from '../task-definitions/register-task-definition.js';

/**
 * Creates an Express service: the `default` cluster when it is the one asked for and does not exist
 * ("The ECS default cluster (if it does not already exist) with Fargate capacity providers"), a task
 * definition (family = service name) with the container `Main` unless the request brings one, and a
 * Fargate service running `minTaskCount` tasks behind the service's HTTPS endpoint. The service is an
 * ordinary ECS service: DescribeServices, ListServices and the task calls see it.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html
 */
export function createExpressGatewayService(
  input: CreateExpressGatewayServiceRequest,
  ctx: OperationContext,
): CreateExpressGatewayServiceResponse {
  const infrastructureRoleArn = checkRoleArn(ctx, requiredString(input.infrastructureRoleArn, 'infrastructureRoleArn'));
  const clusterName = clusterNameOf(optionalString(input.cluster));
  const tags = optionalObjectList<Tag>(input.tags);
  const cfg = resolveExpressConfig(ctx, input);
  const serviceName = optionalString(input.serviceName) ?? generatedName(ctx, cfg.primaryContainer?.image ?? 'express');
  const existingCluster = ctx.store.clusters.get(clusterName);
  if (!existingCluster || existingCluster.status !== 'ACTIVE') {
    if (clusterName !== 'default') throw clusterNotFound();
    createCluster({ clusterName, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }, ctx);
  }
  const arn = serviceArn(ctx, clusterName, serviceName);
  const existing = ctx.store.services.get(arn);
  if (existing && serviceStatusAt(ctx, existing) !== 'INACTIVE') {
    // [GUESS] text.
    throw invalidParameter(`A service named ${serviceName} already exists in the cluster ${clusterName}.`);
  }
  const taskDefinitionArn =
    cfg.taskDefinitionArn ?? registerTaskDefinition(expressTaskDefinition(ctx, serviceName, cfg), ctx).taskDefinition!.taskDefinitionArn!;
  createService(
    {
      cluster: clusterName,
      serviceName,
      taskDefinition: taskDefinitionArn,
      desiredCount: cfg.scalingTarget.minTaskCount,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: cfg.networkConfiguration.subnets!,
          securityGroups: cfg.networkConfiguration.securityGroups,
          assignPublicIp: 'ENABLED',
        },
      },
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      tags,
    },
    ctx,
  );
  const record: ExpressServiceRecord = {
    serviceArn: arn,
    infrastructureRoleArn,
    configurations: [{ ...cfg, taskDefinitionArn, createdAt: ctx.now }],
    endpoint: expressEndpoint(ctx, serviceName, arn),
  };
  ctx.tx.set(ctx.store.expressServices, arn, record);
  return { service: renderExpressService(ctx, ctx.store.services.get(arn)!, record, tags !== undefined && tags.length > 0) };
}

/** "If you don't specify a service name, Amazon ECS generates a unique name": the image's name and 8 hex [GUESS]. */
function generatedName(ctx: OperationContext, image: string): string {
  const base = image.split('/').at(-1)!.split(/[:@]/)[0]!.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 200) || 'express';
  return `${base}-${ctx.ids.hex(8)}`;
}
