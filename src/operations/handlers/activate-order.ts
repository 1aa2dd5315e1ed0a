/**
 * ActivateOrder: the session's Draft order becomes Activated (read-only from then on), its
 * reserved stock is sold, the cart is Closed, the session archived, and a CreateOrderSummary
 * operation is enqueued — all in the completing transaction.
 */
import { nowIso } from '../../store/clock.js';
import { touched } from '../../store/insert-record.js';
import { sellReservedStock } from '../../providers/inventory/stock.js';
import { enqueueOperation, synchronousHoldMs } from '../enqueue-operation.js';
import type { OperationHandler } from '../operation-handler.js';
import { parametersOf } from '../operation-row.js';

export const activateOrder: OperationHandler = {
  type: 'ActivateOrder',
  validationType: null,
  async run({ store, actorId }, operation) {
    const { orderId, orderLifeCycleType, isSynchronous } = parametersOf(operation);
    if (orderId === undefined) throw new Error('ActivateOrder without an order id');
    const order = await store.db
      .selectFrom('sales_order')
      .select('status')
      .where('id', '=', orderId)
      .executeTakeFirst();
    if (order === undefined) throw new Error(`Order ${orderId} not found`);
    return {
      outputs: [],
      sessionOnSuccess: 'archive',
      async apply(trx) {
        const now = nowIso();
        await trx
          .updateTable('sales_order')
          .set({ status: 'Activated', status_code: 'Activated', activated_date: now, ...touched(actorId, now) })
          .where('id', '=', orderId)
          .where('status', '=', 'Draft')
          .execute();
        await sellReservedStock(trx, orderId);
        await trx
          .updateTable('web_cart')
          .set({ status: 'Closed', ...touched(actorId, now) })
          .where('id', '=', operation.web_cart_id)
          .execute();
        await enqueueOperation(
          trx,
          {
            type: 'CreateOrderSummary',
            cartId: operation.web_cart_id,
            sessionId: operation.checkout_session_id,
            parameters: { orderId, orderLifeCycleType: orderLifeCycleType ?? 'UNMANAGED' },
            // A synchronous activation runs the summary itself, right after this commit.
            ...(isSynchronous === true ? { runAfterMs: Date.now() + synchronousHoldMs } : {}),
          },
          actorId,
        );
      },
    };
  },
};
