import { assumedRolePrincipal, webIdentityUserPrincipal } from '../../../identity/principals.js';
import { issuerHost, parseRoleArn, trustsWebIdentity } from '../../../identity/role-registry.js';
import { issueCredentials, type StsHandler } from '../credentials.js';
import { attributedTo, expiredWebIdentityToken, invalidIdentityToken, validationError, webIdentityDenied } from '../sts-errors.js';
import { decodeWebIdentityToken, signedBy } from '../web-identity-token.js';
import { checkSessionPolicy, roleSessionSeconds } from './role-session.js';

/** "Couldn't retrieve verification key from your identity provider,  please reference …" (aws/aws-sdk-js-v3#3052; two spaces as sent). */
const NO_KEY =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

/**
 * AssumeRoleWithWebIdentity, what CI systems (GitHub Actions' OIDC token) and EKS service accounts
 * call. It is unsigned: the token is the credential, so the token's issuer, subject and audience are
 * the caller (a `WebIdentityUser`, recorded in the role's account).
 *
 * Lenient mode checks that the token is a JWT naming an issuer, a subject and an audience, that it has
 * not expired, the audiences a declared provider lists, its signature when the provider declares a
 * public key, and the role's declared web identity trust. Strict mode also requires the issuer to be a
 * declared provider with a public key, and the role to be declared with a trust that admits the token.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 */
export const assumeRoleWithWebIdentity: StsHandler = (input, ctx, deps) => {
  const token = decodeWebIdentityToken(input.WebIdentityToken as string);
  // Not a token at all: STS cannot tell who called, and CloudTrail may leave out unauthenticated STS
  // requests that are not "sufficiently valid to be trusted" (IAM user guide, Logging IAM and AWS STS
  // API calls): no principal, no record.
  if (!token) throw invalidIdentityToken(NO_KEY);
  const roleArn = input.RoleArn as string;
  const parsed = parseRoleArn(roleArn);
  // "Request ARN is invalid" (ValidationError from AssumeRoleWithSAML, physera/onelogin-aws-cli#12).
  if (!parsed) throw validationError('Request ARN is invalid');

  const providerArn = `arn:aws:iam::${parsed.accountId}:oidc-provider/${issuerHost(token.issuer)}`;
  const principal = webIdentityUserPrincipal(parsed.accountId, providerArn, token.audiences[0]!, token.subject);
  try {
    const provider = deps.roles.provider(token.issuer);
    if (!provider && deps.strict) {
      // Real text: aws-actions/configure-aws-credentials#721, kubernetes-sigs/aws-load-balancer-controller#2315.
      throw invalidIdentityToken(`No OpenIDConnect provider found in your account for ${token.issuer}`);
    }
    if (provider?.audiences && !token.audiences.some((a) => provider.audiences!.has(a))) {
      throw invalidIdentityToken('Incorrect token audience'); // [GUESS] text
    }
    if (provider?.publicKey ? !signedBy(token, provider.publicKey) : deps.strict) throw invalidIdentityToken(NO_KEY);
    const nowSeconds = Math.floor(ctx.now / 1000);
    if (token.expiresAt !== undefined && nowSeconds >= token.expiresAt) {
      // Real text: "Token expired: current date/time 1731098245 must be before the expiration date/time
      // 1731095240" (aws/aws-sdk-java-v2#5709, ExpiredTokenException, 400).
      throw expiredWebIdentityToken(`Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${token.expiresAt}`);
    }
    const declared = deps.roles.role(roleArn);
    const trusted = declared?.trustedWebIdentities
      ? declared.trustedWebIdentities.some((t) => trustsWebIdentity(t, token.issuer, token.audiences, token.subject))
      : !deps.strict;
    if (!trusted) throw webIdentityDenied();

    const seconds = roleSessionSeconds(input.DurationSeconds, declared, false);
    checkSessionPolicy(input.Policy);
    const sessionName = input.RoleSessionName as string;
    const { credentials, rollback } = issueCredentials(deps, ctx, {
      kind: 'web-identity',
      accountId: parsed.accountId,
      durationSeconds: seconds,
      principal: (accessKeyId, creationDate) =>
        assumedRolePrincipal({
          accountId: parsed.accountId,
          accessKeyId,
          role: parsed.role,
          roleId: declared?.roleId,
          sessionName,
          creationDate,
          mfaAuthenticated: false,
          webIdentityProvider: providerArn,
        }),
    });
    const session = deps.sessions.get(credentials.AccessKeyId)!.identity.principal;
    return {
      // The order of the STS API Reference's example answer.
      output: {
        Audience: token.audiences[0],
        SubjectFromWebIdentityToken: token.subject,
        AssumedRoleUser: { Arn: session.arn, AssumedRoleId: session.principalId },
        Credentials: credentials,
        Provider: providerArn,
      },
      rollback,
      principal,
    };
  } catch (err) {
    // A token that names someone: the call is attributed to them, and recorded, even when refused.
    throw attributedTo(err, principal);
  }
};
