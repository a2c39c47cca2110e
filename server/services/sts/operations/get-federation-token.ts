import { federatedUserPrincipal } from '../../../identity/principals.js';
import { isSessionCaller, issueCredentials, packedPolicySize, type StsHandler } from '../credentials.js';
import { sessionCallerRefused } from '../sts-errors.js';
import { checkSessionPolicy } from './role-session.js';

/**
 * GetFederationToken: credentials for a federated user `arn:aws:sts::<account>:federated-user/<name>`
 * issued by an IAM user (a real 2024 record: principalId `<account>:<name>`, sessionIssuer the IAM
 * user, `readOnly: false`). DurationSeconds 900–129600, default 43200; an hour at most for root.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
export const getFederationToken: StsHandler = (input, ctx, deps) => {
  const caller = ctx.caller!;
  if (isSessionCaller(caller)) throw sessionCallerRefused('GetFederationToken');
  const p = caller.principal;
  const root = p.type === 'Root';
  const requested = typeof input.DurationSeconds === 'number' ? input.DurationSeconds : root ? 3600 : 43200;
  const policy = checkSessionPolicy(input.Policy);
  const name = input.Name as string;
  const { credentials, rollback } = issueCredentials(deps, ctx, {
    kind: 'federation',
    accountId: p.accountId,
    durationSeconds: root ? Math.min(requested, 3600) : requested,
    caller,
    principal: (accessKeyId, creationDate) => {
      const federated = federatedUserPrincipal({
        accountId: p.accountId,
        accessKeyId,
        name,
        issuerUserName: p.userName ?? p.accountId,
        issuerPrincipalId: p.principalId,
        creationDate,
        mfaAuthenticated: false,
      });
      // Root as issuer: [GUESS] the userName, as no record of a root-issued federation token was found.
      if (root) federated.session!.issuer = { type: 'Root', principalId: p.accountId, arn: p.arn, accountId: p.accountId, userName: p.accountId };
      return federated;
    },
  });
  const session = deps.sessions.get(credentials.AccessKeyId)!.identity.principal;
  return {
    output: {
      Credentials: credentials,
      FederatedUser: { FederatedUserId: session.principalId, Arn: session.arn },
      PackedPolicySize: packedPolicySize(policy, input.PolicyArns as unknown[] | undefined, input.Tags as unknown[] | undefined),
    },
    rollback,
  };
};
