import type { AgentUpdateStatus, VersionInfo } from '@aws-sdk/client-ecs';
import type { ContainerInstanceRecord } from './container-instance.js';

/**
 * The newest agent the emulator offers to UpdateContainerAgent, and what simulated instances run: a
 * real release, as an instance reports it (`Amazon ECS Agent - v1.67.1 (989593e9)` in a public
 * introspection output; Docker 20.10.17 shipped with it on the ECS-optimized Amazon Linux 2 AMI
 * 20221207, per the developer guide's "Linux container agent versions" table).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-versions.html
 */
export const LATEST_AGENT: Readonly<VersionInfo> = Object.freeze({
  agentVersion: '1.67.1',
  agentHash: '989593e9',
  dockerVersion: 'DockerVersion: 20.10.17',
});

/**
 * An agent update moves PENDING → STAGING → STAGED → UPDATING → UPDATED, one step a second of the
 * injected clock; the new version is reported once UPDATED.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
 */
const STEPS: readonly AgentUpdateStatus[] = ['PENDING', 'STAGING', 'STAGED', 'UPDATING', 'UPDATED'];
const STEP_MS = 1000;

export interface AgentUpdateState {
  status?: AgentUpdateStatus | undefined;
  versionInfo: VersionInfo;
  /** Version-counter steps the update has taken so far. */
  versionBump: number;
}

export function agentUpdateAt(ci: ContainerInstanceRecord, now: number): AgentUpdateState {
  const u = ci.agentUpdate;
  if (!u) return { versionInfo: ci.versionInfo, versionBump: 0 };
  const step = Math.min(STEPS.length - 1, Math.max(0, Math.floor((now - u.requestedAt) / STEP_MS)));
  const status = STEPS[step]!;
  return { status, versionInfo: status === 'UPDATED' ? u.to : ci.versionInfo, versionBump: step };
}

export function updateInFlight(ci: ContainerInstanceRecord, now: number): boolean {
  const s = agentUpdateAt(ci, now).status;
  return s !== undefined && s !== 'UPDATED';
}

/** Compare dotted versions ("1.9.0" < "1.67.1"). */
export function olderThan(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}
