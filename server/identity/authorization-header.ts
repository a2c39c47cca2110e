/**
 * What a SigV4 `Authorization` header says about the caller: the access key and the credential
 * scope's date, region and service.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export interface SigV4Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const CREDENTIAL_RE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;
const SIGNED_HEADERS_RE = /SignedHeaders=([^,\s]+)/;
const SIGNATURE_RE = /Signature=([0-9a-f]+)/;

export type AuthorizationParse =
  | { kind: 'none' }
  | { kind: 'sigv4'; credential: SigV4Credential }
  | { kind: 'malformed'; reason: string };

export function parseAuthorization(header: string | undefined): AuthorizationParse {
  if (header === undefined || header === '') return { kind: 'none' };
  if (!header.startsWith('AWS4-HMAC-SHA256 ')) {
    return { kind: 'malformed', reason: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.` };
  }
  const cred = CREDENTIAL_RE.exec(header);
  if (!cred) {
    return { kind: 'malformed', reason: `Authorization header requires 'Credential' parameter. Authorization=${header}` };
  }
  const signed = SIGNED_HEADERS_RE.exec(header);
  const sig = SIGNATURE_RE.exec(header);
  if (!signed) return { kind: 'malformed', reason: `Authorization header requires 'SignedHeaders' parameter. Authorization=${header}` };
  if (!sig) return { kind: 'malformed', reason: `Authorization header requires 'Signature' parameter. Authorization=${header}` };
  return {
    kind: 'sigv4',
    credential: {
      accessKeyId: cred[1]!,
      date: cred[2]!,
      region: cred[3]!,
      service: cred[4]!,
      signedHeaders: signed[1]!.split(';'),
      signature: sig[1]!,
    },
  };
}
