import { assumedRolePrincipal } from '../../../identity/principals.js';
import { parseRoleArn, trusts } from '../../../identity/role-registry.js';
import { issueCredentials, packedPolicySize, type StsHandler } from '../credentials.js';
import { notAuthorized } from '../sts-errors.js';
import { checkSessionPolicy, roleSessionSeconds } from './role-session.js';

/**
 * AssumeRole: temporary credentials for a role session, attributed in later calls to
 * `arn:aws:sts::<account>:assumed-role/<role>/<session>`. The role must trust the caller: a role the
 * identities file declares names who it trusts (or, by default, its own account); a role nobody
 * declared trusts its own account in lenient mode and nobody in strict mode. A source identity or MFA
 * given (or carried by the calling session) stays with the new session.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export const assumeRole: StsHandler = (input, ctx, deps) => {
  const caller = ctx.caller!;
  const roleArn = input.RoleArn as string;
  const parsed = parseRoleArn(roleArn);
  const declared = deps.roles.role(roleArn);
  // A malformed or unknown role reads as a denial (99designs/aws-vault#668: a typo in the ARN gave
  // "User: … is not authorized to perform: sts:AssumeRole on resource: arn:…").
  if (!parsed || (deps.strict && !declared) || !trusts(declared ?? { accountId: parsed.accountId }, caller.principal)) {
    throw notAuthorized(caller.principal.arn, 'sts:AssumeRole', roleArn);
  }
  const chained = caller.principal.type === 'AssumedRole';
  const seconds = roleSessionSeconds(input.DurationSeconds, declared, chained);
  const policy = checkSessionPolicy(input.Policy);
  const sessionName = input.RoleSessionName as string;
  const sourceIdentity = caller.principal.session?.sourceIdentity ?? (input.SourceIdentity as string | undefined);
  const mfa = (input.SerialNumber !== undefined && input.TokenCode !== undefined) || caller.principal.session?.mfaAuthenticated === true;
  const { credentials, rollback } = issueCredentials(deps, ctx, {
    kind: 'role',
    accountId: parsed.accountId,
    durationSeconds: seconds,
    caller,
    principal: (accessKeyId, creationDate) =>
      assumedRolePrincipal({
        accountId: parsed.accountId,
        accessKeyId,
        role: parsed.role,
        roleId: declared?.roleId,
        sessionName,
        creationDate,
        mfaAuthenticated: mfa,
        sourceIdentity,
      }),
  });
  const session = deps.sessions.get(credentials.AccessKeyId)!.identity.principal;
  return {
    // The STS API Reference's example answer lists SourceIdentity, AssumedRoleUser, Credentials, PackedPolicySize.
    output: {
      SourceIdentity: sourceIdentity,
      AssumedRoleUser: { Arn: session.arn, AssumedRoleId: session.principalId },
      Credentials: credentials,
      PackedPolicySize: packedPolicySize(policy, input.PolicyArns as unknown[] | undefined, input.Tags as unknown[] | undefined),
    },
    rollback,
  };
};
