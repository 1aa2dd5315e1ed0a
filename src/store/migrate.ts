/**
 * Applies the schema migrations in order; each runs once, recorded by Kysely's migrator.
 *
 * Any number of processes may start at the same moment on a new database (DESIGN.md
 * concurrency rule 10), so the migrator runs under a lock held on one dedicated connection,
 * and on that same connection (a pool of one, as `b2b-checkout migrate` opens, must not wait
 * for a second): on PostgreSQL a session advisory lock; on SQLite an exclusive transaction,
 * which other processes wait for on busy_timeout. The second process in finds the migrations
 * applied and does nothing. docs/decisions/0017-migrations-and-startup.md.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../records/registry.js';
import type { Dialect, Store } from './database.js';
import { initialSchema } from './migrations/0001-initial-schema.js';
import { loginAttempts } from './migrations/0002-login-attempts.js';
import { queryCursors } from './migrations/0003-query-cursors.js';
import { paymentsAndAddresses } from './migrations/0004-payments-and-addresses.js';
import { flows } from './migrations/0005-flows.js';
import { organization } from './migrations/0006-organization.js';
import { changeNotices } from './migrations/0007-change-notices.js';
import { checkoutEventLog } from './migrations/0008-checkout-event-log.js';
import { interviewPurgeIndex } from './migrations/0009-interview-purge-index.js';
import { interviewChangeNotices } from './migrations/0010-interview-change-notices.js';
import { checkoutFigureIndexes } from './migrations/0011-checkout-figure-indexes.js';

/** Key of the PostgreSQL advisory lock taken around migrations ("b2bc" in ASCII). */
const migrationLockKey = 0x62326263;

function providerOf(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial-schema': initialSchema(dialect),
    '0002-login-attempts': loginAttempts,
    '0003-query-cursors': queryCursors,
    '0004-payments-and-addresses': paymentsAndAddresses,
    '0005-flows': flows,
    '0006-organization': organization,
    '0007-change-notices': changeNotices(dialect),
    '0008-checkout-event-log': checkoutEventLog(dialect),
    '0009-interview-purge-index': interviewPurgeIndex,
    '0010-interview-change-notices': interviewChangeNotices(dialect),
    '0011-checkout-figure-indexes': checkoutFigureIndexes,
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}

export async function migrateToLatest(store: Store): Promise<void> {
  await store.db.connection().execute(async (connection) => {
    if (store.dialect === 'postgres') {
      await sql`select pg_advisory_lock(${migrationLockKey})`.execute(connection);
      try {
        await runMigrator(connection, store.dialect);
      } finally {
        await sql`select pg_advisory_unlock(${migrationLockKey})`.execute(connection);
      }
      return;
    }
    await sql`begin exclusive`.execute(connection);
    try {
      await runMigrator(connection, store.dialect);
      await sql`commit`.execute(connection);
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

async function runMigrator(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: providerOf(dialect) });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
}

/** True when every known migration has been applied (readiness check). */
export async function isSchemaCurrent(store: Store): Promise<boolean> {
  const migrator = new Migrator({ db: store.db, provider: providerOf(store.dialect) });
  const applied = await migrator.getMigrations();
  return applied.every((migration) => migration.executedAt !== undefined);
}
