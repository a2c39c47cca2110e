import type { Principal } from '../call-record.js';

/**
 * The `userIdentity` element for a principal, in the field order of real records.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
export function userIdentity(p: Principal): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: p.type,
    principalId: p.principalId,
    arn: p.arn,
    accountId: p.accountId,
    accessKeyId: p.accessKeyId,
  };
  if (p.type === 'IAMUser' && p.userName) out.userName = p.userName;
  if (p.session) {
    const s = p.session;
    out.sessionContext = {
      sessionIssuer: s.issuer
        ? {
            type: s.issuer.type,
            principalId: s.issuer.principalId,
            arn: s.issuer.arn,
            accountId: s.issuer.accountId,
            userName: s.issuer.userName,
          }
        : {},
      webIdFederationData: {},
      attributes: { creationDate: s.creationDate, mfaAuthenticated: s.mfaAuthenticated ? 'true' : 'false' },
    };
  }
  if (p.invokedBy) out.invokedBy = p.invokedBy;
  return out;
}
