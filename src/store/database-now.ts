/**
 * The database's clock, as an SQL expression of epoch milliseconds. Leases, run-after times
 * and expiries compare against it rather than against `Date.now()`: processes on several
 * machines disagree about the time, the one database does not (DESIGN.md concurrency rule 9).
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from './database.js';

export function databaseNowMs(dialect: Dialect): RawBuilder<number> {
  // clock_timestamp(), not now(): now() stands still for the whole transaction.
  return dialect === 'postgres'
    ? sql<number>`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`
    : sql<number>`cast(unixepoch('subsec') * 1000 as integer)`;
}

/** The database's clock as the stored timestamp form (ISO 8601 in UTC with milliseconds). */
export function databaseNowIso(dialect: Dialect): RawBuilder<string> {
  return dialect === 'postgres'
    ? sql<string>`to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
}

/** The database's clock `ageMs` ago, in the stored timestamp form (for "older than" cut-offs). */
export function databaseIsoAgo(dialect: Dialect, ageMs: number): RawBuilder<string> {
  const seconds = Math.max(0, ageMs) / 1000;
  return dialect === 'postgres'
    ? sql<string>`to_char((clock_timestamp() - make_interval(secs => ${seconds})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${seconds} seconds`})`;
}

/** The database's clock `inMs` from now, in the stored timestamp form (for expiries it stamps). */
export function databaseIsoIn(dialect: Dialect, inMs: number): RawBuilder<string> {
  const seconds = inMs / 1000;
  return dialect === 'postgres'
    ? sql<string>`to_char((clock_timestamp() + make_interval(secs => ${seconds})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`${seconds >= 0 ? '+' : ''}${seconds} seconds`})`;
}

/** The dialect of a connection or transaction, for code handed only a Kysely instance. */
export function dialectOf<DB>(db: Kysely<DB>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
