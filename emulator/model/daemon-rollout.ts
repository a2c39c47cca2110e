import { createHash } from 'node:crypto';
import type { DaemonAlarmConfiguration, DaemonDeploymentConfiguration, DaemonPropagateTags } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import { daemonDeploymentArn, daemonRevisionArn, parseArn } from './arn.js';
import { deploymentAt } from './daemon-lifecycle.js';
import type { DaemonDeploymentRecord, DaemonRecord, DaemonRevisionRecord, DaemonTaskDefinitionRecord } from './daemon-state.js';
import { optionalBoolean, optionalEnum, optionalNumber, optionalObject, optionalInteger, optionalStringList } from './input-checks.js';

/** What CreateDaemon and UpdateDaemon configure, checked. */
export interface DaemonSettings {
  capacityProviderArns: string[];
  deploymentConfiguration: DaemonDeploymentConfiguration;
  propagateTags: DaemonPropagateTags;
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  critical: boolean;
}

/**
 * The request's daemon settings. Capacity providers must be ARNs of this account and Region; ECS runs
 * daemons only on Managed Instances capacity providers, which the emulator does not model, so their
 * kind is not checked. Texts are [GUESS]es in the form of the model's range checks.
 */
export function daemonSettings(
  ctx: OperationContext,
  input: {
    capacityProviderArns?: unknown;
    deploymentConfiguration?: unknown;
    propagateTags?: unknown;
    enableECSManagedTags?: unknown;
    enableExecuteCommand?: unknown;
    critical?: unknown;
  },
): DaemonSettings {
  const cps = optionalStringList(input.capacityProviderArns, 100) ?? [];
  if (cps.length === 0) throw invalidParameter('CapacityProviderArns can not be blank.');
  for (const arn of cps) {
    const p = parseArn(arn);
    if (!p || p.service !== 'ecs' || p.resourceType !== 'capacity-provider') {
      throw invalidParameter(`Invalid capacity provider ARN: ${arn}`);
    }
    if (p.region !== ctx.region || p.accountId !== ctx.accountId) {
      throw invalidParameter(`The capacity provider ${arn} is not in the Region and account of the daemon.`);
    }
  }
  const given = optionalObject<DaemonDeploymentConfiguration>(input.deploymentConfiguration) ?? {};
  const drainPercent = optionalNumber(given.drainPercent);
  if (drainPercent !== undefined && (drainPercent < 0 || drainPercent > 100)) {
    throw invalidParameter('drainPercent must be between 0 and 100');
  }
  const bake = optionalInteger(given.bakeTimeInMinutes) ?? 0;
  if (bake < 0 || bake > 1440) throw invalidParameter('bakeTimeInMinutes must be between 0 and 1440');
  const alarmsIn = optionalObject<DaemonAlarmConfiguration>(given.alarms);
  const alarms: DaemonAlarmConfiguration = {
    alarmNames: optionalStringList(alarmsIn?.alarmNames, 10) ?? [],
    enable: optionalBoolean(alarmsIn?.enable) ?? false,
  };
  // The API Reference example shows bakeTimeInMinutes, drainPercent and alarms {alarmNames, enable}.
  const deploymentConfiguration: DaemonDeploymentConfiguration = { alarms, bakeTimeInMinutes: bake };
  if (drainPercent !== undefined) deploymentConfiguration.drainPercent = drainPercent;
  return {
    capacityProviderArns: [...new Set(cps)],
    deploymentConfiguration,
    propagateTags: optionalEnum(input.propagateTags, 'propagateTags', ['DAEMON', 'NONE'] as const) ?? 'NONE',
    enableECSManagedTags: optionalBoolean(input.enableECSManagedTags) ?? false,
    enableExecuteCommand: optionalBoolean(input.enableExecuteCommand) ?? false,
    // "The default value is true." (CreateDaemon `critical`)
    critical: optionalBoolean(input.critical) ?? true,
  };
}

/** A stand-in image digest: stable for an image name, in the `sha256:<64 hex>` form ECS reports. */
const digestOf = (image: string) => `sha256:${createHash('sha256').update(image).digest('hex')}`;

/** A revision id: 19 digits, as in the API Reference's daemon-revision ARN. */
function revisionId(ctx: OperationContext): string {
  return (BigInt(`0x${ctx.ids.hex(16)}`) % 10n ** 19n).toString().padStart(19, '0');
}

export function newRevision(
  ctx: OperationContext,
  daemon: { arn: string; name: string; clusterName: string; clusterArn: string },
  td: DaemonTaskDefinitionRecord,
  settings: DaemonSettings,
): DaemonRevisionRecord {
  const revision: DaemonRevisionRecord = {
    arn: daemonRevisionArn(ctx, daemon.clusterName, daemon.name, revisionId(ctx)),
    clusterArn: daemon.clusterArn,
    daemonArn: daemon.arn,
    daemonTaskDefinitionArn: td.arn,
    createdAt: ctx.now,
    containerImages: (td.definition.containerDefinitions ?? []).map((c) => ({
      containerName: c.name,
      image: c.image,
      imageDigest: digestOf(c.image ?? ''),
    })),
    capacityProviderArns: settings.capacityProviderArns,
    propagateTags: settings.propagateTags,
    enableECSManagedTags: settings.enableECSManagedTags,
    enableExecuteCommand: settings.enableExecuteCommand,
    critical: settings.critical,
  };
  ctx.tx.set(ctx.store.daemons.revisions, revision.arn, revision);
  return revision;
}

/**
 * A new deployment of `daemon` (towards `target`, or removing the daemon when there is none). A
 * deployment still rolling out is replaced: it reads STOPPED from now on.
 */
export function newDeployment(
  ctx: OperationContext,
  daemon: Pick<DaemonRecord, 'arn' | 'name' | 'clusterName' | 'clusterArn'> & { deploymentArns?: readonly string[]; revisionArn?: string },
  target: DaemonRevisionRecord | undefined,
  deploymentConfiguration: DaemonDeploymentConfiguration,
): DaemonDeploymentRecord {
  const previous = daemon.deploymentArns?.[0] ? ctx.store.daemons.deployments.get(daemon.deploymentArns[0]) : undefined;
  if (previous) {
    const status = deploymentAt(ctx, previous).status;
    if (status === 'PENDING' || status === 'IN_PROGRESS') {
      ctx.tx.set(ctx.store.daemons.deployments, previous.arn, { ...previous, supersededAt: ctx.now });
    }
  }
  const deployment: DaemonDeploymentRecord = {
    arn: daemonDeploymentArn(ctx, daemon.clusterName, daemon.name, ctx.ids.alphanumeric(16)),
    daemonArn: daemon.arn,
    clusterArn: daemon.clusterArn,
    createdAt: ctx.now,
    targetRevisionArn: target?.arn,
    sourceRevisionArns: daemon.revisionArn ? [daemon.revisionArn] : [],
    deploymentConfiguration,
  };
  ctx.tx.set(ctx.store.daemons.deployments, deployment.arn, deployment);
  return deployment;
}
