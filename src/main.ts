/**
 * The composition root: configuration → logger, metrics, engine (store, workers), the
 * administrator, the HTTP app; listening until `close`, which stops accepting, finishes
 * in-flight requests, then stops the workers after their running operations.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { ensureAdministrator, type Administrator } from './access/ensure-administrator.js';
import type { Config } from './config.js';
import { createEngine, type Engine } from './engine.js';
import { buildApp } from './http/app.js';
import { createMetrics } from './http/metrics.js';

export interface Server {
  readonly url: string;
  readonly engine: Engine;
  readonly app: FastifyInstance;
  readonly administrator: Administrator;
  close(): Promise<void>;
}

export async function startServer(config: Config, beforeListen?: (engine: Engine) => Promise<void>): Promise<Server> {
  const logger = pino({ level: config.logLevel });
  const metrics = createMetrics();
  const engine = await createEngine({
    databaseUrl: config.databaseUrl,
    workers: config.workers,
    queryBudgetMs: config.queryTimeoutMs,
    purge: {
      intervalMs: config.purgeIntervalMs,
      finishedOperationAgeMs: config.purgeOperationAgeMs,
      closedCartOutputAgeMs: config.purgeOutputAgeMs,
    },
    onWorkerEvent: (event) => metrics.recordWorkerEvent(event),
    onError: (error, context) => logger.error({ err: error, context }, 'engine error'),
  });
  const administrator = await ensureAdministrator(engine.store, config.adminToken);
  await beforeListen?.(engine);
  const app = buildApp({ engine, metrics, logger, bodyLimitBytes: config.bodyLimitBytes });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    engine,
    app,
    administrator,
    async close() {
      await app.close();
      await engine.close();
    },
  };
}
