import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { serializeError, JSON_11 } from './protocol/aws-json.js';
import type { CallPipeline } from './pipeline.js';

export interface AppDeps {
  pipeline: CallPipeline;
  /** Request ids for replies Fastify answers itself (404, oversized body): AWS always sends one. */
  newRequestId(): string;
  logger: Logger;
  bodyLimit: number;
  /** Routes under /_ecs-trail/ (health, reset, flush, …). */
  registerAdminRoutes(app: FastifyInstance): void;
}

/**
 * The HTTP server: one route for every AWS call (POST /, dispatched by protocol: X-Amz-Target or an awsQuery form), the admin
 * routes under the reserved /_ecs-trail/ prefix, and error handlers that make sure no Fastify-shaped
 * error ever reaches an AWS client. It never listens by itself (see start.ts).
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // The pipeline logs one line per call itself; Fastify's two lines per request would double it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimit,
    // The SDKs keep connections alive; close idle ones on shutdown rather than waiting.
    forceCloseConnections: 'idle',
  });

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
