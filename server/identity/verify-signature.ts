import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { SignatureV4 as SignatureV4Type } from '@smithy/signature-v4';
import type { HashConstructor } from '@smithy/types';
import type { SigV4Credential } from './authorization-header.js';
import { ProtocolError, invalidSignature, unrecognizedClient, incompleteSignature } from '../protocol/protocol-errors.js';
import { AuthRefusal } from './resolve-caller.js';

/** node:crypto behind the Hash interface the signer wants. */
class NodeSha256 {
  #secret: Uint8Array | string | undefined;
  #h: Hash | Hmac;
  constructor(secret?: Uint8Array | string) {
    this.#secret = secret;
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: Uint8Array | string): void {
    this.#h.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
  reset(): void {
    this.#h = this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
}

export interface SignedRequest {
  method: string;
  /** path and query, as received */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
}

let signerClass: typeof SignatureV4Type | undefined;

/** AWS refuses requests signed more than 5 minutes away from its clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;

const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function header(h: SignedRequest['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Recompute a request's SigV4 signature with the declared secret (the signing itself is
 * @smithy/signature-v4's, the same code the SDK signs with) and compare. Returns the error AWS
 * gives and why (for the log), or undefined when the signature is good.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export async function verifySignature(
  req: SignedRequest,
  credential: SigV4Credential,
  secret: { secretAccessKey: string; sessionToken?: string | undefined },
  expectedService: string,
  now: number,
): Promise<AuthRefusal | undefined> {
  const error = await check(req, credential, secret, expectedService, now);
  return error && new AuthRefusal(error[0], error[1]);
}

async function check(
  req: SignedRequest,
  credential: SigV4Credential,
  secret: { secretAccessKey: string; sessionToken?: string | undefined },
  expectedService: string,
  now: number,
): Promise<[ProtocolError, string] | undefined> {
  const amzDate = header(req.headers, 'x-amz-date');
  const m = amzDate ? AMZ_DATE_RE.exec(amzDate) : null;
  if (!amzDate || !m) {
    return [incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`), 'no X-Amz-Date'];
  }
  const signingDate = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  if (credential.date !== amzDate.slice(0, 8)) {
    return [
      new ProtocolError(
        'InvalidSignatureException',
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${credential.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      ),
      'the credential scope date is not the X-Amz-Date',
    ];
  }
  if (credential.service !== expectedService) {
    return [
      new ProtocolError('InvalidSignatureException', `Credential should be scoped to correct service: '${expectedService}'. `),
      `the credential scope names service "${credential.service}", not "${expectedService}"`,
    ];
  }
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    const fmt = (ms: number) => new Date(ms - (ms % 1000)).toISOString().replace(/[-:]/g, '').replace('.000', '');
    const earlier = signingDate.getTime() < now;
    return [
      new ProtocolError(
        'InvalidSignatureException',
        earlier
          ? `Signature expired: ${amzDate} is now earlier than ${fmt(now - MAX_SKEW_MS)} (${fmt(now)} - 5 min.)`
          : `Signature not yet current: ${amzDate} is still later than ${fmt(now + MAX_SKEW_MS)} (${fmt(now)} + 5 min.)`,
      ),
      'signed more than 5 minutes away from the emulator clock',
    ];
  }
  const token = header(req.headers, 'x-amz-security-token');
  if ((secret.sessionToken ?? undefined) !== (token ?? undefined)) {
    return [unrecognizedClient(), token === undefined ? 'temporary credentials sent without their session token' : 'the session token does not match the access key'];
  }

  // The canonical request ends with the hash of the body as received. A client may also send that hash
  // as X-Amz-Content-SHA256; when it does, it must be the body's: a body changed after signing fails.
  // The literal UNSIGNED-PAYLOAD is an Amazon S3 option (S3 API Reference, "Signature Calculations for
  // the Authorization Header"), not one of the awsJson or awsQuery services served here, so it fails too.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
  const claimedHash = header(req.headers, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== createHash('sha256').update(req.body ?? '').digest('hex')) {
    return [invalidSignature(), claimedHash === 'UNSIGNED-PAYLOAD' ? 'UNSIGNED-PAYLOAD is for Amazon S3 only' : 'the body does not match its X-Amz-Content-SHA256'];
  }

  const signed = new Set(credential.signedHeaders);
  if (!signed.has('host')) return [invalidSignature(), 'the host header is not signed'];
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = header(req.headers, name);
    if (v === undefined) return [invalidSignature(), `signed header ${name} is missing`];
    headers[name] = v;
  }
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(req.url.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  // Loaded on first use: only strict mode needs the signer.
  signerClass ??= (await import('@smithy/signature-v4')).SignatureV4;
  const signer = new signerClass({
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: secret.secretAccessKey, sessionToken: token },
    region: credential.region,
    service: credential.service,
    sha256: NodeSha256 as unknown as HashConstructor,
    applyChecksum: false,
  });
  const result = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: headers.host!,
      path,
      query,
      headers,
      body: req.body ?? '',
    },
    { signingDate, signableHeaders: signed },
  );
  const auth = String(result.headers.authorization ?? result.headers.Authorization ?? '');
  const expected = /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(credential.signature);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : [invalidSignature(), 'the signature does not match (wrong secret key, or the request changed after signing)'];
}
