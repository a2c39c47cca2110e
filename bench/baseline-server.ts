import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The floor the emulator is measured against: the same framework and protocol with nothing else.
 * It parses the awsJson1_1 body and answers a fixed small JSON with a request id, whatever the
 * operation (toolchain-notes §2 case (b)).
 */
export async function startBaseline(host = '127.0.0.1', port = 0): Promise<{ url: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-amz-json-1.1', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'ignore'));
  const answer = Buffer.from('{"clusters":[],"failures":[]}');
  app.post('/', async (req, reply) => {
    if (typeof req.body !== 'object' || req.headers['x-amz-target'] === undefined) {
      return reply.code(400).header('content-type', 'application/x-amz-json-1.1').send('{"__type":"SerializationException"}');
    }
    return reply.header('content-type', 'application/x-amz-json-1.1').header('x-amzn-requestid', randomUUID()).send(answer);
  });
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host}:${bound}`, app };
}
