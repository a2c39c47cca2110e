import type { IdSource, TaskLifecycleFact, LoadBalancerTarget } from '../../emulator/index.js';
import { isReadOnlyEvent, STS_EVENT_SOURCE, type CallRecord, type Principal } from '../../trail-writer/index.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { roleIdOf } from '../identity/principals.js';
import {
  derivedHex,
  ECS_SERVICE,
  ECS_SLR_NAME,
  ECS_SLR_PATH,
  ecsServiceLinkedRoleArn,
  iamRegionOf,
  partitionOf,
  type ServiceSession,
} from './service-identities.js';

/*
 * The records AWS writes in the customer's trail when ECS works for a task, built from neutral facts.
 * Sources and what is inferred: docs/service-side-events.md (the section named at each builder).
 * Callers that are AWS services carry no tlsDetails and show the service's name as sourceIPAddress
 * and userAgent (record-contents page; build-record.ts applies both for any principal with invokedBy).
 */

export const EC2_EVENT_SOURCE = 'ec2.amazonaws.com';
export const ELB_EVENT_SOURCE = 'elasticloadbalancing.amazonaws.com';
export const IAM_EVENT_SOURCE = 'iam.amazonaws.com';

type Json = Record<string, unknown>;

function record(
  ids: IdSource,
  at: number,
  principal: Principal,
  eventSource: string,
  eventName: string,
  region: string,
  params: Json,
  response: unknown,
  extra?: { requestId?: string; sharedEventId?: string },
): CallRecord {
  const service = principal.invokedBy ?? '';
  return {
    eventTime: at,
    eventSource,
    eventName,
    awsRegion: region,
    principal,
    sourceIPAddress: service,
    userAgent: service,
    requestParameters: params,
    response,
    requestId: extra?.requestId ?? ids.uuid(),
    eventId: ids.uuid(),
    readOnly: isReadOnlyEvent(eventSource, eventName),
    sharedEventId: extra?.sharedEventId,
  };
}

/**
 * ECS (`ecs-tasks.amazonaws.com`) assumes a task's task role or execution role; the session is named
 * after the task id. Fields as the two real records of the flaws2 log file (2018): AWSService caller,
 * `requestParameters` roleArn and roleSessionName (members in the order of 2023+ records of AWS
 * services assuming roles), `responseElements.credentials` only (no assumedRoleUser), the role as
 * `resources`, and a `sharedEventID`. docs/service-side-events.md §2.
 */
export function taskRoleAssumed(ids: IdSource, caller: Principal, region: string, session: ServiceSession): CallRecord {
  return record(
    ids,
    session.assumedAt,
    caller,
    STS_EVENT_SOURCE,
    'AssumeRole',
    region,
    { roleArn: session.roleArn, roleSessionName: session.sessionName },
    { credentials: { accessKeyId: session.accessKeyId, sessionToken: session.sessionToken, expiration: new Date(session.expiresAt) } },
    { sharedEventId: ids.uuid() },
  );
}

/**
 * ECS (`ecs.amazonaws.com`) assumes its service-linked role before calling EC2 or Elastic Load
 * Balancing. Shape of the real 2023 record of Resource Explorer assuming its own service-linked role
 * (roleArn, roleSessionName, durationSeconds 3600; credentials and assumedRoleUser; resources;
 * sharedEventID). For ECS an inference by analogy (docs/service-side-events.md §4).
 */
export function serviceLinkedRoleAssumed(ids: IdSource, caller: Principal, region: string, session: ServiceSession): CallRecord {
  return record(
    ids,
    session.assumedAt,
    caller,
    STS_EVENT_SOURCE,
    'AssumeRole',
    region,
    { roleArn: session.roleArn, roleSessionName: session.sessionName, durationSeconds: Math.round((session.expiresAt - session.createdAt) / 1000) },
    {
      credentials: { accessKeyId: session.accessKeyId, sessionToken: session.sessionToken, expiration: new Date(session.expiresAt) },
      assumedRoleUser: { assumedRoleId: session.principal.principalId, arn: session.principal.arn },
    },
    { sharedEventId: ids.uuid() },
  );
}

/**
 * The Fargate account that owns task interfaces in us-east-1 (`RequesterId` of Fargate ENIs in
 * DescribeNetworkInterfaces output quoted in public test fixtures). [INFER] for other regions, where no
 * value was found.
 */
const FARGATE_REQUESTER_ID = '578734482556';

/**
 * ECS's service-linked role session `ecs-eni-provisioning` creates an awsvpc task's interface while the
 * task is PROVISIONING (a real 2025 record after RunTask shows the type and session name; the members
 * follow AWS's documented CreateNetworkInterface record of a service-linked role, EFS's user guide).
 * The description names the task's attachment; the VPC and default security group are derived from the
 * subnet [INFER]. docs/service-side-events.md §4.
 */
export function networkInterfaceCreated(ids: IdSource, at: number, session: ServiceSession, fact: TaskLifecycleFact, fargate: boolean): CallRecord {
  const eni = fact.networkInterface!;
  const vpcId = `vpc-${derivedHex(`${fact.accountId}/${eni.subnetId}`, 17)}`;
  const description = `arn:${partitionOf(fact.region)}:ecs:${fact.region}:${fact.accountId}:attachment/${eni.attachmentId}`;
  const groups = eni.securityGroups.length
    ? eni.securityGroups.map((groupId) => ({ groupId }))
    : [{ groupId: `sg-${derivedHex(`${vpcId}/default`, 17)}`, groupName: 'default' }];
  const requestId = ids.uuid();
  return record(
    ids,
    at,
    session.principal,
    EC2_EVENT_SOURCE,
    'CreateNetworkInterface',
    fact.region,
    {
      subnetId: eni.subnetId,
      description,
      groupSet: eni.securityGroups.length ? { items: eni.securityGroups.map((groupId) => ({ groupId })) } : {},
      privateIpAddressesSet: {},
    },
    {
      requestId,
      networkInterface: {
        networkInterfaceId: eni.networkInterfaceId,
        subnetId: eni.subnetId,
        vpcId,
        availabilityZone: eni.availabilityZone,
        description,
        ownerId: fact.accountId,
        requesterId: fargate ? FARGATE_REQUESTER_ID : fact.accountId,
        requesterManaged: fargate,
        status: 'pending',
        macAddress: eni.macAddress,
        privateIpAddress: eni.privateIpAddress,
        privateDnsName: eni.privateDnsName,
        sourceDestCheck: true,
        groupSet: { items: groups },
        privateIpAddressesSet: { item: [{ privateIpAddress: eni.privateIpAddress, primary: true }] },
        tagSet: {},
      },
    },
    { requestId },
  );
}

/**
 * The same session deletes the interface when the task is DEPROVISIONING (task lifecycle page: "the
 * elastic network interface needs to be detached and deleted"); EC2's boolean answer as real EC2
 * records show it (`{"requestId":…,"_return":true}`). [INFER] docs/service-side-events.md §4.
 */
export function networkInterfaceDeleted(ids: IdSource, at: number, session: ServiceSession, fact: TaskLifecycleFact): CallRecord {
  const requestId = ids.uuid();
  return record(
    ids,
    at,
    session.principal,
    EC2_EVENT_SOURCE,
    'DeleteNetworkInterface',
    fact.region,
    { networkInterfaceId: fact.networkInterface!.networkInterfaceId },
    { requestId, _return: true },
    { requestId },
  );
}

/**
 * The service scheduler (`AWSServiceRoleForECS/ecs-service-scheduler`, sourceIPAddress and userAgent
 * `ecs.amazonaws.com`: ECS best-practices guide's record) registers a service's task with a target
 * group (ACTIVATING) and deregisters it (DEACTIVATING). Members as the ELBv2 API's, first letter lower
 * case; Elastic Load Balancing returns nothing to record [INFER]. docs/service-side-events.md §5.
 */
export function targetsChanged(
  ids: IdSource,
  at: number,
  session: ServiceSession,
  region: string,
  eventName: 'RegisterTargets' | 'DeregisterTargets',
  targetGroupArn: string,
  targets: readonly LoadBalancerTarget[],
): CallRecord {
  return record(ids, at, session.principal, ELB_EVENT_SOURCE, eventName, region, {
    targetGroupArn,
    targets: targets.map((t) => ({ id: t.id, port: t.port })),
  }, undefined);
}

/**
 * The caller as ECS acts for it with credentials made from the caller's own (forward access sessions):
 * the same identity with `invokedBy`; a caller with long-term keys gets a sessionContext of attributes
 * only, as CloudFormation acting for an IAM user shows it (user-identity.ts). [INFER] for ECS.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
 */
function forwardedBy(caller: Principal, at: number): Principal {
  const session = caller.session ?? { creationDate: isoSeconds(Math.floor(at / 1000) * 1000), mfaAuthenticated: false, forwarded: true };
  return { ...caller, session, invokedBy: ECS_SERVICE };
}

/**
 * ECS creating its service-linked role the first time an account needs it: the caller's own identity
 * with `invokedBy` ECS, recorded in IAM's region. Fields as a real 2025 record of Resource Explorer
 * doing the same (`aWSServiceName`; `role` path, roleName, roleId, arn, createDate, URL-encoded trust
 * policy). docs/service-side-events.md §6.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html
 */
export function serviceLinkedRoleCreated(ids: IdSource, at: number, caller: Principal, region: string): CallRecord {
  const accountId = caller.accountId;
  const trust = `{"Version": "2012-10-17", "Statement": [{"Action": ["sts:AssumeRole"], "Effect": "Allow", "Principal": {"Service": ["${ECS_SERVICE}"]}}]}`;
  return record(
    ids,
    at,
    forwardedBy(caller, at),
    IAM_EVENT_SOURCE,
    'CreateServiceLinkedRole',
    iamRegionOf(region),
    { aWSServiceName: ECS_SERVICE },
    {
      role: {
        path: `/${ECS_SLR_PATH.slice(0, -ECS_SLR_NAME.length)}`,
        roleName: ECS_SLR_NAME,
        roleId: roleIdOf(accountId, ECS_SLR_PATH),
        arn: ecsServiceLinkedRoleArn(accountId, region),
        createDate: new Date(Math.floor(at / 1000) * 1000),
        assumeRolePolicyDocument: encodeURIComponent(trust),
      },
    },
  );
}
