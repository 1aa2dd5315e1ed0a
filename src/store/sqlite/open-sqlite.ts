/** Opens an embedded SQLite database with the settings the engine relies on. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type LogEvent, type QueryResult } from 'kysely';
import type { Database } from '../../records/registry.js';
import type { DirectConnection } from '../direct-statements.js';
import { fallbackCheckpointPages } from './checkpoint-thread.js';

/** How long a writer waits for another process's write lock before failing (ms). */
const busyTimeoutMs = 10_000;

/** Distinct statements kept compiled; the engine issues a few hundred shapes. */
const statementCacheSize = 500;

/**
 * The connection as Kysely's dialect sees it, reusing compiled statements: Kysely prepares
 * every query afresh, and compiling was a fifth of a checkout's CPU time (BENCHMARKS.md).
 * Reuse is safe because Kysely runs one query at a time on this one connection and reads each
 * result completely before the next.
 */
function withStatementCache(connection: BetterSqlite3.Database) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = connection.prepare(sql);
        // Oldest first out: statements with a varying number of rows (bulk inserts) come and go.
        if (statements.size >= statementCacheSize) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Switching a new file to WAL takes the exclusive lock in one attempt, without the busy
 * handler: processes opening a new file together get SQLITE_BUSY here. Retried, with short
 * synchronous waits (this runs once, while the store opens), for up to the busy timeout.
 */
function switchToWal(connection: BetterSqlite3.Database): void {
  const deadline = Date.now() + busyTimeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      connection.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const isBusy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY') === true;
      if (!isBusy || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.random() * 20);
    }
  }
}

/** The SQL function the per-connection change triggers call (sqlite/watch-record-changes.ts). */
export const recordChangedFunction = 'b2b_record_changed';

export interface OpenedSqlite {
  readonly db: Kysely<Database>;
  /** The same connection and statement cache, for statements inside a transaction. */
  readonly direct: DirectConnection;
}

export function openSqlite(
  file: string,
  log?: (event: LogEvent) => void,
  onRecordChanged?: (id: string) => void,
): OpenedSqlite {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file);
  connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
  switchToWal(connection);
  // NORMAL in WAL mode: a commit is durable against process crashes; only an OS crash or power
  // loss can lose the last transactions. The benchmark quotes the commit rate for this setting.
  connection.pragma('synchronous = NORMAL');
  // Checkpoints run on their own thread (checkpoint-thread.ts); this is the fallback only.
  if (file !== ':memory:') connection.pragma(`wal_autocheckpoint = ${fallbackCheckpointPages}`);
  // Off by default in SQLite, and per connection: the schema's foreign keys hold only with it.
  connection.pragma('foreign_keys = ON');
  // Called inside the writing statement: it must neither throw nor touch this connection.
  connection.function(recordChangedFunction, { deterministic: false }, (id: unknown) => {
    if (typeof id === 'string') onRecordChanged?.(id);
    return null;
  });
  const cached = withStatementCache(connection);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: cached }),
    ...(log === undefined ? {} : { log }),
  });
  const direct: DirectConnection = {
    run<R>(sql: string, parameters: readonly unknown[]): QueryResult<R> {
      const startedMs = log === undefined ? 0 : performance.now();
      const statement = cached.prepare(sql);
      // The same calls Kysely's SQLite driver makes.
      const result: QueryResult<R> = statement.reader
        ? { rows: statement.all(parameters) as R[] }
        : (() => {
            const { changes, lastInsertRowid } = statement.run(parameters);
            return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
          })();
      log?.({
        level: 'query',
        query: CompiledQuery.raw(sql, [...parameters]),
        queryDurationMillis: performance.now() - startedMs,
      });
      return result;
    },
    isIdle: () => !connection.inTransaction,
  };
  return { db, direct };
}
