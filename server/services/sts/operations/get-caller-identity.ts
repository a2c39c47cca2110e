import type { StsHandler } from '../credentials.js';

/**
 * GetCallerIdentity: the caller's account, ARN and unique id (`AIDA…` for a user, `AROA…:<session>`
 * for a role session, the account id for root, `<account>:<name>` for a federated user), declared or
 * derived. The answer's members are in the order of a real answer (Arn, UserId, Account).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export const getCallerIdentity: StsHandler = (_input, ctx) => {
  const p = ctx.caller!.principal;
  return { output: { Arn: p.arn, UserId: p.principalId, Account: p.accountId } };
};
