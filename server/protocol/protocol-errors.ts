/**
 * Errors of the AWS JSON protocol and of authentication: the "common errors" every AWS service can
 * answer, not modelled in the ECS API. Same wire shape as service errors.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html
 */
export class ProtocolError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const make = (code: string, message: string, status = 400) => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new ProtocolError(code, message, status);
  } finally {
    Error.stackTraceLimit = limit;
  }
};

/** Real Coral services answer an unknown target with 400 (aws/aws-sdk-js#425). */
export const unknownOperation = (target: string) =>
  make('UnknownOperationException', `Unknown operation: ${target}`);

/** Body that is not a JSON object: ECS answers SerializationException (traefik/traefik#3831). */
export const serialization = (message: string) => make('SerializationException', message);

export const unsupportedMediaType = (type: string) =>
  make('UnsupportedMediaTypeException', `Unsupported Media Type: ${type || '(none)'}`, 415);

export const requestTooLarge = (limit: number) =>
  make('SerializationException', `Request body is larger than ${limit} bytes.`, 413);

/**
 * An operation of the service's current API that ecs-trail does not serve yet. It answers with an
 * error the service itself has for "not available here", so that clients map it to a typed
 * exception and do not retry it (a 5xx would be retried), and the trail records the call under a
 * code the service really uses (no invented errorCode): ECS `UnsupportedFeatureException` ("The
 * specified task isn't supported in this Region"; 32 operations list it, RunTask and CreateService
 * among them), CloudTrail `UnsupportedOperationException` ("This exception is thrown when the
 * requested operation is not supported"; LookupEvents lists it). Both are 400 client errors.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#API_RunTask_Errors
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html#API_LookupEvents_Errors
 */
export const notServed = (service: 'ecs' | 'cloudtrail', operation: string) =>
  make(
    service === 'ecs' ? 'UnsupportedFeatureException' : 'UnsupportedOperationException',
    `ecs-trail does not emulate the ${service === 'ecs' ? 'ECS' : 'CloudTrail'} operation ${operation} yet (see "Emulated operations" in the README).`,
  );

export const unrecognizedClient = () =>
  make('UnrecognizedClientException', 'The security token included in the request is invalid.');

export const missingAuthenticationToken = () =>
  make('MissingAuthenticationTokenException', 'Request is missing Authentication Token');

export const incompleteSignature = (message: string) => make('IncompleteSignatureException', message);

export const invalidSignature = () =>
  make(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );

/**
 * Temporary credentials used after their expiration: "The security token included in the request is
 * expired" (ExpiredTokenException with HTTP 400 from DynamoDB, aws/aws-sdk-php#1307; STS and other
 * query services say ExpiredToken, 403).
 */
export const expiredToken = () => make('ExpiredTokenException', 'The security token included in the request is expired');

/** A bug in a handler: answered as the service's internal error, still recorded. */
export const serverError = () => make('ServerException', 'Service encountered an unexpected error.', 500);
