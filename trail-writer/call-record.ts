/**
 * The contract between the server and the trail: one finished API call, success or failure, in
 * neutral terms. The trail writer turns it into a CloudTrail record; nothing here is ECS-specific.
 */

/**
 * Who made a call, as the identity registry resolved it from the access key (or, for the unsigned STS
 * AssumeRoleWithWebIdentity, from the web identity token).
 */
export interface Principal {
  /**
   * `AWSService`: an AWS service calling with its own credentials (it assumes a role for a task, say);
   * its userIdentity is only the type and `invokedBy`.
   */
  type: 'IAMUser' | 'AssumedRole' | 'Root' | 'FederatedUser' | 'WebIdentityUser' | 'AWSService';
  /** The account the call is delivered to (`recipientAccountId`); for a WebIdentityUser, the role's account. */
  accountId: string;
  /** The key the call was signed with, exactly as sent; empty for unsigned calls. */
  accessKeyId: string;
  /**
   * `AIDA…` (user), `AROA…:<session>` (assumed role), the account id (root), `<account>:<name>`
   * (federated), `<provider>:<audience>:<subject>` (web identity).
   */
  principalId: string;
  /** Empty for a WebIdentityUser, whose userIdentity has no ARN. */
  arn: string;
  /** IAM user name (IAMUser); the token's subject (WebIdentityUser). */
  userName?: string | undefined;
  /** WebIdentityUser: the IAM OIDC provider's ARN. */
  identityProvider?: string | undefined;
  /** Temporary credentials: the session and who issued it (AssumedRole, FederatedUser, console users). */
  session?: PrincipalSession | undefined;
  /** An AWS service acting for the principal, e.g. `cloudformation.amazonaws.com`. */
  invokedBy?: string | undefined;
}

export interface PrincipalSession {
  /** ISO time the session was created, e.g. `2025-10-27T00:00:52Z`. */
  creationDate: string;
  mfaAuthenticated: boolean;
  issuer?: {
    type: 'Role' | 'IAMUser' | 'Root';
    principalId: string;
    arn: string;
    accountId: string;
    userName: string;
  } | undefined;
  /** A session from AssumeRoleWithWebIdentity: the IAM OIDC provider's ARN (`webIdFederationData`). */
  webIdentityProvider?: string | undefined;
  /** The source identity set when the role was assumed (it follows role chaining). */
  sourceIdentity?: string | undefined;
  /** Console sign-in: the record gets `sessionCredentialFromConsole: "true"`. */
  fromConsole?: boolean | undefined;
  /**
   * Role credentials an EC2 instance got from its instance metadata service ("1.0" IMDSv1, "2.0"
   * IMDSv2): the record's sessionContext carries `ec2RoleDelivery` (userIdentity page).
   */
  ec2RoleDelivery?: '1.0' | '2.0' | undefined;
  /**
   * Credentials an AWS service made from the principal's own to act for it (forward access sessions,
   * e.g. CloudFormation for an IAM user): the record's sessionContext holds only the attributes.
   */
  forwarded?: boolean | undefined;
  /**
   * A session of a service-linked role (`role/aws-service-role/…`), which only its service assumes:
   * the record's sessionContext has sessionIssuer and attributes, no webIdFederationData.
   */
  serviceLinked?: boolean | undefined;
}

export interface TlsDetails {
  tlsVersion: string;
  cipherSuite: string;
  clientProvidedHostHeader: string;
}

export interface CallRecord {
  /** When the call completed, ms since the epoch (injected clock). */
  eventTime: number;
  /** e.g. `ecs.amazonaws.com` */
  eventSource: string;
  /** The operation, e.g. `RunTask`. */
  eventName: string;
  awsRegion: string;
  principal: Principal;
  sourceIPAddress: string;
  userAgent: string;
  /** The request body as the caller sent it (parsed JSON), or null for an empty request. */
  requestParameters: Record<string, unknown> | null;
  /** The response body as returned (Dates allowed), absent on failure. */
  response?: unknown;
  error?: { code: string; message: string } | undefined;
  /** = the `x-amzn-RequestId` the caller got. */
  requestId: string;
  /** A UUID made for the record. */
  eventId: string;
  readOnly: boolean;
  tlsDetails?: TlsDetails | undefined;
  /** The call came through an interface VPC endpoint: the record names it and its owner. */
  vpcEndpoint?: { id: string; accountId: string } | undefined;
  /**
   * CloudTrail's id shared by the copies of one event delivered to several accounts: records of an AWS
   * service assuming a role in the customer's account carry one (the service's account gets a copy).
   */
  sharedEventId?: string | undefined;
}
