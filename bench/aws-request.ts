/**
 * Requests shaped like the ones @aws-sdk/client-ecs sends (awsJson1_1 over HTTP/1.1), so both the
 * baseline and the emulator parse the same bytes a real client would send. The signature is a
 * static string: in lenient mode the emulator reads the credential scope but does not verify it.
 */
export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';
export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const REGION = 'us-east-1';

const AMZ_DATE = '20261124T120000Z';
const AUTHORIZATION =
  `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/${AMZ_DATE.slice(0, 8)}/${REGION}/ecs/aws4_request, ` +
  'SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target;x-amz-user-agent, ' +
  'Signature=' + 'f3a1'.repeat(16);
const USER_AGENT = 'aws-sdk-js/3.1164.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2 api/ecs#3.1164.0 m/E';

/** Headers of one call; `content-length` is added by autocannon/fetch from the body. */
export function awsHeaders(operation: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `${ECS_TARGET_PREFIX}.${operation}`,
    'x-amz-date': AMZ_DATE,
    'x-amz-user-agent': USER_AGENT,
    'user-agent': USER_AGENT,
    'amz-sdk-invocation-id': '8f6b9d0e-6a8f-4c59-9a1e-0b5d3c1f2e4a',
    'amz-sdk-request': 'attempt=1; max=1',
    authorization: AUTHORIZATION,
  };
}

export interface CallAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One call over HTTP (setup, cold-start probe): the decoded JSON answer and its status. */
export async function awsCall(url: string, operation: string, input: unknown): Promise<CallAnswer> {
  const res = await fetch(`${url}/`, { method: 'POST', headers: awsHeaders(operation), body: JSON.stringify(input) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { __type: 'NotJson', message: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

/** `Type: message` of an error answer, for reports. */
export function describeError(a: CallAnswer): string {
  const type = String(a.body.__type ?? `HTTP ${a.status}`).split('#').pop();
  return `${type}: ${String(a.body.message ?? a.body.Message ?? '')}`.slice(0, 160);
}
