import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzip as gunzipCb } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { EcsEmulator } from '../../emulator/index.js';
import { buildRecord, serializeRecord, type CallRecord, type TrailWriter } from '../../trail-writer/index.js';
import { DashboardEventStream } from '../dashboard/event-stream.js';
import { resourceSnapshot } from '../dashboard/resource-snapshot.js';
import { TrailFeed } from '../dashboard/trail-feed.js';
import type { ResourceSnapshot } from '../dashboard/wire.js';
import { VERSION } from '../version.js';
import { registerBuiltPage } from './dashboard-page.js';

const gunzip = promisify(gunzipCb);

export const DASHBOARD_PATH = '/_ecs-trail/';

export interface Dashboard {
  /** Register the page and its read-only API on the emulator's own app (so only where the API is). */
  register(app: FastifyInstance): void;
  readonly feed: TrailFeed;
}

/**
 * The live dashboard: the built page (dist/dashboard, from `npm run build`) at /_ecs-trail/, and
 * GET-only endpoints under /_ecs-trail/api/ that read the emulator and the trail. Nothing here can
 * change state.
 */
export function dashboardRoutes(deps: {
  emulator: EcsEmulator;
  trail: TrailWriter;
  logger?: Pick<Logger, 'error'>;
  pageDir?: string;
}): Dashboard {
  const feed = new TrailFeed();
  // Every record the trail makes durable (calls, the emulator's own calls, service-side events); the
  // writer logs a listener's error, so a bug here never turns an answered call into an error.
  deps.trail.onRecord((r) => feed.add(r.call, r.seq));
  deps.trail.onDelivered((file) => feed.delivered(file));
  let lastGood: ResourceSnapshot = { now: 0, scopes: [] };
  // Runs on a timer: a bug in a view must cost a stale picture, never the emulator.
  const resources = (): ResourceSnapshot => {
    try {
      lastGood = resourceSnapshot(deps.emulator);
    } catch (err) {
      deps.logger?.error({ err }, 'dashboard: could not take a snapshot of the resources');
    }
    return lastGood;
  };
  const stream = new DashboardEventStream({
    feed,
    resources,
    now: () => deps.emulator.clock.now(),
    hello: (snapshot) => ({
      version: VERSION,
      trailFolder: deps.trail.root,
      entries: feed.entries(),
      minutes: feed.minutes(),
      resources: snapshot,
    }),
  });

  const register = (app: FastifyInstance): void => {
    app.addHook('preClose', (done) => {
      stream.closeAll();
      done();
    });

    app.get('/_ecs-trail/api/events', (req, reply) => {
      reply.hijack();
      stream.attach(reply.raw);
    });

    app.get('/_ecs-trail/api/resources', async () => resources());

    app.get('/_ecs-trail/api/trail', async () => ({ entries: feed.entries(), minutes: feed.minutes() }));

    app.get<{ Params: { eventId: string } }>('/_ecs-trail/api/records/:eventId', async (req, reply) => {
      const found = feed.find(req.params.eventId);
      if (!found) return reply.code(404).send({ message: 'No such record in the dashboard feed (it keeps the most recent calls).' });
      // The same bytes the trail writer put in the journal and the log file.
      const record = serializeRecord(buildRecord(found.call));
      return reply.type('application/json').send(`{"entry":${JSON.stringify(found.entry)},"record":${record}}`);
    });

    // A delivered log file, uncompressed for reading in the browser (`?gz` for the file itself).
    app.get<{ Params: { '*': string }; Querystring: { gz?: string } }>('/_ecs-trail/api/files/*', async (req, reply) => {
      const file = feed.file(req.params['*']);
      if (!file) return reply.code(404).send({ message: 'Not a log file delivered since the emulator started.' });
      const gz = await readFile(file.path);
      if (req.query.gz !== undefined) {
        const name = file.key.slice(file.key.lastIndexOf('/') + 1);
        return reply.type('application/gzip').header('content-disposition', `attachment; filename="${name}"`).send(gz);
      }
      return reply.type('application/json').send(await gunzip(gz));
    });

    app.get('/_ecs-trail', (_req, reply) => reply.redirect(DASHBOARD_PATH));

    const pageDir = deps.pageDir ?? builtPageDir();
    if (pageDir) {
      registerBuiltPage(app, pageDir, DASHBOARD_PATH);
    } else {
      app.get(DASHBOARD_PATH, (_req, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The dashboard page is not built: run `npm run build` (it writes dist/dashboard/).\n'),
      );
    }
  };

  return { register, feed };
}

/** dist/dashboard of this package, from the sources (tsx) or from dist/ alike; undefined if not built. */
function builtPageDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const page = join(dir, 'dist', 'dashboard');
      return existsSync(join(page, 'index.html')) ? page : undefined;
    }
    dir = dirname(dir);
  }
  return undefined;
}
