/**
 * The engine of a one-shot operator command (`users`, `tokens`, `demo reset`): built like the
 * server's (migrations, built-in records, createEngine), on the configured database, with no
 * worker loops and no purging schedule, and closed when the command is done.
 */
import { loadConfig, providerSettingsOf, type Config } from '../config.js';
import { createEngine, type Engine } from '../engine.js';

export interface DatabaseFlags {
  readonly db?: string;
}

export async function withOperatorEngine<T>(
  flags: DatabaseFlags,
  work: (engine: Engine, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ ...(flags.db === undefined ? {} : { db: flags.db }) });
  const engine = await createEngine({
    databaseUrl: config.databaseUrl,
    poolSize: 2,
    workers: 0,
    purge: { intervalMs: 0 },
    providerSettings: providerSettingsOf(config),
  });
  try {
    return await work(engine, config);
  } finally {
    await engine.close();
  }
}
