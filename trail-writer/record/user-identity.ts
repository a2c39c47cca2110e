import type { Principal } from '../call-record.js';
import { markShared } from './json-text.js';

interface Cached {
  type: Principal['type'];
  principalId: string;
  arn: string;
  accountId: string;
  accessKeyId: string;
  userName: string | undefined;
  identityProvider: string | undefined;
  session: Principal['session'];
  invokedBy: string | undefined;
  identity: Record<string, unknown>;
}

/**
 * One element per principal: a busy trail repeats a handful of identities, and the serializer keeps
 * each one's JSON by object, so sharing the object lets every record reuse that text.
 */
const cache = new WeakMap<Principal, Cached>();

/**
 * The `userIdentity` element for a principal, in the field order of real records. The object is
 * shared between the records of one principal: treat it as read-only.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
export function userIdentity(p: Principal): Record<string, unknown> {
  const c = cache.get(p);
  // A principal object changed since (a renamed session, say) gets a fresh element.
  if (
    c &&
    c.type === p.type &&
    c.principalId === p.principalId &&
    c.arn === p.arn &&
    c.accountId === p.accountId &&
    c.accessKeyId === p.accessKeyId &&
    c.userName === p.userName &&
    c.identityProvider === p.identityProvider &&
    c.session === p.session &&
    c.invokedBy === p.invokedBy
  ) {
    return c.identity;
  }
  const identity = markShared(buildUserIdentity(p));
  cache.set(p, {
    type: p.type,
    principalId: p.principalId,
    arn: p.arn,
    accountId: p.accountId,
    accessKeyId: p.accessKeyId,
    userName: p.userName,
    identityProvider: p.identityProvider,
    session: p.session,
    invokedBy: p.invokedBy,
    identity,
  });
  return identity;
}

type Session = NonNullable<Principal['session']>;

/** `sessionContext.sessionIssuer`: the role (or user) whose session this is, members in CloudTrail's order. */
function sessionIssuerOf(issuer: NonNullable<Session['issuer']>): Record<string, unknown> {
  return { type: issuer.type, principalId: issuer.principalId, arn: issuer.arn, accountId: issuer.accountId, userName: issuer.userName };
}

/** `sessionContext.attributes`: CloudTrail writes mfaAuthenticated as the text "true" or "false". */
function sessionAttributesOf(s: Session): Record<string, unknown> {
  return { creationDate: s.creationDate, mfaAuthenticated: s.mfaAuthenticated ? 'true' : 'false' };
}

function buildUserIdentity(p: Principal): Record<string, unknown> {
  if (p.type === 'AWSService') {
    // An AWS service with its own credentials: only the type and the service, as in real records of
    // ECS assuming a task's roles (2018 flaws2 log file: `{"type":"AWSService","invokedBy":"ecs-tasks.amazonaws.com"}`)
    // and of Resource Explorer assuming its service-linked role (2023 log file, eventVersion 1.08).
    return { type: p.type, invokedBy: p.invokedBy };
  }
  if (p.type === 'WebIdentityUser') {
    // The AssumeRoleWithWebIdentity call itself: no ARN, account or key, only who the token names. Real
    // 2023 record (AccessDenied, EKS service account): type, principalId `<provider ARN>:<aud>:<sub>`,
    // userName `<sub>`, identityProvider `<provider ARN>`; the IAM user guide's 2024 example agrees.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailexample_web-identity
    return { type: p.type, principalId: p.principalId, userName: p.userName, identityProvider: p.identityProvider };
  }
  const out: Record<string, unknown> = {
    type: p.type,
    principalId: p.principalId,
    arn: p.arn,
    accountId: p.accountId,
    accessKeyId: p.accessKeyId,
  };
  if (p.type === 'IAMUser' && p.userName) out.userName = p.userName;
  if (p.session?.forwarded && !p.session.issuer) {
    // Forward access sessions (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html):
    // a real 2024 record of CloudFormation acting for an IAM user (connect CreateContactFlowModule) has
    // an ASIA key, the user's name, `"sessionContext":{"attributes":{…}}` with no issuer, then invokedBy.
    const s = p.session;
    out.sessionContext = { attributes: sessionAttributesOf(s) };
  } else if (p.session?.serviceLinked && p.session.issuer) {
    // A service-linked role's session: real 2026 records of AWSServiceRoleForAutoScaling sessions
    // (RunInstances, DescribeLaunchTemplateVersions, eventVersion 1.11) have sessionIssuer and
    // attributes only, then invokedBy.
    const s = p.session;
    out.sessionContext = { sessionIssuer: sessionIssuerOf(s.issuer!), attributes: sessionAttributesOf(s) };
  } else if (p.session?.ec2RoleDelivery && p.session.issuer) {
    // An instance profile session: a real 2025 record of an ECS container instance's role (Black Hat
    // USA 2025, "ECScape") has sessionIssuer, attributes and ec2RoleDelivery, and no webIdFederationData.
    const s = p.session;
    out.sessionContext = { sessionIssuer: sessionIssuerOf(s.issuer!), attributes: sessionAttributesOf(s), ec2RoleDelivery: s.ec2RoleDelivery };
  } else if (p.session) {
    const s = p.session;
    const context: Record<string, unknown> = {
      sessionIssuer: s.issuer ? sessionIssuerOf(s.issuer) : {},
      // A web identity session names its OIDC provider (real 2023 record of an EKS service account's
      // session: `"webIdFederationData":{"federatedProvider":"arn:aws:iam::…:oidc-provider/…","attributes":{}}`
      // between sessionIssuer and attributes).
      webIdFederationData: s.webIdentityProvider ? { federatedProvider: s.webIdentityProvider, attributes: {} } : {},
      attributes: sessionAttributesOf(s),
    };
    // Last in sessionContext, as in the IAM user guide's role-chaining example.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailexample-assumerole
    if (s.sourceIdentity !== undefined) context.sourceIdentity = s.sourceIdentity;
    out.sessionContext = context;
  }
  if (p.invokedBy) out.invokedBy = p.invokedBy;
  return out;
}
