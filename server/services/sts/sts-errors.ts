import type { Principal } from '../../../trail-writer/index.js';
import type { ServiceError } from '../service-descriptor.js';

/**
 * An error STS answers with its own code and HTTP status (the STS API Reference's per-operation
 * "Errors" and the service model's error traits: ValidationError 400, MalformedPolicyDocument 400,
 * PackedPolicyTooLarge 400, InvalidIdentityToken 400, ExpiredTokenException 400, IDPRejectedClaim 403,
 * AccessDenied 403). Created without a stack: they are expected.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
export class StsError extends Error implements ServiceError {
  readonly code: string;
  readonly status: number;
  readonly recordedMessage: string | undefined;
  /** Who the call is attributed to when the caller is known only from the input. */
  principal: Principal | undefined;
  constructor(code: string, message: string, status: number, recordedMessage?: string) {
    super(message);
    this.code = code;
    this.status = status;
    this.recordedMessage = recordedMessage;
  }
}

function make(code: string, message: string, status: number, recordedMessage?: string): StsError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new StsError(code, message, status, recordedMessage);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export const validationError = (message: string) => make('ValidationError', message, 400);

/**
 * IAM's sentence for a trust policy that does not admit the caller, e.g. "User: arn:aws:iam::…:user/x is
 * not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::…:role/y" (99designs/aws-vault#668).
 */
export const notAuthorized = (callerArn: string, action: string, resource: string) =>
  make('AccessDenied', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`, 403);

/**
 * A web identity the role does not trust: the caller reads "Not authorized to perform
 * sts:AssumeRoleWithWebIdentity" while the record says "An unknown error occurred" (a real 2023 record
 * and the answer quoted with it, EKS service account; aws-samples sagemaker-pipelines-argo docs).
 */
export const webIdentityDenied = () =>
  make('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403, 'An unknown error occurred');

export const sessionCallerRefused = (operation: string) =>
  // "AccessDenied: Cannot call GetSessionToken with session credentials" (STS API Reference,
  // GetSessionToken: "you cannot call … with session credentials"). [GUESS] exact text.
  make('AccessDenied', `Cannot call ${operation} with session credentials`, 403);

export const invalidIdentityToken = (message: string) => make('InvalidIdentityToken', message, 400);

export const expiredWebIdentityToken = (message: string) => make('ExpiredTokenException', message, 400);

export const malformedPolicy = (message: string) => make('MalformedPolicyDocument', message, 400);

/** The same error, attributed to the caller the input names (for its record). Other errors pass as they are. */
export function attributedTo(err: unknown, principal: Principal): unknown {
  if (err instanceof StsError) err.principal = principal;
  return err;
}
