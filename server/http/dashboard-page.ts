import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Serves the built dashboard (a few files from `vite build`, about 200 KB) from memory, one route
 * per file: any other path under the prefix stays the AWS-shaped 404. Read once at start, so a
 * request never touches the disk, and no static-file plugin (and its dependencies) is needed.
 * Vite names assets by content hash, so they can be cached for good; the page itself cannot.
 */
export function registerBuiltPage(app: FastifyInstance, pageDir: string, prefix: string): void {
  for (const file of filesUnder(pageDir)) {
    const rel = relative(pageDir, file).split(sep).join('/');
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    const paths = rel === 'index.html' ? [prefix, `${prefix}index.html`] : [`${prefix}${rel}`];
    for (const path of paths) {
      app.get(path, (_req, reply) => reply.type(type).header('cache-control', cache).send(body));
    }
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}
