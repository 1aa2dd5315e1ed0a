/** Opens a PostgreSQL pool for the store, with bigint columns read as numbers. */
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from '../../records/registry.js';
import { nameStatements } from './named-statements.js';

// int8 columns hold money in minor units, counters and epoch milliseconds: all far below 2^53,
// so reading them as JavaScript numbers is exact (docs/decisions/0002-money.md).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface PostgresOptions {
  readonly url: string;
  /** Connections in the pool of this process. */
  readonly poolSize: number;
  /** Called after every statement (Kysely's `log`); see StoreOptions.onQuery. */
  readonly log?: (event: LogEvent) => void;
}

export function openPostgres(options: PostgresOptions): { db: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    idleTimeoutMillis: 30_000,
    // Bounded waits: while the server restarts or a socket dies silently, a worker loop must
    // fail and try again rather than wait forever for a connection or an answer.
    connectionTimeoutMillis: 10_000,
    query_timeout: 60_000,
    keepAlive: true,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it on the next checkout.
  pool.on('error', () => undefined);
  nameStatements(pool);
  const log = options.log === undefined ? {} : { log: options.log };
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...log }), pool };
}
