import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ADMIN_PREFIX, type AdminAccess } from './admin-access.js';
import type { HostRule } from './host-rule.js';
import { refusalReply, type HttpRefusal } from './http-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for routes under /_ecs-trail/: whether the caller showed the admin token (or none is needed). */
    adminAuthorized: boolean;
  }
}

export interface GateDeps {
  hostRule: HostRule;
  adminAccess: AdminAccess;
  logger: Logger;
  newRequestId(): string;
}

/**
 * What every request passes before routing (an `onRequest` hook, so a refused request's body is
 * never read): the Host check (every route, AWS calls too), then the admin routes' own rule. A
 * refusal is answered AWS-shaped and logged at info with its reason; it is no AWS call, so it has no
 * trail record.
 */
export function requestGate(app: FastifyInstance, deps: GateDeps): void {
  app.decorateRequest('adminAuthorized', false);
  app.addHook('onRequest', (req, reply, done) => {
    const refusal = gate(req, reply, deps);
    if (refusal === undefined) return done();
    if (refusal === 'answered') return;
    const out = refusalReply(refusal, deps.newRequestId(), req);
    void reply.code(out.status).headers(out.headers).send(Buffer.from(out.body));
  });
}

/**
 * Before routing: the Host check (every route, AWS calls too), then the admin routes' own rule.
 * Returns the refusal to answer, 'answered' (a `?token=` link, redirected here), or undefined to go on.
 */
function gate(req: FastifyRequest, reply: FastifyReply, deps: GateDeps): HttpRefusal | 'answered' | undefined {
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
