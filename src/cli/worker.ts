/**
 * `b2b-checkout worker`: background operations only, no HTTP. Any number of these run beside
 * `serve --no-worker` processes against one PostgreSQL database; they coordinate only through
 * it (claims with SKIP LOCKED, leases, LISTEN/NOTIFY). Stops gracefully on SIGTERM or SIGINT:
 * no new claims, running operations finish.
 */
import { loadConfig, providerSettingsOf } from '../config.js';
import { createLogger } from '../create-logger.js';
import { maskCredentials } from '../domain/mask-credentials.js';
import { createEngine } from '../engine.js';

export interface WorkerFlags {
  readonly db?: string;
  readonly workers?: string;
  readonly concurrency?: string;
  readonly pollMs?: string;
  readonly leaseMarginMs?: string;
  readonly reapMs?: string;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, got ${value}`);
  return parsed;
}

export async function runWorker(flags: WorkerFlags, print: (line: string) => void): Promise<void> {
  const config = loadConfig({ ...(flags.db === undefined ? {} : { db: flags.db }) });
  const logger = createLogger(config.logLevel);
  const workers = positive(flags.workers, 'workers') ?? 1;
  const concurrency = positive(flags.concurrency, 'concurrency');
  const pollIntervalMs = positive(flags.pollMs, 'poll-ms');
  const leaseMarginMs = positive(flags.leaseMarginMs, 'lease-margin-ms');
  const reapIntervalMs = positive(flags.reapMs, 'reap-ms');
  const engine = await createEngine({
    databaseUrl: config.databaseUrl,
    workers,
    providerSettings: providerSettingsOf(config),
    ...(concurrency === undefined ? {} : { workerConcurrency: concurrency }),
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
    ...(leaseMarginMs === undefined ? {} : { leaseMarginMs }),
    ...(reapIntervalMs === undefined ? {} : { reapIntervalMs }),
    // Operation runs and checkout events, each naming its cart, session and operation (src/log-activity.ts).
    logger,
    onError: (error, context) => logger.error({ err: error, context }, 'worker error'),
  });
  print(`b2b-checkout worker: ${workers} loop(s) on ${maskCredentials(config.databaseUrl)}`);
  let isClosing = false;
  const shutdown = (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    print(`${signal}: finishing running operations…`);
    engine.close().then(
      () => print('stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
