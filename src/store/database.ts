/**
 * The store: a Kysely instance over the configured database, plus the transaction helper every
 * state change goes through. SQLite (embedded, WAL) is the default; the PostgreSQL dialect
 * plugs in beside it in store/postgres/.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../records/registry.js';
import { openSqlite } from './sqlite/open-sqlite.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * Runs `work` in one transaction on one connection and commits, or rolls back when it
   * throws. On SQLite the transaction takes the write lock at its start (BEGIN IMMEDIATE), so
   * two writers never deadlock upgrading read locks; waiting writers queue on busy_timeout.
   */
  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `sqlite:<file>`, a plain file path, or `:memory:`. */
  readonly url: string;
}

export function openStore(options: StoreOptions): Store {
  const { url } = options;
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    throw new Error('PostgreSQL is not available in this build; use a SQLite file');
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  const db = openSqlite(file);
  return {
    db,
    dialect: 'sqlite',
    transaction: (work) => runTransaction(db, 'begin immediate', work),
    close: () => db.destroy(),
  };
}

async function runTransaction<T>(
  db: Kysely<Database>,
  beginStatement: string,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql.raw(beginStatement).execute(connection);
    try {
      const result = await work(connection);
      await sql.raw('commit').execute(connection);
      return result;
    } catch (error) {
      await sql.raw('rollback').execute(connection);
      throw error;
    }
  });
}
