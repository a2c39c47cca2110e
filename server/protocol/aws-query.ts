import type { ProtocolError } from './protocol-errors.js';
import { decodeForm } from './query-form.js';
import { errorXml, successXml } from './query-xml.js';
import type { CallReply, IncomingCall, Route, ServiceWireSpec, WireError, WireProtocol } from './wire-protocol.js';

/**
 * The awsQuery protocol (STS, IAM, …): a form-encoded POST to `/` with `Action` and `Version`
 * (what the JS SDK v3, botocore and the AWS CLI send: `Content-Type: application/x-www-form-urlencoded;
 * charset=utf-8`), answered in XML with `Content-Type: text/xml`. The same members may come in the query
 * string. The service is found by `Version`, the API version each query service has of its own.
 * @see https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
const FORM = 'application/x-www-form-urlencoded';
const XML = 'text/xml';

/**
 * awsQuery services spell the common errors their own way, with their own statuses (STS answers
 * InvalidClientTokenId, SignatureDoesNotMatch and MissingAuthenticationToken with 403, e.g. the real
 * SignatureDoesNotMatch quoted in kubernetes/kops logs; ExpiredToken is 403 in aws/aws-sdk-java-v2#1649).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
const DIALECT: Readonly<Record<string, readonly [code: string, status: number]>> = {
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  IncompleteSignatureException: ['IncompleteSignature', 400],
  ExpiredTokenException: ['ExpiredToken', 403],
  AccessDeniedException: ['AccessDenied', 403],
  UnknownOperationException: ['InvalidAction', 400],
  SerializationException: ['ValidationError', 400],
  ServerException: ['InternalFailure', 500],
};

function header(h: IncomingCall['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function formOf(call: IncomingCall): URLSearchParams {
  const q = call.url.indexOf('?');
  const form = new URLSearchParams(q < 0 ? '' : call.url.slice(q + 1));
  if (call.body && call.body.length > 0) for (const [k, v] of new URLSearchParams(call.body.toString('utf8'))) form.append(k, v);
  return form;
}

export const awsQuery: WireProtocol = {
  name: 'awsQuery',

  claims(call) {
    const type = header(call.headers, 'content-type');
    if (type !== undefined) return type.slice(0, FORM.length).toLowerCase() === FORM;
    return call.method === 'GET' && call.url.includes('Action=');
  },

  route(call): Route {
    const form = formOf(call);
    return { key: form.get('Version') ?? undefined, operation: form.get('Action') ?? undefined, parsed: form };
  },

  routeKeys: (spec) => (spec.apiVersion ? [spec.apiVersion] : []),

  unknownOperation(route, spec) {
    // Real STS: "Could not find operation AssumeRoleWithWebIdentity for version 2011-06-15", 400
    // (aws/session-manager-plugin#116, 2025).
    return { code: 'InvalidAction', message: `Could not find operation ${route.operation ?? ''} for version ${spec?.apiVersion ?? route.key ?? ''}`, status: 400 };
  },

  readInput(_call, route, spec, operation) {
    const shape = spec.queryInputs?.[operation];
    return shape ? decodeForm(route.parsed as URLSearchParams, shape) : {};
  },

  wireError(err: ProtocolError): WireError {
    const d = DIALECT[err.code];
    return d ? { code: d[0], message: err.message, status: d[1] } : { code: err.code, message: err.message, status: err.status };
  },

  recordMembers: lowerFirstKeys,

  success(requestId, spec, operation, output): CallReply {
    return { status: 200, headers: { 'content-type': XML, 'x-amzn-requestid': requestId }, body: successXml(spec.xmlNamespace, operation, output, requestId) };
  },

  failure(requestId, spec: ServiceWireSpec | undefined, error): CallReply {
    return {
      status: error.status,
      headers: { 'content-type': XML, 'x-amzn-requestid': requestId },
      body: errorXml(spec?.xmlNamespace, error.code, error.message, error.status, requestId),
    };
  },
};

/**
 * CloudTrail names a query service's members in lower camel case (`roleArn`, `durationSeconds`,
 * `credentials.accessKeyId`: IAM user guide examples and real STS records). Dates stay Dates.
 */
function lowerFirstKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(lowerFirstKeys) as T;
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.charAt(0).toLowerCase() + k.slice(1)] = lowerFirstKeys(v);
  return out as T;
}
