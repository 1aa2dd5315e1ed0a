/**
 * Prepared statements inside an open SQLite transaction, run on the connection directly. The
 * transaction holds the store's only connection for its whole length (Kysely's connection
 * lock), so a statement issued through that transaction can run synchronously, as Kysely's own
 * SQLite driver would run it, without the promise hops of Kysely's executor (a fifth of a
 * checkout's CPU time in the profile, ADR 0028). Outside a transaction nothing is bound and
 * statements take Kysely's path, behind its lock.
 */
import type { QueryResult } from 'kysely';

export interface DirectConnection {
  /** Runs one statement now; throws what the driver throws. */
  run<R>(sql: string, parameters: readonly unknown[]): QueryResult<R>;
}

const bound = new WeakMap<object, DirectConnection>();

/** `trx` holds `connection` until the transaction ends. */
export function bindDirectConnection(trx: object, connection: DirectConnection): void {
  bound.set(trx, connection);
}

export function unbindDirectConnection(trx: object): void {
  bound.delete(trx);
}

/** The connection `db` holds inside a transaction, or undefined (take Kysely's path). */
export function directConnectionOf(db: object): DirectConnection | undefined {
  return bound.get(db);
}
