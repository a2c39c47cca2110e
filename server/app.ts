import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { serializeError, JSON_11 } from './protocol/aws-json.js';
import type { CallPipeline } from './pipeline.js';
import { ADMIN_PREFIX, type AdminAccess } from './http/admin-access.js';
import type { HostRule } from './http/host-rule.js';
import { answerClientError, refusalReply, type HttpRefusal } from './http/http-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for routes under /_ecs-trail/: whether the caller showed the admin token (or none is needed). */
    adminAuthorized: boolean;
  }
}

export interface AppDeps {
  pipeline: CallPipeline;
  /** Request ids for replies Fastify answers itself (404, oversized body): AWS always sends one. */
  newRequestId(): string;
  logger: Logger;
  bodyLimit: number;
  /** Routes under /_ecs-trail/ (health, reset, flush, …). */
  registerAdminRoutes(app: FastifyInstance): void;
  /** Which Host headers are answered (DNS rebinding). */
  hostRule: HostRule;
  /** Who may use the routes under /_ecs-trail/. */
  adminAccess: AdminAccess;
}

/**
 * The HTTP server: one route for every AWS call (POST /, dispatched by X-Amz-Target), the admin
 * routes under the reserved /_ecs-trail/ prefix, and error handlers that make sure no Fastify-shaped
 * error ever reaches an AWS client. It never listens by itself (see start.ts).
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app: FastifyInstance = Fastify({
    // Fastify's own info lines (one "Server listening at" per address) would repeat the CLI's one
    // listening line: Fastify logs warnings and errors only.
    loggerInstance: warningsOnly(deps.logger) as FastifyBaseLogger,
    // The pipeline logs one line per call itself; Fastify's two lines per request would double it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimit,
    // The SDKs keep connections alive; close idle ones on shutdown rather than waiting.
    forceCloseConnections: 'idle',
    // A request without Host reaches the hook below, which answers it AWS-shaped (Node's own
    // refusal has an empty body).
    http: { requireHostHeader: false },
    // HTTP that Node's parser rejects (oversized headers, Content-Length with Transfer-Encoding, …).
    clientErrorHandler: (err, socket) =>
      answerClientError(err, socket, deps.newRequestId, (refusal, e) =>
        deps.logger.info({ status: refusal.status, code: refusal.code, parserError: (e as { code?: string }).code }, `refused a request Node's HTTP parser rejected: ${refusal.message}`),
      ),
  });

  app.decorateRequest('adminAuthorized', false);
  app.addHook('onRequest', (req, reply, done) => {
    const refusal = gate(req, reply, deps);
    if (refusal === undefined) return done();
    if (refusal === 'answered') return;
    const out = refusalReply(refusal, deps.newRequestId(), req.headers['content-type']);
    void reply.code(out.status).headers(out.headers).send(Buffer.from(out.body));
  });

  // The AWS JSON protocol parses its own bodies (any content type, an empty body meaning {}), so the
  // pipeline can answer every malformed body the way AWS does.
  app.removeAllContentTypeParsers();
  const raw = (_req: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  // The media types clients send are registered by name, so Fastify finds their parser without
  // re-parsing the header each time; '*' catches the rest for the pipeline to refuse.
  for (const type of ['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: deps.bodyLimit }, raw);
  }
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimit }, raw);

  app.post('/', async (req, reply) => {
    const out = await deps.pipeline.handle({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: req.body as Buffer | undefined,
      peerAddress: req.ip,
    });
    reply.code(out.status).headers(out.headers);
    // A Buffer, so Fastify adds no "; charset=utf-8": AWS sends the bare media type.
    return reply.send(Buffer.from(out.body));
  });

  deps.registerAdminRoutes(app);

  app.setNotFoundHandler((req, reply) => {
    const message = `No route for ${req.method} ${req.url}: AWS calls are POST / with an X-Amz-Target header.`;
    void reply
      .code(404)
      .headers({ 'content-type': JSON_11, 'x-amzn-errortype': 'UnknownOperationException', 'x-amzn-requestid': deps.newRequestId() })
      .send(Buffer.from(serializeError('UnknownOperationException', message)));
  });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    let status = 400;
    let code = 'SerializationException';
    let message = err.message;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      message = `Request body is larger than ${deps.bodyLimit} bytes.`;
    } else if (!err.statusCode || err.statusCode >= 500) {
      req.log.error({ err }, 'unexpected error');
      status = 500;
      code = 'ServerException';
      message = 'Service encountered an unexpected error.';
    }
    void reply
      .code(status)
      .headers({ 'content-type': JSON_11, 'x-amzn-errortype': code, 'x-amzn-requestid': deps.newRequestId() })
      .send(Buffer.from(serializeError(code, message)));
  });

  return app;
}

/**
 * Before routing: the Host check (every route, AWS calls too), then the admin routes' own rule.
 * Returns the refusal to answer, 'answered' (a `?token=` link, redirected here), or undefined to go on.
 */
function gate(req: FastifyRequest, reply: FastifyReply, deps: AppDeps): HttpRefusal | 'answered' | undefined {
  const host = req.headers.host;
  if (host === undefined && req.raw.httpVersion === '1.1') {
    return { status: 400, code: 'BadRequestException', message: 'An HTTP/1.1 request must have a Host header (RFC 9112 §3.2).' };
  }
  if (!deps.hostRule.allows(host)) {
    deps.logger.info({ host, peer: req.ip, url: req.url }, `refused a request for Host "${host}" (DNS rebinding check)`);
    return {
      status: 403,
      code: 'AccessDeniedException',
      message: `The Host header "${host}" does not name this emulator, which answers to ${deps.hostRule.summary}. If you reach it by that name on purpose, start it with --allowed-hosts ${host?.replace(/:\d+$/, '')}.`,
    };
  }
  const path = req.url;
  if (path !== ADMIN_PREFIX && !path.startsWith(`${ADMIN_PREFIX}/`) && !path.startsWith(`${ADMIN_PREFIX}?`)) return undefined;
  const verdict = deps.adminAccess.check(req);
  if (verdict.kind === 'allow') {
    req.adminAuthorized = verdict.authorized;
    return undefined;
  }
  if (verdict.kind === 'login') {
    void reply.code(303).header('set-cookie', verdict.cookie).header('location', verdict.location).send();
    return 'answered';
  }
  deps.logger.info({ method: req.method, url: pathOnly(path), peer: req.ip, origin: req.headers.origin }, `refused an admin request: ${verdict.message}`);
  return { status: verdict.status, code: 'AccessDeniedException', message: verdict.message };
}

function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The same logger at `warn` or above (or silent, if it is). */
function warningsOnly(logger: Logger): Logger {
  return logger.levelVal >= 40 ? logger : logger.child({}, { level: 'warn' });
}
