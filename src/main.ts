/**
 * The composition root: configuration → logger, metrics, engine (store, workers), the
 * administrator, the HTTP app; listening until `close`, which stops accepting, finishes
 * in-flight requests, then stops the workers after their running operations.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ensureAdministrator, type Administrator } from './access/ensure-administrator.js';
import { providerSettingsOf, type Config } from './config.js';
import { createLogger } from './create-logger.js';
import { createEngine, type Engine } from './engine.js';
import { buildApp } from './http/app.js';
import { createMetrics } from './http/metrics.js';

export interface Server {
  readonly url: string;
  readonly engine: Engine;
  readonly app: FastifyInstance;
  readonly administrator: Administrator;
  /** The process's logger (its level may be raised for a while, e.g. while a demo prints its own trace). */
  readonly logger: Logger;
  close(): Promise<void>;
}

/** A one-line reason for a port we can't listen on; other errors pass through unchanged. */
function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return new Error(`port ${config.port} on ${config.host} is already in use`);
  if (code === 'EACCES') return new Error(`no permission to listen on port ${config.port} on ${config.host}`);
  if (code === 'EADDRNOTAVAIL') return new Error(`address ${config.host} is not available on this machine`);
  return error;
}

export async function startServer(config: Config, beforeListen?: (engine: Engine) => Promise<void>): Promise<Server> {
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  const engine = await createEngine({
    databaseUrl: config.databaseUrl,
    workers: config.workers,
    providerSettings: providerSettingsOf(config),
    queryBudgetMs: config.queryTimeoutMs,
    purge: {
      intervalMs: config.purgeIntervalMs,
      finishedOperationAgeMs: config.purgeOperationAgeMs,
      closedCartOutputAgeMs: config.purgeOutputAgeMs,
      checkoutEventAgeMs: config.purgeEventAgeMs,
      finishedInterviewAgeMs: config.purgeInterviewAgeMs,
      pausedInterviewAgeMs: config.purgePausedInterviewAgeMs,
    },
    logger,
    onWorkerEvent: (event) => metrics.recordWorkerEvent(event),
    onError: (error, context) => logger.error({ err: error, context }, 'engine error'),
  });
  const tokenTtlMs = config.tokenTtlSeconds * 1000;
  let app: FastifyInstance | null = null;
  let administrator: Administrator;
  try {
    administrator = await ensureAdministrator(engine.store, config.adminToken, tokenTtlMs);
    await beforeListen?.(engine);
    app = buildApp({
      engine,
      metrics,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      tokenTtlMs,
      ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // The workers and the database pool would keep the process alive, serving nothing.
    await app?.close().catch(() => undefined);
    await engine.close();
    throw listenError(error, config);
  }
  const listening = app;
  const address = listening.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    engine,
    app: listening,
    administrator,
    logger,
    async close() {
      await listening.close();
      await engine.close();
    },
  };
}
