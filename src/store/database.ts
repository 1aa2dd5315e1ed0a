/**
 * The store: a Kysely instance over the configured database, plus the transaction helper every
 * state change goes through and the wake-up signal between processes. SQLite (embedded, WAL)
 * is the default; PostgreSQL serves any number of processes. The only dialect-specific code
 * sits in store/sqlite/ and store/postgres/.
 */
import { sql, type CompiledQuery, type Kysely, type LogEvent } from 'kysely';
import type { Database } from '../records/registry.js';
import { checkDatabaseUrl } from './check-database-url.js';
import { listenForWork, newWorkChannel, notifyOneListener } from './postgres/listen-for-work.js';
import { listenOnChannel } from './postgres/listen-on-channel.js';
import {
  dropHeldCheckoutEvents,
  holdCheckoutEvents,
  writeHeldCheckoutEvents,
  type CheckoutEvent,
} from './checkout-event-log.js';
import { openPostgres } from './postgres/open-postgres.js';
import { readWithTimeout } from './postgres/read-with-timeout.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import {
  bindDirectConnection,
  bindOwnConnection,
  unbindDirectConnection,
  type DirectConnection,
} from './direct-statements.js';
import { startCheckpointThread } from './sqlite/checkpoint-thread.js';
import { createSqliteReader } from './sqlite/sqlite-reader.js';
import { createChangeTriggers, deferChanges } from './sqlite/watch-record-changes.js';

/** The channel migration 0007's triggers notify with a changed row's id. */
const recordChangeChannel = 'b2b_checkout_record_change';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Claims can skip rows another transaction holds (`FOR UPDATE SKIP LOCKED`). */
  readonly canSkipLocked: boolean;
  /**
   * Runs `work` in one transaction on one connection and commits, or rolls back when it
   * throws. On SQLite the transaction takes the write lock at its start (BEGIN IMMEDIATE), so
   * two writers never deadlock upgrading read locks; waiting writers queue on busy_timeout.
   */
  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs read-only statements within `budgetMs`, or rejects with ReadTimeoutError, without
   * holding up other requests meanwhile (PostgreSQL: statement_timeout; SQLite: a reader
   * thread). docs/decisions/0018-bounded-queries.md.
   */
  readWithin(statements: readonly CompiledQuery[], budgetMs: number): Promise<Record<string, unknown>[][]>;
  /**
   * Tells one worker process other than this one that work was committed (no-op where there
   * are none): the caller found no free slot of its own (ADR 0020).
   */
  notifyWork(): Promise<void>;
  /**
   * Calls `onWork` when another process committed work for this one; `onWork` answers false
   * when no worker here has a free slot, and the notice goes on to another process. Returns
   * the unsubscribe function.
   */
  listenForWork(onWork: () => boolean): () => Promise<void>;
  /**
   * Calls `onChange` with the id of each changed BackgroundOperation, CartCheckoutSession or
   * flow interview row once the change is committed (PostgreSQL: by any process; SQLite: by this one), and with
   * null when notices may have been missed (a reconnection): then anything may have changed.
   * Resolves once listening; the result stops it. ADR 0020.
   */
  watchRecordChanges(onChange: (id: string | null) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `postgres://…`, `sqlite:<file>`, a plain file path, or `:memory:`. */
  readonly url: string;
  /** PostgreSQL connections of this process (default 10). */
  readonly poolSize?: number;
  /**
   * Called after every SQL statement with its text and duration, including BEGIN and COMMIT.
   * For measurement (the benchmarks count statements and transactions per checkout); leave it
   * unset in production, where it costs a call per statement.
   */
  readonly onQuery?: (query: { readonly sql: string; readonly durationMs: number }) => void;
  /** Called after each commit with the checkout events it wrote (the engine's structured log lines). */
  readonly onCheckoutEvents?: (events: readonly CheckoutEvent[]) => void;
}

/** Kysely's `log` option forwarding executed statements to `onQuery`. */
function queryLogOf(onQuery: StoreOptions['onQuery']): ((event: LogEvent) => void) | undefined {
  if (onQuery === undefined) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery({ sql: event.query.sql, durationMs: event.queryDurationMillis });
  };
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

export function openStore(options: StoreOptions): Store {
  const { url } = options;
  const unsupported = checkDatabaseUrl(url);
  if (unsupported !== null) throw new Error(unsupported);
  if (isPostgresUrl(url)) {
    const log = queryLogOf(options.onQuery);
    const { db } = openPostgres({ url, poolSize: options.poolSize ?? 10, ...(log === undefined ? {} : { log }) });
    const workChannel = newWorkChannel();
    return {
      db,
      dialect: 'postgres',
      canSkipLocked: true,
      transaction: (work) => runTransaction(db, 'begin', work, options.onCheckoutEvents),
      readWithin: (statements, budgetMs) => readWithTimeout(db, statements, budgetMs),
      notifyWork: () => notifyOneListener(db, workChannel),
      listenForWork: (onWork) => listenForWork(url, db, workChannel, onWork),
      async watchRecordChanges(onChange) {
        let isFirst = true;
        const listener = listenOnChannel({
          url,
          channel: recordChangeChannel,
          onNotice: onChange,
          onConnected: () => {
            if (!isFirst) onChange(null);
            isFirst = false;
          },
        });
        await listener.ready;
        return () => listener.stop();
      },
      close: () => db.destroy(),
    };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  const watchers = new Set<(id: string | null) => void>();
  const { db, direct } = openSqlite(
    file,
    queryLogOf(options.onQuery),
    deferChanges((id) => watchers.forEach((watcher) => watcher(id))),
  );
  // Prepared statements on the store's connection skip Kysely's executor while it is idle.
  bindOwnConnection(db, direct);
  let triggersCreated: Promise<void> | null = null;
  // An in-memory database has no file another connection could open: its reads stay inline.
  const reader = file === ':memory:' ? null : createSqliteReader(file);
  const checkpoints = file === ':memory:' ? null : startCheckpointThread(file);
  return {
    db,
    dialect: 'sqlite',
    canSkipLocked: false,
    transaction: (work) => runTransaction(db, 'begin immediate', work, options.onCheckoutEvents, direct),
    readWithin: async (statements, budgetMs) => {
      if (reader === null)
        return Promise.all(
          statements.map(async (statement) => (await db.executeQuery<Record<string, unknown>>(statement)).rows),
        );
      return reader.read(
        statements.map((statement) => ({ sql: statement.sql, parameters: statement.parameters })),
        budgetMs,
      );
    },
    notifyWork: () => Promise.resolve(),
    listenForWork: () => () => Promise.resolve(),
    async watchRecordChanges(onChange) {
      triggersCreated ??= createChangeTriggers(db);
      await triggersCreated;
      watchers.add(onChange);
      return () => {
        watchers.delete(onChange);
        return Promise.resolve();
      };
    },
    close: async () => {
      await reader?.close();
      await checkpoints?.stop();
      await db.destroy();
    },
  };
}

async function runTransaction<T>(
  db: Kysely<Database>,
  beginStatement: string,
  work: (trx: Kysely<Database>) => Promise<T>,
  onCheckoutEvents?: (events: readonly CheckoutEvent[]) => void,
  direct?: DirectConnection,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    // The connection is this transaction's until the callback ends: on SQLite its control
    // statements run on it directly (direct-statements.ts).
    const control = async (statement: string) => {
      if (direct !== undefined) direct.run(statement, []);
      else await sql.raw(statement).execute(connection);
    };
    await control(beginStatement);
    if (direct !== undefined) bindDirectConnection(connection, direct);
    holdCheckoutEvents(connection);
    try {
      const result = await work(connection);
      const events = await writeHeldCheckoutEvents(connection);
      unbindDirectConnection(connection);
      await control('commit');
      if (events.length > 0) onCheckoutEvents?.(events);
      return result;
    } catch (error) {
      unbindDirectConnection(connection);
      dropHeldCheckoutEvents(connection);
      await control('rollback').catch(() => undefined);
      throw error;
    }
  });
}
