/**
 * Claiming: a worker takes up to `limit` due operations by moving them from New to Running
 * with its lease. On SQLite the claiming transaction holds the write lock; on PostgreSQL the
 * due rows are selected `FOR UPDATE SKIP LOCKED`. Either way two claimers never take the same
 * row, and the `status = 'New'` guard keeps the update correct on any dialect.
 */
import type { Store } from '../store/database.js';
import { nowIso } from '../store/clock.js';
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
  const nowMs = Date.now();
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
  return store.transaction(async (trx) => {
    let query = trx.selectFrom('background_operation').select('id').where('status', '=', 'New');
    query =
      options.operationId === undefined
        ? query.where('run_after_ms', '<=', nowMs).orderBy('run_after_ms').orderBy('submitted_at').limit(options.limit)
        : query.where('id', '=', options.operationId);
    // On PostgreSQL, concurrent claimers skip rows another claimer has locked instead of
    // waiting for it; SQLite's claiming transaction already holds the only write lock.
    const due = await (store.canSkipLocked ? query.forUpdate().skipLocked() : query).execute();
    if (due.length === 0) return [];
    const startedAt = nowIso();
    const claimed = await trx
      .updateTable('background_operation')
      .set((eb) => ({
        status: 'Running',
        started_at: startedAt,
        worker_uri: options.workerId,
        lease_owner: options.workerId,
        lease_expires_at_ms: eb('timeout', '+', nowMs + options.leaseMarginMs),
        last_modified_date: startedAt,
        system_modstamp: startedAt,
      }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .where('status', '=', 'New')
      .returningAll()
      .execute();
    return claimed;
  });
}
