/**
 * Scheduled purging (SPEC.md section 7, "Bounded work"): expired access tokens, expired query
 * cursors, the leases of finished operations, finished operations past their age, the
 * validation outputs of closed carts past theirs, checkout events past theirs, finished flow
 * interviews past theirs and paused interviews nobody moved for longer (abandoned: a buyer who
 * closed the tab). Without it these tables only grow, and every read of them slows with them.
 *
 * Every cut-off is on the database's clock (DESIGN.md concurrency rule 9). Each kind of row is
 * deleted in batches of `batchSize` (one short statement each, so a purge never holds a lock
 * for long), at most `maxBatches` per kind and run; what is left waits for the next run. Every
 * process of a deployment runs the schedule: the deletes are idempotent, and two processes
 * purging at once only share the work.
 */
import { sql } from 'kysely';
import type { Store } from '../store/database.js';
import { databaseIsoAgo, databaseNowIso, databaseNowMs } from '../store/database-now.js';

export interface PurgeOptions {
  /** Time between runs (ms); 0 turns the schedule off. Default 10 minutes. */
  readonly intervalMs?: number;
  /** Age after which a finished (Complete, Error, Canceled) operation is deleted. Default 7 days. */
  readonly finishedOperationAgeMs?: number;
  /** Age after which a closed cart's validation outputs are deleted. Default 30 days. */
  readonly closedCartOutputAgeMs?: number;
  /** Age after which a checkout event (src/store/checkout-event-log.ts) is deleted. Default 90 days. */
  readonly checkoutEventAgeMs?: number;
  /** Age after which a Finished or Error flow interview is deleted. Default 7 days. */
  readonly finishedInterviewAgeMs?: number;
  /**
   * Time without a change (a navigate, a wait screen advancing) after which a Paused flow
   * interview counts as abandoned and is deleted. Default 30 days; a read does not count.
   */
  readonly pausedInterviewAgeMs?: number;
  readonly batchSize?: number;
  readonly maxBatches?: number;
}

export interface PurgeCounts {
  readonly accessTokens: number;
  readonly queryCursors: number;
  readonly operationLeases: number;
  readonly operations: number;
  readonly validationOutputs: number;
  readonly checkoutEvents: number;
  readonly finishedInterviews: number;
  readonly abandonedInterviews: number;
}

const day = 24 * 60 * 60 * 1000;
export const purgeDefaults = {
  intervalMs: 10 * 60 * 1000,
  finishedOperationAgeMs: 7 * day,
  closedCartOutputAgeMs: 30 * day,
  checkoutEventAgeMs: 90 * day,
  finishedInterviewAgeMs: 7 * day,
  pausedInterviewAgeMs: 30 * day,
  batchSize: 500,
  maxBatches: 20,
} as const;

const finishedStatuses = ['Complete', 'Error', 'Canceled'];

/** Runs `deleteBatch` until a batch affects fewer than `batchSize` rows; returns the total. */
async function inBatches(
  options: Required<PurgeOptions>,
  deleteBatch: (limit: number) => Promise<{ numAffectedRows?: bigint }>,
): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < options.maxBatches; batch += 1) {
    const affected = Number((await deleteBatch(options.batchSize)).numAffectedRows ?? 0n);
    total += affected;
    if (affected < options.batchSize) break;
  }
  return total;
}

export async function purgeExpiredRows(store: Store, given: PurgeOptions = {}): Promise<PurgeCounts> {
  const options: Required<PurgeOptions> = { ...purgeDefaults, ...given };
  const { db, dialect } = store;
  const nowIso = databaseNowIso(dialect);
  const nowMs = databaseNowMs(dialect);

  const accessTokens = await inBatches(options, (limit) =>
    sql`delete from access_token where token_hash in (
      select token_hash from access_token where expires_at is not null and expires_at < ${nowIso} limit ${limit})`.execute(
      db,
    ),
  );
  const queryCursors = await inBatches(options, (limit) =>
    sql`delete from query_cursor where id in (
      select id from query_cursor where expires_at_ms < ${nowMs} limit ${limit})`.execute(db),
  );
  // Finishing clears the lease in the same statement; this catches any a crash left behind.
  const operationLeases = await inBatches(options, (limit) =>
    sql`update background_operation set lease_owner = null, lease_expires_at_ms = null where id in (
      select id from background_operation
      where status in (${sql.join(finishedStatuses)}) and lease_owner is not null limit ${limit})`.execute(db),
  );
  // Sessions and outputs may still name a purged operation: those references carry no foreign
  // key on purpose (src/store/migrations/0001-initial-schema.ts).
  const operationCutoff = databaseIsoAgo(dialect, options.finishedOperationAgeMs);
  const operations = await inBatches(options, (limit) =>
    sql`delete from background_operation where id in (
      select id from background_operation
      where status in (${sql.join(finishedStatuses)}) and last_modified_date < ${operationCutoff}
      limit ${limit})`.execute(db),
  );
  const outputCutoff = databaseIsoAgo(dialect, options.closedCartOutputAgeMs);
  const validationOutputs = await inBatches(options, (limit) =>
    sql`delete from cart_validation_output where id in (
      select o.id from cart_validation_output o join web_cart c on c.id = o.cart_id
      where c.status = 'Closed' and o.created_date < ${outputCutoff} limit ${limit})`.execute(db),
  );
  const eventCutoff = databaseIsoAgo(dialect, options.checkoutEventAgeMs);
  const checkoutEvents = await inBatches(options, (limit) =>
    sql`delete from checkout_event where id in (
      select id from checkout_event where created_date < ${eventCutoff} limit ${limit})`.execute(db),
  );
  const finishedInterviews = await purgeInterviews(
    store,
    options,
    ['Finished', 'Error'],
    options.finishedInterviewAgeMs,
  );
  // Removed rather than ended: nobody reads it any more, and a buyer who comes back after this
  // long starts a new checkout (the interview's id answers NOT_FOUND).
  const abandonedInterviews = await purgeInterviews(store, options, ['Paused'], options.pausedInterviewAgeMs);
  return {
    accessTokens,
    queryCursors,
    operationLeases,
    operations,
    validationOutputs,
    checkoutEvents,
    finishedInterviews,
    abandonedInterviews,
  };
}

/**
 * Interviews in `statuses` not changed for `ageMs`. The status and age are checked again by the
 * delete itself, so an interview a navigate moves meanwhile (it stamps last_modified_date when
 * it claims the version) stays.
 */
function purgeInterviews(
  store: Store,
  options: Required<PurgeOptions>,
  statuses: readonly string[],
  ageMs: number,
): Promise<number> {
  const cutoff = databaseIsoAgo(store.dialect, ageMs);
  const isStale = sql`status in (${sql.join(statuses)}) and last_modified_date < ${cutoff}`;
  return inBatches(options, (limit) =>
    sql`delete from flow_interview where ${isStale} and id in (
      select id from flow_interview where ${isStale} limit ${limit})`.execute(store.db),
  );
}

export interface Purger {
  stop(): Promise<void>;
}

/** Runs `purgeExpiredRows` every `intervalMs` until stopped; errors go to `onError`. */
export function startPurging(store: Store, options: PurgeOptions, onError: (error: unknown) => void): Purger {
  const intervalMs = options.intervalMs ?? purgeDefaults.intervalMs;
  if (intervalMs <= 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> = Promise.resolve();
  let isStopped = false;
  const timer = setInterval(() => {
    running = running.then(() =>
      isStopped ? undefined : purgeExpiredRows(store, options).then(() => undefined, onError),
    );
  }, intervalMs);
  // The schedule alone never keeps a process alive.
  timer.unref();
  return {
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
