/** Opens an embedded SQLite database with the settings the engine relies on. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import type { Database } from '../../records/registry.js';

/** How long a writer waits for another process's write lock before failing (ms). */
const busyTimeoutMs = 10_000;

export function openSqlite(file: string, log?: (event: LogEvent) => void): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file);
  connection.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit is durable against process crashes; only an OS crash or power
  // loss can lose the last transactions. The benchmark quotes the commit rate for this setting.
  connection.pragma('synchronous = NORMAL');
  connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: connection }),
    ...(log === undefined ? {} : { log }),
  });
}
