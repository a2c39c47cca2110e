import type {
  DaemonContainerDefinition,
  DaemonTaskDefinition,
  RegisterDaemonTaskDefinitionRequest,
  RegisterDaemonTaskDefinitionResponse,
  Tag,
} from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { clientException } from '../../errors.js';
import { daemonTaskDefinitionArn } from '../../model/arn.js';
import { DAEMON_FAMILY_RE } from '../../model/daemon-task-definition.js';
import type { DaemonTaskDefinitionRecord } from '../../model/daemon-state.js';
import { optionalObjectList, optionalString } from '../../model/input-checks.js';
import { mergeTags, validateTags } from '../../model/tags.js';

const NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;

/**
 * Registers the next revision of a daemon task definition family. Its content is checked the way
 * RegisterTaskDefinition checks a task definition's, with the same ClientException sentences
 * (docs/ecs-error-messages.md §7, [REAL] there, applied to daemons [INFER]); the stored definition
 * adds what DescribeDaemonTaskDefinition shows (the API Reference example: `essential`, empty
 * `mountPoints`, `secrets` and `volumes`, `registeredAt`, `registeredBy`).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterDaemonTaskDefinition.html
 */
export function registerDaemonTaskDefinition(
  input: RegisterDaemonTaskDefinitionRequest,
  ctx: OperationContext,
): RegisterDaemonTaskDefinitionResponse {
  const family = optionalString(input.family);
  if (!family) throw clientException('Family can not be blank.');
  if (!DAEMON_FAMILY_RE.test(family)) throw clientException('Family contains invalid characters.');
  const containers = optionalObjectList<DaemonContainerDefinition>(input.containerDefinitions) ?? [];
  if (containers.length === 0) throw clientException('Container list cannot be empty.');
  for (const c of containers) {
    const image = optionalString(c.image);
    if (!image) throw clientException('Container.image should not be null or empty.');
    const name = optionalString(c.name);
    if (name !== undefined && !NAME_RE.test(name)) throw clientException('Container.name contains invalid characters.');
  }
  const tags = optionalObjectList<Tag>(input.tags);
  validateTags(tags);
  const revisions = ctx.store.daemons.taskDefinitions.get(family) ?? [];
  const revision = revisions.length + 1;
  const arn = daemonTaskDefinitionArn(ctx, family, revision);
  const definition: Omit<DaemonTaskDefinition, 'status' | 'deleteRequestedAt'> = {
    daemonTaskDefinitionArn: arn,
    family,
    revision,
    taskRoleArn: input.taskRoleArn,
    executionRoleArn: input.executionRoleArn,
    containerDefinitions: containers.map((c) => ({
      ...c,
      essential: c.essential ?? true,
      mountPoints: c.mountPoints ?? [],
      secrets: c.secrets ?? [],
    })),
    volumes: input.volumes ?? [],
    cpu: input.cpu,
    memory: input.memory,
    registeredAt: new Date(ctx.now),
    registeredBy: ctx.principalArn,
    pidMode: input.pidMode,
    ipcMode: input.ipcMode,
  };
  for (const key of Object.keys(definition) as (keyof typeof definition)[]) {
    if (definition[key] === undefined) delete definition[key];
  }
  const record: DaemonTaskDefinitionRecord = { definition, family, revision, arn };
  ctx.tx.set(ctx.store.daemons.taskDefinitions, family, [...revisions, record]);
  mergeTags(ctx, arn, tags);
  return { daemonTaskDefinitionArn: arn };
}
