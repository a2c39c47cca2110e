import { createHash } from 'node:crypto';
import type { IdSource } from '../../emulator/index.js';
import type { Principal } from '../../trail-writer/index.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { assumedRolePrincipal, awsServicePrincipal, roleArnOf } from '../identity/principals.js';
import { parseRoleArn } from '../identity/role-registry.js';
import { temporaryKeys } from '../services/sts/credentials.js';

/** The service principals that act in the customer's account for ECS (the names their records show). */
export const ECS_SERVICE = 'ecs.amazonaws.com';
export const ECS_TASKS_SERVICE = 'ecs-tasks.amazonaws.com';

/**
 * ECS's service-linked role, trusted by `ecs.amazonaws.com`, with its fixed path.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html
 */
export const ECS_SLR_NAME = 'AWSServiceRoleForECS';
export const ECS_SLR_PATH = `aws-service-role/${ECS_SERVICE}/${ECS_SLR_NAME}`;

/**
 * Temporary credentials a service obtained with AssumeRole: the key its later calls carry, and when
 * the session began (the AssumeRole record's eventTime, the later records' `creationDate`).
 */
export interface ServiceSession {
  principal: Principal;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  sessionName: string;
  /** When the AssumeRole happened (its record's eventTime). */
  assumedAt: number;
  /** The same, in the whole seconds STS dates sessions with (`creationDate`). */
  createdAt: number;
  expiresAt: number;
}

/** A new session of `roleArn` named `sessionName`, made at `at` (whole seconds, as STS dates them). */
export function newServiceSession(ids: IdSource, roleArn: string, sessionName: string, at: number, durationMs: number): ServiceSession {
  const parsed = parseRoleArn(roleArn);
  const accountId = parsed?.accountId ?? '000000000000';
  const keys = temporaryKeys(ids, accountId);
  const createdAt = Math.floor(at / 1000) * 1000;
  const role = parsed?.role ?? { path: roleArn.split('/').slice(1).join('/') || 'unknown', name: roleArn.split('/').at(-1) || 'unknown' };
  const principal = assumedRolePrincipal({
    accountId,
    accessKeyId: keys.accessKeyId,
    role,
    sessionName,
    creationDate: isoSeconds(createdAt),
    mfaAuthenticated: false,
  });
  return { principal, ...keys, roleArn, sessionName, assumedAt: at, createdAt, expiresAt: createdAt + durationMs };
}

/** ECS assuming a role for a task or for itself: `{"type":"AWSService","invokedBy":…}` in the account. */
export const ecsTasksPrincipal = (accountId: string) => awsServicePrincipal(accountId, ECS_TASKS_SERVICE);
export const ecsPrincipal = (accountId: string) => awsServicePrincipal(accountId, ECS_SERVICE);

export function ecsServiceLinkedRoleArn(accountId: string, region: string): string {
  return roleArnOf(accountId, ECS_SLR_PATH).replace(/^arn:aws:/, `arn:${partitionOf(region)}:`);
}

/** The partition a region belongs to (ARNs of other partitions start `arn:aws-cn:`, `arn:aws-us-gov:`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * IAM's events are recorded in the partition's home region: "events created by CloudFront, IAM, and
 * AWS STS are recorded in … us-east-1" (the STS global endpoint aside).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 */
export function iamRegionOf(region: string): string {
  const partition = partitionOf(region);
  return partition === 'aws-cn' ? 'cn-north-1' : partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
}

/** A stable id of `length` hex characters for a name (a VPC of a subnet, its default security group). */
export function derivedHex(name: string, length: number): string {
  return createHash('sha256').update(name).digest('hex').slice(0, length);
}
