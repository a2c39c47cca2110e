import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * On close, drop connections that never carried a request. Browsers open such sockets ahead of
 * need (Chromium preconnects to a page's origin), and Node's `closeIdleConnections` (Fastify's
 * `forceCloseConnections: 'idle'`) does not count them as idle: one was enough to hold `close()`,
 * and so a SIGTERM shutdown, until the client gave up. Connections with a request in flight are
 * left to finish; idle keep-alive ones Fastify closes itself.
 */
export function dropUnusedConnectionsOnClose(app: FastifyInstance): void {
  const unused = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  app.server.on('request', (req: { socket: Socket }) => unused.delete(req.socket));
  app.addHook('preClose', (done) => {
    for (const socket of unused) socket.destroy();
    unused.clear();
    done();
  });
}
