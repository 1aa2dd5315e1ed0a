/** Applies the schema migrations in order; each runs once, recorded by Kysely's migrator. */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './database.js';
import { initialSchema } from './migrations/0001-initial-schema.js';
import { loginAttempts } from './migrations/0002-login-attempts.js';

const migrations: Record<string, Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-login-attempts': loginAttempts,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(store: Store): Promise<void> {
  const migrator = new Migrator({ db: store.db, provider });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
}

/** True when every known migration has been applied (readiness check). */
export async function isSchemaCurrent(store: Store): Promise<boolean> {
  const migrator = new Migrator({ db: store.db, provider });
  const applied = await migrator.getMigrations();
  return applied.every((migration) => migration.executedAt !== undefined);
}
