import { createHash } from 'node:crypto';
import type { Principal } from '../../trail-writer/index.js';
import type { ServiceSession } from '../service-events/service-identities.js';
import type { Actor } from './actors.js';
import type { Random } from './random.js';

/**
 * Callers of a step other than a scenario actor, shaped as actors so a call is made and recorded the
 * same way whoever makes it: code inside a task with its task role's session, and whoever holds the
 * temporary credentials an earlier STS step obtained.
 */

/**
 * botocore as a task's code calls: the SDK adds `exec-env/` and the AWS_EXECUTION_ENV ECS sets in the
 * task (`AWS_ECS_FARGATE`, `AWS_ECS_EC2`), as real records of task role sessions show
 * (e.g. `Boto3/1.14.33 … exec-env/AWS_ECS_FARGATE Botocore/1.17.33`; 2023–2025 records of other SDKs
 * carry the same token).
 */
function taskUserAgent(fargate: boolean): string {
  return `Boto3/1.39.4 md/Botocore#1.39.4 ua/2.1 os/linux#5.10.240-238.955.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.11 md/pyimpl#CPython exec-env/${fargate ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2'} m/Z,b cfg/retry-mode#legacy Botocore/1.39.4`;
}

/**
 * Where a task's calls come from: its NAT gateway's (or public) address. [INFER] one stable address per
 * cluster, in the documentation ranges (RFC 5737), as the scenario's actors get.
 */
function egressAddress(clusterArn: string): string {
  const h = createHash('sha256').update(`egress:${clusterArn}`).digest();
  const net = ['192.0.2', '198.51.100', '203.0.113'][h[0]! % 3]!;
  return `${net}.${1 + (h[1]! % 254)}`;
}

const NO_DENY: ReadonlySet<string> = new Set();

/** Code inside a task: its task role's session (session name = task id; the key of ECS's AssumeRole). */
export function taskCaller(taskArn: string, session: ServiceSession, o: { fargate: boolean; clusterArn: string; region: string }): Actor {
  const address = egressAddress(o.clusterArn);
  const agent = taskUserAgent(o.fargate);
  return fixedCaller(`task ${taskArn.split('/').at(-1)}`, session.principal, [o.region], NO_DENY, () => address, () => agent);
}

/** Whoever holds credentials an earlier step obtained: the same address and client as the step's caller. */
export function credentialsCaller(stepId: string, principal: Principal, issuer: Actor, deny: ReadonlySet<string>): Actor {
  return fixedCaller(`${issuer.name} (credentials of ${stepId})`, principal, issuer.regions, deny, (r) => issuer.sourceIp(r), (op) => issuer.userAgent(op));
}

/** A step's own userAgent / sourceIp over its caller's. */
export function withOverrides(actor: Actor, o: { userAgent?: string | undefined; sourceIp?: string | undefined }): Actor {
  if (o.userAgent === undefined && o.sourceIp === undefined) return actor;
  return {
    ...actor,
    sourceIp: o.sourceIp !== undefined ? () => o.sourceIp! : actor.sourceIp,
    userAgent: o.userAgent !== undefined ? () => o.userAgent! : actor.userAgent,
  };
}

function fixedCaller(
  name: string,
  principal: Principal,
  regions: readonly string[],
  deny: ReadonlySet<string>,
  sourceIp: (r: Random) => string,
  userAgent: (operation: string) => string,
): Actor {
  return { name, principal, principalAt: () => principal, regions, deny, spec: {}, sourceIp, userAgent, activityAt: () => 1 };
}
