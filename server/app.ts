import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { CallPipeline } from './pipeline.js';
import type { AdminAccess } from './http/admin-access.js';
import type { HostRule } from './http/host-rule.js';
import { clientErrorHandler, refusalReply, type HttpRefusal } from './http/http-errors.js';
import { requestGate } from './http/request-gate.js';
import { dropUnusedConnectionsOnClose } from './http/unused-connections.js';
import { lazySchemaCompilers } from './http/lazy-schema-compilers.js';
import { warningsOnly } from './logging/create-logger.js';

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
 * The HTTP server: one route for every AWS call (POST /, dispatched by protocol: X-Amz-Target or an awsQuery form), the admin
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
    // Nor does a request need a child logger of its own (pino makes one per request, a few µs and
    // a few objects each): the pipeline's line carries the request id, and so does the one line
    // written from here (an unexpected error, below); anything else Fastify logs goes out unbound.
    childLoggerFactory: (logger) => logger,
    bodyLimit: deps.bodyLimit,
    // The SDKs keep connections alive; close idle ones on shutdown rather than waiting.
    forceCloseConnections: 'idle',
    // A request without Host reaches the hook below, which answers it AWS-shaped (Node's own
    // refusal has an empty body).
    http: { requireHostHeader: false },
    // HTTP that Node's parser rejects (oversized headers, Content-Length with Transfer-Encoding, …).
    clientErrorHandler: clientErrorHandler(deps.newRequestId, deps.logger),
    // No route has a schema: Ajv and fast-json-stringify load only if one ever does.
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });

  // Before routing, for every route: the Host check, and who may use /_ecs-trail/*.
  requestGate(app, deps);
  dropUnusedConnectionsOnClose(app);

  // The protocols parse their own bodies (awsJson: any content type, an empty body meaning {}; awsQuery:
  // the form), so the pipeline can answer every malformed body the way AWS does.
  app.removeAllContentTypeParsers();
  const raw = (_req: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  // The media types clients send are registered by name, so Fastify finds their parser without
  // re-parsing the header each time; '*' catches the rest for the pipeline to refuse.
  for (const type of ['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json', 'application/x-www-form-urlencoded']) {
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

  // Fastify's own answers (no route, an oversized body, its errors) in the protocol the request speaks.
  const refuse = (req: FastifyRequest, reply: FastifyReply, refusal: HttpRefusal) => {
    const out = refusalReply(refusal, deps.newRequestId(), req);
    void reply.code(out.status).headers(out.headers).send(Buffer.from(out.body));
  };

  app.setNotFoundHandler((req, reply) => {
    refuse(req, reply, {
      status: 404,
      code: 'UnknownOperationException',
      message: `No route for ${req.method} ${req.url}: AWS calls are POST / with an X-Amz-Target header.`,
    });
  });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    let status = 400;
    let code = 'SerializationException';
    let message = err.message;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      message = `Request body is larger than ${deps.bodyLimit} bytes.`;
    } else if (!err.statusCode || err.statusCode >= 500) {
      // req.log is the emulator's logger itself (childLoggerFactory above): the request id goes in here.
      req.log.error({ err, reqId: req.id }, 'unexpected error');
      status = 500;
      code = 'ServerException';
      message = 'Service encountered an unexpected error.';
    }
    refuse(req, reply, { status, code, message });
  });

  return app;
}
