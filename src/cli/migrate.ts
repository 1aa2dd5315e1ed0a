/** `b2b-checkout migrate`: applies pending schema migrations and creates the built-in records. */
import { ensureBuiltIns } from '../access/permission-sets.js';
import { loadConfig } from '../config.js';
import { maskCredentials } from '../domain/mask-credentials.js';
import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

export async function runMigrate(flags: { readonly db?: string }, print: (line: string) => void): Promise<void> {
  const config = loadConfig({ ...(flags.db === undefined ? {} : { db: flags.db }) });
  const store = openStore({ url: config.databaseUrl, poolSize: 1 });
  try {
    await migrateToLatest(store);
    await ensureBuiltIns(store);
    print(`Schema is current (${store.dialect}, ${maskCredentials(config.databaseUrl)}).`);
  } finally {
    await store.close();
  }
}
