import type { FastifyInstance } from 'fastify';
import type { EcsEmulator } from '../../emulator/index.js';
import type { TrailWriter } from '../../trail-writer/index.js';
import { VERSION } from '../version.js';

/**
 * The emulator's own routes, under a prefix no AWS call can use:
 * GET /_ecs-trail/health, POST /_ecs-trail/reset, POST /_ecs-trail/flush.
 */
export function adminRoutes(deps: { emulator: EcsEmulator; trail: TrailWriter; startedAt: number }) {
  return (app: FastifyInstance): void => {
    app.get('/_ecs-trail/health', async () => {
      let clusters = 0;
      let services = 0;
      let tasks = 0;
      let scopes = 0;
      for (const { store } of deps.emulator.stores.entries()) {
        scopes++;
        for (const c of store.clusters.values()) if (c.status === 'ACTIVE') clusters++;
        services += store.services.size;
        tasks += store.tasks.size;
      }
      return {
        status: 'running',
        version: VERSION,
        uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
        counts: { accountRegions: scopes, clusters, services, tasks },
        trail: { folder: deps.trail.root, ...deps.trail.stats },
      };
    });

    app.post('/_ecs-trail/reset', async () => {
      deps.emulator.reset();
      return { reset: true };
    });

    app.post('/_ecs-trail/flush', async () => {
      const before = deps.trail.stats.filesDelivered;
      await deps.trail.flush();
      return { flushed: true, filesDelivered: deps.trail.stats.filesDelivered - before };
    });
  };
}
