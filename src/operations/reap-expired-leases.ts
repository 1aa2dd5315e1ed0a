/**
 * The reaper: an operation whose worker died keeps status Running with a lease that expires.
 * Once expired, the operation goes back to New (counting a retry) for any worker to take, or
 * to Error when its retries are spent. Each row moves with a conditional update on the lease it
 * had, so two reapers never both act on it. The lease owner names a host and a process, so it
 * goes to ErrorDetail only; buyers read a generic message with a ref.
 */
import type { Store } from '../store/database.js';
import { nowIso } from '../store/clock.js';
import { databaseNowMs } from '../store/database-now.js';
import { touched } from '../store/insert-record.js';
import { markSessionFailed } from './finish-operation.js';
import { replaceValidationOutputs } from './replace-validation-outputs.js';
import { systemFailureNotice } from './system-failure-notice.js';

export interface ReapResult {
  readonly reclaimed: number;
  readonly failed: number;
}

export async function reapExpiredLeases(store: Store, actorId: string): Promise<ReapResult> {
  // Leases are on the database's clock (DESIGN.md concurrency rule 9).
  const nowMs = databaseNowMs(store.dialect);
  const expired = await store.db
    .selectFrom('background_operation')
    .selectAll()
    .where('status', '=', 'Running')
    .where('lease_expires_at_ms', '<', nowMs)
    .limit(100)
    .execute();
  let reclaimed = 0;
  let failed = 0;
  for (const operation of expired) {
    const notice = systemFailureNotice(
      operation.type,
      new Error(`Lease of worker ${operation.lease_owner ?? '?'} expired`),
    );
    const isSpent = operation.retry_count >= operation.retry_limit;
    const moved = await store.transaction(async (trx) => {
      const result = await trx
        .updateTable('background_operation')
        .set((eb) => ({
          status: isSpent ? 'Error' : 'New',
          error: notice.message,
          error_detail: notice.detail,
          retry_count: isSpent ? operation.retry_count : eb('retry_count', '+', 1),
          run_after_ms: nowMs,
          finished_at: isSpent ? nowIso() : null,
          lease_owner: null,
          lease_expires_at_ms: null,
          ...touched(actorId),
        }))
        .where('id', '=', operation.id)
        .where('status', '=', 'Running')
        .where('lease_owner', '=', operation.lease_owner)
        .where('lease_expires_at_ms', '=', operation.lease_expires_at_ms)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return false;
      if (isSpent) {
        const output = { level: 'Error', type: 'SystemError', message: notice.message } as const;
        await replaceValidationOutputs(trx, operation, 'SystemError', [output], actorId);
        await markSessionFailed(trx, operation, actorId);
      }
      return true;
    });
    if (!moved) continue;
    if (isSpent) failed += 1;
    else reclaimed += 1;
  }
  return { reclaimed, failed };
}
