import { createHash, timingSafeEqual } from 'node:crypto';
import { hostName } from './host-rule.js';

/** Every route of the emulator itself (health, reset, flush, the dashboard) is under this prefix. */
export const ADMIN_PREFIX = '/_ecs-trail';
/**
 * The header state-changing admin calls must carry. A cross-site page cannot send it without a
 * CORS preflight, which the emulator never approves (it sends no Access-Control-* header), so a
 * page's `fetch(…, { method: 'POST', mode: 'no-cors' })` or form post never gets through.
 */
export const ADMIN_TOKEN_HEADER = 'x-ecs-trail-token';
/** Set by the dashboard's `?token=` link, so the page's own requests carry the token. */
export const ADMIN_TOKEN_COOKIE = 'ecs_trail_token';

export interface AdminRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type AdminVerdict =
  | { kind: 'allow'; authorized: boolean }
  | { kind: 'refuse'; status: number; message: string }
  /** A `?token=` link: set the cookie and send the browser to the same page without the token. */
  | { kind: 'login'; location: string; cookie: string };

/**
 * Who may use the routes under /_ecs-trail/. Without a token (lenient mode's default), anyone who
 * can reach the port may read, and anyone who can send the header may change state; with a token
 * (strict mode, or `--admin-token`), everything but the bare liveness answer of
 * `GET /_ecs-trail/health` needs it.
 */
export class AdminAccess {
  readonly #token: Buffer | undefined;
  constructor(token: string | undefined) {
    this.#token = token === undefined ? undefined : digest(token);
  }

  get requiresToken(): boolean {
    return this.#token !== undefined;
  }

  check(req: AdminRequest): AdminVerdict {
    const origin = header(req.headers, 'origin');
    // Browsers send Origin on every cross-origin request and on every POST: a page of another
    // origin (another port counts) is refused before anything else.
    if (origin !== undefined && !sameOrigin(origin, header(req.headers, 'host'))) {
      return { kind: 'refuse', status: 403, message: `Requests from the web page at ${origin} are refused: the emulator's own routes answer only its own pages and non-browser clients.` };
    }
    const sent = header(req.headers, ADMIN_TOKEN_HEADER);
    const changesState = req.method !== 'GET' && req.method !== 'HEAD';
    if (this.#token === undefined) {
      if (changesState && (sent === undefined || sent === '')) {
        return {
          kind: 'refuse',
          status: 403,
          message: `${req.method} ${pathOf(req.url)} changes the emulator's state and needs the header "X-Ecs-Trail-Token" (any value unless an admin token is configured), which a web page of another site cannot send.`,
        };
      }
      return { kind: 'allow', authorized: true };
    }
    const query = tokenInQuery(req.url);
    if (!changesState && query !== undefined && this.#matches(query.token)) {
      return {
        kind: 'login',
        location: query.rest,
        cookie: `${ADMIN_TOKEN_COOKIE}=${query.token}; Path=${ADMIN_PREFIX}/; HttpOnly; SameSite=Strict`,
      };
    }
    // State changes need the header itself (a cookie is sent by any page of the same site).
    const given = changesState ? sent : (sent ?? cookie(header(req.headers, 'cookie'), ADMIN_TOKEN_COOKIE));
    if (given !== undefined && this.#matches(given)) return { kind: 'allow', authorized: true };
    if (!changesState && pathOf(req.url) === `${ADMIN_PREFIX}/health`) return { kind: 'allow', authorized: false };
    return {
      kind: 'refuse',
      status: 403,
      message: `${pathOf(req.url)} needs the admin token: send it in the header "X-Ecs-Trail-Token", or open the dashboard link printed at start (/_ecs-trail/?token=…).`,
    };
  }

  #matches(given: string): boolean {
    // Compared as digests, in constant time.
    return timingSafeEqual(digest(given), this.#token!);
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function header(h: AdminRequest['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
  return u.protocol === 'http:' && u.host === host.trim().toLowerCase() && hostName(host) !== undefined;
}

function tokenInQuery(url: string): { token: string; rest: string } | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const params = new URLSearchParams(url.slice(q + 1));
  const token = params.get('token');
  if (token === null) return undefined;
  params.delete('token');
  const rest = params.toString();
  return { token, rest: pathOf(url) + (rest ? `?${rest}` : '') };
}

function cookie(h: string | undefined, name: string): string | undefined {
  if (!h) return undefined;
  for (const part of h.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
