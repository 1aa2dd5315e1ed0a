/**
 * Prepared statements inside an open SQLite transaction, run on the connection directly. The
 * transaction holds the store's only connection for its whole length (Kysely's connection
 * lock), so a statement issued through that transaction can run synchronously, as Kysely's own
 * SQLite driver would run it, without the promise hops of Kysely's executor (a fifth of a
 * checkout's CPU time in the profile, ADR 0028). Outside a transaction, a statement on the
 * store's own connection runs directly too while that connection has no transaction open (it
 * then sees only committed rows, as through Kysely); while one is open, it takes Kysely's path
 * and waits behind Kysely's lock for that transaction to end.
 */
import type { QueryResult } from 'kysely';

export interface DirectConnection {
  /** Runs one statement now; throws what the driver throws. */
  run<R>(sql: string, parameters: readonly unknown[]): QueryResult<R>;
  /** True while no transaction is open on the connection (SQLite's own account of it). */
  isIdle(): boolean;
}

const bound = new WeakMap<object, DirectConnection>();
const owned = new WeakMap<object, DirectConnection>();

/** `db` is the store's connection itself: its statements run directly whenever it is idle. */
export function bindOwnConnection(db: object, connection: DirectConnection): void {
  owned.set(db, connection);
}

/** `trx` holds `connection` until the transaction ends. */
export function bindDirectConnection(trx: object, connection: DirectConnection): void {
  bound.set(trx, connection);
}

export function unbindDirectConnection(trx: object): void {
  bound.delete(trx);
}

/**
 * The connection `db` holds inside a transaction, or the store's connection while it is idle;
 * undefined: take Kysely's path.
 */
export function directConnectionOf(db: object): DirectConnection | undefined {
  const inTransaction = bound.get(db);
  if (inTransaction !== undefined) return inTransaction;
  const own = owned.get(db);
  return own?.isIdle() === true ? own : undefined;
}
