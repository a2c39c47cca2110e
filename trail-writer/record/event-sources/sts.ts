/**
 * What CloudTrail records of AWS STS calls (`sts.amazonaws.com`). Facts and their sources are also in
 * docs/sts.md.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
 */
export const STS_EVENT_SOURCE = 'sts.amazonaws.com';

type Json = Record<string, unknown>;

/**
 * STS's events that are `readOnly: true`: GetCallerIdentity (a real 2024 record, Stratus Red Team),
 * AssumeRole (real 2018 and 2025 records), AssumeRoleWithWebIdentity (a real 2023 record and the IAM
 * user guide's 2024 example); GetFederationToken is false (the same 2024 detonation). [INFER] read-only
 * for the other calls that only hand out or read credentials (GetSessionToken, GetAccessKeyInfo,
 * AssumeRoleWithSAML, DecodeAuthorizationMessage): they change nothing, as AssumeRole does not.
 */
export const STS_READ_ONLY_EVENTS: ReadonlySet<string> = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'GetCallerIdentity',
  'GetSessionToken',
]);

/** One entry of a record's `resources`. */
export interface RecordResource {
  accountId: string;
  type: string;
  ARN: string;
}

/**
 * Calls that hand out credentials show them in `responseElements` although most are read-only:
 * real AssumeRole records (2018 flaws2 file, 2025 lab file) and AssumeRoleWithWebIdentity (IAM user
 * guide, 2024) carry `"readOnly":true` and the response; GetFederationToken (Stratus Red Team
 * detonation, 2024) carries `"readOnly":false` and the response. GetCallerIdentity's real record
 * (same detonation) has `"responseElements":null`.
 */
const SHOWS_RESPONSE: ReadonlySet<string> = new Set([
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
  'GetSessionToken',
  'GetFederationToken',
]);

export function stsShowsResponse(eventName: string): boolean {
  return SHOWS_RESPONSE.has(eventName);
}

/**
 * The request as CloudTrail shows it. The IAM user guide's examples never show the web identity
 * token (AssumeRoleWithWebIdentity: roleArn, roleSessionName, sourceIdentity, durationSeconds, tags) nor
 * the MFA code (AssumeRole shows `serialNumber` without `tokenCode`): both are left out. [INFER] for
 * tokenCode, from that example.
 */
export function stsRedactRequest(eventName: string, params: Json): Json {
  if (!('webIdentityToken' in params) && !('tokenCode' in params)) return params;
  const { webIdentityToken: _t, tokenCode: _c, ...rest } = params;
  return rest;
}

/**
 * The response as CloudTrail shows it: the credentials without their secret access key, in the order of
 * a real 2025 AssumeRole record (`accessKeyId`, `sessionToken`, `expiration`), then `assumedRoleUser`
 * (`assumedRoleId`, `arn`), `packedPolicySize`, and the web identity members in the order of the IAM
 * user guide's 2024 example. Real records show the session token in full.
 */
export function stsRedactResponse(eventName: string, response: unknown): unknown {
  if (!response || typeof response !== 'object') return response;
  const r = response as Json;
  const out: Json = {};
  const c = r.credentials as Json | undefined;
  if (c) out.credentials = { accessKeyId: c.accessKeyId, sessionToken: c.sessionToken, expiration: c.expiration };
  if (r.subjectFromWebIdentityToken !== undefined) out.subjectFromWebIdentityToken = r.subjectFromWebIdentityToken;
  if (eventName === 'AssumeRoleWithWebIdentity' && r.sourceIdentity !== undefined) out.sourceIdentity = r.sourceIdentity;
  const user = r.assumedRoleUser as Json | undefined;
  if (user) out.assumedRoleUser = { assumedRoleId: user.assumedRoleId, arn: user.arn };
  const federated = r.federatedUser as Json | undefined;
  if (federated) out.federatedUser = { federatedUserId: federated.federatedUserId, arn: federated.arn };
  if (r.packedPolicySize !== undefined) out.packedPolicySize = r.packedPolicySize;
  if (r.provider !== undefined) out.provider = r.provider;
  if (r.audience !== undefined) out.audience = r.audience;
  if (eventName !== 'AssumeRoleWithWebIdentity' && r.sourceIdentity !== undefined) out.sourceIdentity = r.sourceIdentity;
  return out;
}

const ROLE_ARN_RE = /^arn:aws[\w-]*:iam::(\d{12}):role\/.+$/;

/**
 * The role a call assumes, as the record's `resources`: present in real AssumeRole records (2018, 2025)
 * and AssumeRoleWithWebIdentity records, failed ones too (real 2023 AccessDenied record), with the
 * member order of 2023+ records (`accountId`, `type`, `ARN`).
 */
export function stsResources(eventName: string, params: Json | null): RecordResource[] | undefined {
  if (!eventName.startsWith('AssumeRole') || !params) return undefined;
  const arn = params.roleArn;
  if (typeof arn !== 'string') return undefined;
  const m = ROLE_ARN_RE.exec(arn);
  if (!m) return undefined;
  return [{ accountId: m[1]!, type: 'AWS::IAM::Role', ARN: arn }];
}

/**
 * AssumeRoleWithWebIdentity records say how AWS checked the OIDC provider's certificate: `IAMTrustStore`
 * (its library of trusted CAs) or `Thumbprint`. The emulator checks none, so it states the default.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailexample_web-identity
 */
const WEB_IDENTITY_DATA = Object.freeze({ identityProviderConnectionVerificationMethod: 'IAMTrustStore' });

export function stsAdditionalEventData(eventName: string, failed: boolean): Json | undefined {
  return eventName === 'AssumeRoleWithWebIdentity' && !failed ? WEB_IDENTITY_DATA : undefined;
}
