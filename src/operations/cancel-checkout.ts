/**
 * Cancels a cart's checkout in one transaction: its live background operation becomes
 * Canceled (a worker that finishes it later fails its fence and writes nothing), the cart goes
 * back to Active, its non-archived session is archived, and stock reserved for it is released.
 * Used by cancelCartAsyncOperation and by any change to a cart in Checkout (SPEC.md section 3
 * rule 6).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { releaseReservedStock } from '../providers/inventory/stock.js';
import { recordCheckoutEvents } from '../store/checkout-event-log.js';
import { archiveCartSessions, moveCartStatus } from '../store/checkout-transitions.js';
import { nowIso } from '../store/clock.js';
import { touched } from '../store/insert-record.js';

export interface CancelResult {
  readonly canceledOperationIds: readonly string[];
  readonly archivedSessionIds: readonly string[];
}

/** Runs inside the caller's transaction. */
export async function cancelCheckout(trx: Kysely<Database>, cartId: string, actorId: string): Promise<CancelResult> {
  const now = nowIso();
  const canceled = await trx
    .updateTable('background_operation')
    .set({
      status: 'Canceled',
      finished_at: now,
      lease_owner: null,
      lease_expires_at_ms: null,
      ...touched(actorId, now),
    })
    .where('web_cart_id', '=', cartId)
    .where('status', 'in', ['New', 'Running'])
    .returning('id')
    .execute();
  const archivedSessionIds = await archiveCartSessions(trx, cartId, actorId);
  await moveCartStatus(trx, cartId, 'unlock', actorId);
  await releaseReservedStock(trx, cartId);
  await recordCheckoutEvents(trx, {
    type: 'Canceled',
    cartId,
    sessionId: archivedSessionIds[0] ?? null,
    operationId: canceled[0]?.id ?? null,
    detail: { canceledOperationIds: canceled.map((row) => row.id), archivedSessionIds },
    actorId,
  });
  return { canceledOperationIds: canceled.map((row) => row.id), archivedSessionIds };
}
