import type { Socket } from 'node:net';
import { maxHeaderSize } from 'node:http';
import type { Logger } from 'pino';
import { JSON_11, serializeError } from '../protocol/aws-json.js';
import { awsQuery } from '../protocol/aws-query.js';
import { ProtocolError } from '../protocol/protocol-errors.js';
import type { CallReply, IncomingCall } from '../protocol/wire-protocol.js';

/**
 * Errors answered at the HTTP level, before any service sees the request: a Host the emulator does
 * not answer, a refused admin call, and HTTP that Node's parser rejects. Their bodies are AWS-shaped
 * like every other error (awsJson `{"__type","message"}` plus `x-amzn-ErrorType`; the awsQuery XML
 * `ErrorResponse` for STS's form-encoded requests), never Node's or Fastify's.
 *
 * AWS documents none of these cases for ECS; the codes are [GUESS]es listed in
 * docs/ecs-error-messages.md ("HTTP-level errors").
 */
export interface HttpRefusal {
  status: number;
  code: string;
  message: string;
}

/** What a refused request looked like: enough to tell which protocol its client speaks. */
export type RefusedRequest = Pick<IncomingCall, 'method' | 'url' | 'headers'>;

/**
 * The refusal in the protocol the request speaks: an awsQuery request (STS's form-encoded POST, or a
 * GET with `Action=`) gets the error as the awsQuery protocol writes every STS error (its XML writer
 * and STS's spelling of the code: AccessDenied, ValidationError, …), anything else the awsJson shape.
 * The service is not known yet (the body is not read), so the XML carries no service namespace.
 */
export function refusalReply(r: HttpRefusal, requestId: string, request?: RefusedRequest): CallReply {
  if (request && awsQuery.claims({ method: request.method, url: request.url, headers: request.headers, body: undefined, peerAddress: '' })) {
    return awsQuery.failure(requestId, undefined, awsQuery.wireError(new ProtocolError(r.code, r.message, r.status)));
  }
  return {
    status: r.status,
    headers: { 'content-type': JSON_11, 'x-amzn-errortype': r.code, 'x-amzn-requestid': requestId },
    body: serializeError(r.code, r.message),
  };
}

/** What Node's HTTP parser rejected (`clientError`), as an AWS error. */
export function clientErrorRefusal(err: { code?: string; reason?: string; message?: string }): HttpRefusal {
  const reason = err.reason ?? err.message ?? err.code ?? 'unreadable';
  // llhttp names this HPE_INVALID_TRANSFER_ENCODING or HPE_UNEXPECTED_CONTENT_LENGTH depending on
  // which of the two headers comes first.
  if (/content-length/i.test(reason) && /transfer-encoding/i.test(reason)) {
    return {
      status: 400,
      code: 'BadRequestException',
      message: 'The request has both Content-Length and Transfer-Encoding headers; send one of them (RFC 9112 §6.1).',
    };
  }
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      // [GUESS] S3's code for the same case (RequestHeaderSectionTooLarge); ECS documents none.
      return { status: 431, code: 'RequestHeaderSectionTooLarge', message: `The request's headers are larger than ${maxHeaderSize} bytes.` };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'SerializationException', message: 'The chunk extensions of the request body are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'RequestTimeoutException', message: 'The request was not received completely in time.' };
    default:
      return { status: 400, code: 'BadRequestException', message: `Malformed HTTP request: ${reason.replace(/\.$/, '')}.` };
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

/**
 * Fastify's `clientErrorHandler`: Node calls it with the socket only (there is no request or
 * response object), so the response is written on the socket by hand, then the connection closed.
 */
export function answerClientError(
  err: Error & { code?: string; reason?: string },
  socket: Socket,
  newRequestId: () => string,
  log: (refusal: HttpRefusal, err: Error) => void,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal = clientErrorRefusal(err);
  log(refusal, err);
  // As Node's own handler: answer only if no response on this connection has started, else the
  // bytes would land in the middle of it.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const reply = refusalReply(refusal, newRequestId());
  const head = [
    `HTTP/1.1 ${reply.status} ${REASONS[reply.status] ?? 'Bad Request'}`,
    ...Object.entries(reply.headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${Buffer.byteLength(reply.body)}`,
    'connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${reply.body}`, () => socket.destroy());
}

/** Fastify's `clientErrorHandler` option: answer AWS-shaped, and log the refusal at info. */
export function clientErrorHandler(newRequestId: () => string, logger: Pick<Logger, 'info'>) {
  return (err: Error & { code?: string; reason?: string }, socket: Socket): void =>
    answerClientError(err, socket, newRequestId, (refusal, e) =>
      logger.info(
        { status: refusal.status, code: refusal.code, parserError: (e as { code?: string }).code },
        `refused a request Node's HTTP parser rejected: ${refusal.message}`,
      ),
    );
}
