import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { EcsEmulator } from '../../emulator/index.js';
import type { TrailWriter } from '../../trail-writer/index.js';
import { VERSION } from '../version.js';
import type { LiveServiceEvents } from '../service-events/live-service-events.js';
import type { ServiceSideEvents } from '../service-events/service-side-events.js';
import { containerCredentials } from '../service-events/task-sessions.js';

/**
 * The emulator's own routes, under a prefix no AWS call can use:
 * GET /_ecs-trail/health, POST /_ecs-trail/reset, POST /_ecs-trail/flush. Who may call them is
 * decided before routing (http/admin-access.ts): the POSTs need the X-Ecs-Trail-Token header.
 */
export function adminRoutes(deps: {
  emulator: EcsEmulator;
  trail: TrailWriter;
  startedAt: number;
  logger: Pick<Logger, 'info'>;
  serviceEvents?: LiveServiceEvents | undefined;
  taskSessions?: Pick<ServiceSideEvents, 'taskSession'> | undefined;
}) {
  return (app: FastifyInstance): void => {
    app.get('/_ecs-trail/health', async (req) => {
      // Without the admin token (when one is required) only liveness: enough for a container's
      // health check, nothing about the trail or the resources.
      if (!req.adminAuthorized) return { status: 'running' };
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

    app.post('/_ecs-trail/reset', async (req) => {
      deps.emulator.reset();
      deps.serviceEvents?.reset();
      // Not an AWS call, so not in the trail: the server log is where a reset is recorded.
      deps.logger.info(
        { peer: req.ip, userAgent: req.headers['user-agent'] },
        'reset: the ECS state of every account and region was wiped (POST /_ecs-trail/reset); the trail is kept',
      );
      return { reset: true };
    });

    app.post('/_ecs-trail/flush', async () => {
      const before = deps.trail.stats.filesDelivered;
      await deps.serviceEvents?.settle();
      await deps.trail.flush();
      return { flushed: true, filesDelivered: deps.trail.stats.filesDelivered - before };
    });

    // The credentials a task's containers get from its credential endpoint, once ECS has assumed the
    // task role (service events on): calls signed with them are the task role session's.
    app.get<{ Params: { task: string } }>('/_ecs-trail/task-credentials/:task', async (req, reply) => {
      const task = decodeURIComponent(req.params.task);
      const session = findTaskSession(deps.emulator, deps.taskSessions, task);
      if (!session) {
        return reply.code(404).send({
          message: deps.taskSessions
            ? `no task role credentials for task "${task}": the task is unknown, has no task role, or has not reached PENDING yet`
            : 'service events are off (--service-events off): ECS assumes no task roles',
        });
      }
      return containerCredentials(session);
    });
  };
}

/** A task by ARN, or by id in any account and region. */
function findTaskSession(emulator: EcsEmulator, sessions: Pick<ServiceSideEvents, 'taskSession'> | undefined, task: string) {
  if (!sessions) return undefined;
  if (task.startsWith('arn:')) return sessions.taskSession(task);
  for (const { store } of emulator.stores.entries()) {
    for (const arn of store.tasks.keys()) if (arn.endsWith(`/${task}`)) return sessions.taskSession(arn);
  }
  return undefined;
}
