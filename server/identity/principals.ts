import type { Principal } from '../../trail-writer/call-record.js';
import { awsId } from './aws-ids.js';

/**
 * The principals of temporary credentials, built in one place for the identities file and for the
 * sessions STS issues, so that a declared session and an issued one look alike in the trail.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */

/** `role/deploy` or `role/service-role/deploy` → its path-and-name and name. */
export interface RoleName {
  /** With its path, e.g. `service-role/deploy`. */
  path: string;
  name: string;
}

/** The unique id IAM gives a role (`AROA…`), encoding its account. */
export function roleIdOf(accountId: string, rolePath: string): string {
  return awsId('AROA', accountId, rolePath, 21);
}

export function roleArnOf(accountId: string, rolePath: string): string {
  return `arn:aws:iam::${accountId}:role/${rolePath}`;
}

export interface AssumedRoleArgs {
  accountId: string;
  accessKeyId: string;
  role: RoleName;
  roleId?: string | undefined;
  sessionName: string;
  creationDate: string;
  mfaAuthenticated: boolean;
  fromConsole?: boolean | undefined;
  sourceIdentity?: string | undefined;
  webIdentityProvider?: string | undefined;
}

/** Service-linked roles live under this path (IAM: "Service-linked roles"). */
export const SERVICE_LINKED_ROLE_PATH = 'aws-service-role/';

export function assumedRolePrincipal(a: AssumedRoleArgs): Principal {
  const roleId = a.roleId ?? roleIdOf(a.accountId, a.role.path);
  const serviceLinked = a.role.path.startsWith(SERVICE_LINKED_ROLE_PATH) || undefined;
  return {
    type: 'AssumedRole',
    accountId: a.accountId,
    accessKeyId: a.accessKeyId,
    principalId: `${roleId}:${a.sessionName}`,
    arn: `arn:aws:sts::${a.accountId}:assumed-role/${a.role.name}/${a.sessionName}`,
    session: {
      creationDate: a.creationDate,
      mfaAuthenticated: a.mfaAuthenticated,
      fromConsole: a.fromConsole,
      issuer: { type: 'Role', principalId: roleId, arn: roleArnOf(a.accountId, a.role.path), accountId: a.accountId, userName: a.role.name },
      webIdentityProvider: a.webIdentityProvider,
      sourceIdentity: a.sourceIdentity,
      serviceLinked,
    },
  };
}

/**
 * An AWS service calling with its own credentials in an account (ECS assuming a task's role): the
 * record names only the service (userIdentity `{"type":"AWSService","invokedBy":…}`) and is delivered
 * to `accountId`.
 */
export function awsServicePrincipal(accountId: string, service: string): Principal {
  return { type: 'AWSService', accountId, accessKeyId: '', principalId: '', arn: '', invokedBy: service };
}

export interface FederatedUserArgs {
  accountId: string;
  accessKeyId: string;
  name: string;
  /** The IAM user that called GetFederationToken. */
  issuerUserName: string;
  issuerPrincipalId?: string | undefined;
  creationDate: string;
  mfaAuthenticated: boolean;
}

/** Real 2024 record (Stratus Red Team): principalId `<account>:<name>`, issuer of type IAMUser. */
export function federatedUserPrincipal(a: FederatedUserArgs): Principal {
  const issuerId = a.issuerPrincipalId ?? awsId('AIDA', a.accountId, a.issuerUserName, 21);
  return {
    type: 'FederatedUser',
    accountId: a.accountId,
    accessKeyId: a.accessKeyId,
    principalId: `${a.accountId}:${a.name}`,
    arn: `arn:aws:sts::${a.accountId}:federated-user/${a.name}`,
    session: {
      creationDate: a.creationDate,
      mfaAuthenticated: a.mfaAuthenticated,
      issuer: { type: 'IAMUser', principalId: issuerId, arn: `arn:aws:iam::${a.accountId}:user/${a.issuerUserName}`, accountId: a.accountId, userName: a.issuerUserName },
    },
  };
}

/**
 * The same user or root with session credentials (GetSessionToken): the IAM user guide says later
 * calls show the user's own identity; real records of such sessions (2020–2022) have the `ASIA…` key and
 * `"sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{…}}`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_signin-tempcreds
 */
export function sessionOfPrincipal(base: Principal, accessKeyId: string, creationDate: string, mfaAuthenticated: boolean): Principal {
  return { ...base, accessKeyId, invokedBy: undefined, session: { creationDate, mfaAuthenticated } };
}

/**
 * The caller of AssumeRoleWithWebIdentity: principalId `<provider ARN>:<audience>:<subject>`, userName
 * the subject, identityProvider the provider ARN (real 2023 record; IAM user guide 2024 example). The
 * account is the role's: the record is delivered there.
 */
export function webIdentityUserPrincipal(accountId: string, providerArn: string, audience: string, subject: string): Principal {
  return {
    type: 'WebIdentityUser',
    accountId,
    accessKeyId: '',
    principalId: `${providerArn}:${audience}:${subject}`,
    arn: '',
    userName: subject,
    identityProvider: providerArn,
  };
}
