/**
 * The reservation window (SPEC.md section 3 rule 8): a Draft order not activated within its
 * store's window releases its stock, and its session goes to Error with an output saying so —
 * activation then fails as it does for any session in error. Stock is never held forever by an
 * abandoned checkout. Runs on the workers' maintenance schedule; each order moves in one
 * transaction, guarded by the state machine: a session whose activation is already running is
 * left alone (activation sells the stock), one in Error or archived just gets its stock back.
 */
import { phaseOf, expireSessionReservation } from '../store/checkout-transitions.js';
import { databaseNowIso } from '../store/database-now.js';
import type { Store } from '../store/database.js';
import { insertRecord } from '../store/insert-record.js';
import { releaseOrderStock } from '../providers/inventory/stock.js';

/** Orders handled per run; the next run takes the rest. */
const batchSize = 100;

/** `now`: the database's clock unless given (DESIGN.md concurrency rule 9); tests pass their own. */
export async function expireReservations(store: Store, actorId: string, now?: string): Promise<number> {
  const due = await store.db
    .selectFrom('sales_order')
    .select(['id', 'order_number', 'checkout_session_id', 'reservation_expires_at'])
    .where('status', '=', 'Draft')
    .where('reservation_expires_at', '<', now ?? databaseNowIso(store.dialect))
    .orderBy('reservation_expires_at')
    .limit(batchSize)
    .execute();
  let expired = 0;
  for (const order of due) {
    const isExpired = await store.transaction(async (trx) => {
      const readSession = () =>
        trx
          .selectFrom('cart_checkout_session')
          .select(['id', 'web_cart_id', 'is_archived', 'is_processing', 'is_error', 'next_state'])
          .where('id', '=', order.checkout_session_id ?? '')
          .executeTakeFirst();
      const session = await readSession();
      if (session !== undefined && !(await expireSessionReservation(trx, session.id, actorId))) {
        // Read again after the refused update: only a session that can never start activation
        // again (in Error, archived) gives its stock back here; a busy one is left for later.
        const now = await readSession();
        const phase = now === undefined ? 'Archived' : phaseOf(now);
        if (phase !== 'Error' && phase !== 'Archived') return false;
      } else if (session !== undefined) {
        await insertRecord(
          trx,
          'cartValidationOutput',
          {
            cart_id: session.web_cart_id,
            name: 'Inventory Error',
            level: 'Error',
            type: 'Inventory',
            message: `The stock reserved for order ${order.order_number} was released: it wasn't activated within the store's reservation window. Start the checkout again.`,
          },
          actorId,
        );
      }
      await releaseOrderStock(trx, order.id);
      const cleared = await trx
        .updateTable('sales_order')
        .set({ reservation_expires_at: null })
        .where('id', '=', order.id)
        .where('status', '=', 'Draft')
        .executeTakeFirst();
      return cleared.numUpdatedRows === 1n;
    });
    if (isExpired) expired += 1;
  }
  return expired;
}
