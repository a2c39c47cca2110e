import { sessionOfPrincipal } from '../../../identity/principals.js';
import { isSessionCaller, issueCredentials, type StsHandler } from '../credentials.js';
import { sessionCallerRefused } from '../sts-errors.js';

/**
 * GetSessionToken: temporary credentials for an IAM user or the root user, typically with MFA. Later
 * calls show the user's own identity with the new `ASIA…` key and a session context (IAM user guide,
 * "Logging sign-in events for temporary credentials"). DurationSeconds: 900–129600, default 43200; the
 * root user's sessions last at most an hour ("If the duration is longer than one hour, the session for
 * AWS account owners defaults to one hour").
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
export const getSessionToken: StsHandler = (input, ctx, deps) => {
  const caller = ctx.caller!;
  if (isSessionCaller(caller)) throw sessionCallerRefused('GetSessionToken');
  const root = caller.principal.type === 'Root';
  const requested = typeof input.DurationSeconds === 'number' ? input.DurationSeconds : root ? 3600 : 43200;
  const seconds = root ? Math.min(requested, 3600) : requested;
  const mfa = input.SerialNumber !== undefined && input.TokenCode !== undefined;
  const { credentials, rollback } = issueCredentials(deps, ctx, {
    kind: 'session-token',
    accountId: caller.principal.accountId,
    durationSeconds: seconds,
    caller,
    principal: (accessKeyId, creationDate) => sessionOfPrincipal(caller.principal, accessKeyId, creationDate, mfa),
  });
  return { output: { Credentials: credentials }, rollback };
};
