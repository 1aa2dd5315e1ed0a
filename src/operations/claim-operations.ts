/**
 * Claiming: a worker takes up to `limit` due operations by moving them from New to Running
 * with its lease, in one UPDATE whose subquery picks the due rows. On SQLite the statement
 * holds the write lock; on PostgreSQL the due rows are selected `FOR UPDATE SKIP LOCKED`.
 * Either way two claimers never take the same row, and the `status = 'New'` guard keeps the
 * update correct on any dialect.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import type { Store } from '../store/database.js';
import { nowIso } from '../store/clock.js';
import { databaseNowMs, dialectOf } from '../store/database-now.js';
import { prepareQuery } from '../store/prepared-query.js';
import type { OperationRow } from './operation-row.js';

export interface ClaimOptions {
  readonly workerId: string;
  readonly limit: number;
  /** Lease length beyond each operation's own timeout (ms). */
  readonly leaseMarginMs: number;
  /** Claim this operation only, even before its run-after time (synchronous runs). */
  readonly operationId?: string;
}

export async function claimOperations(store: Store, options: ClaimOptions): Promise<OperationRow[]> {
  // Run-after times and leases are on the database's clock (DESIGN.md concurrency rule 9).
  const nowMs = databaseNowMs(store.dialect);
  // Most looks find nothing (a worker looks again after every operation it finishes): a plain
  // read answers those without a write transaction. A row it sees may be gone by the claim;
  // the claim below re-checks everything.
  if (options.operationId === undefined) {
    const anyDue = await store.db
      .selectFrom('background_operation')
      .select('id')
      .where('status', '=', 'New')
      .where('run_after_ms', '<=', nowMs)
      .limit(1)
      .executeTakeFirst();
    if (anyDue === undefined) return [];
  }
  // One statement, so one implicit transaction: the rows are picked and leased together.
  return claimIn(store.db, store, options);
}

/**
 * Inside a transaction that is open already (a worker completing an operation claims its
 * next one in the same commit): the claim UPDATE alone, no look first.
 */
export function claimOperationsIn(
  trx: Kysely<Database>,
  store: Pick<Store, 'dialect' | 'canSkipLocked'>,
  options: ClaimOptions,
): Promise<OperationRow[]> {
  return claimIn(trx, store, options);
}

type ClaimValues = {
  workerId: string;
  startedAt: string;
  leaseMarginMs: number;
  limit: number;
  operationId: string | null;
};

/** The claim UPDATE in its four shapes: any due operation or a named one; SKIP LOCKED or not. */
function claimQuery(byId: boolean, skipLocked: boolean) {
  return prepareQuery<ClaimValues, OperationRow>((db, value) => {
    const nowMs = databaseNowMs(dialectOf(db));
    return db
      .updateTable('background_operation')
      .set((eb) => ({
        status: 'Running',
        started_at: value('startedAt'),
        worker_uri: value('workerId'),
        lease_owner: value('workerId'),
        lease_expires_at_ms: eb(eb('timeout', '+', nowMs), '+', value('leaseMarginMs')),
        last_modified_date: value('startedAt'),
        system_modstamp: value('startedAt'),
      }))
      .where('id', 'in', (eb) => {
        let due = eb.selectFrom('background_operation').select('id').where('status', '=', 'New');
        due = byId
          ? due.where('id', '=', value('operationId') as string)
          : due
              .where('run_after_ms', '<=', nowMs)
              .orderBy('run_after_ms')
              .orderBy('submitted_at')
              .limit(value('limit'));
        // On PostgreSQL, concurrent claimers skip rows another claimer has locked instead of
        // waiting for them; on SQLite the statement holds the only write lock.
        return skipLocked ? due.forUpdate().skipLocked() : due;
      })
      .where('status', '=', 'New')
      .returningAll();
  });
}

const claimQueries = new Map<string, ReturnType<typeof claimQuery>>();

async function claimIn(
  db: Kysely<Database>,
  store: Pick<Store, 'dialect' | 'canSkipLocked'>,
  options: ClaimOptions,
): Promise<OperationRow[]> {
  const byId = options.operationId !== undefined;
  const shape = `${byId}:${store.canSkipLocked}`;
  let query = claimQueries.get(shape);
  if (query === undefined) {
    query = claimQuery(byId, store.canSkipLocked);
    claimQueries.set(shape, query);
  }
  const { rows } = await query.execute(db, {
    workerId: options.workerId,
    startedAt: nowIso(),
    leaseMarginMs: options.leaseMarginMs,
    limit: options.limit,
    operationId: options.operationId ?? null,
  });
  return rows;
}
