/**
 * Liveness and readiness for orchestrators. `/healthz`: the process answers. `/readyz`: the
 * database answers and every migration is applied — a process that is up but cannot serve
 * yet (or runs against an older schema) is taken out of rotation rather than restarted.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../store/database.js';
import { isSchemaCurrent } from '../store/migrate.js';

export function registerHealthRoutes(app: FastifyInstance, store: Store): void {
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await sql`select 1`.execute(store.db);
      if (!(await isSchemaCurrent(store))) {
        return reply.status(503).send({ status: 'unavailable', reason: 'migrations pending' });
      }
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
}
