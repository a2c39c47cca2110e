import { RegisterTaskDefinitionCommand, type ContainerDefinition, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';

/** RegisterTaskDefinition of the smallest Fargate size (256 CPU units, 512 MiB, awsvpc); `extra` adds members. */
export function fargateTaskDefinition(
  family: string,
  containerDefinitions: ContainerDefinition[],
  extra: Partial<RegisterTaskDefinitionCommandInput> = {},
): RegisterTaskDefinitionCommand {
  return new RegisterTaskDefinitionCommand({
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions,
    ...extra,
  });
}
