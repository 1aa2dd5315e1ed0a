/**
 * ActivateOrder: the session's Draft order becomes Activated (read-only from then on), its
 * reserved stock is sold, the cart is Closed, the session archived, and a CreateOrderSummary
 * operation is enqueued — all in the completing transaction.
 */
import { activateOrderStatus, moveCartStatus } from '../../store/checkout-transitions.js';
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
        if (!(await activateOrderStatus(trx, orderId, actorId))) {
          throw new Error(`Order ${orderId} is no longer a Draft order`);
        }
        await sellReservedStock(trx, orderId);
        if (operation.web_cart_id !== null) await moveCartStatus(trx, operation.web_cart_id, 'close', actorId);
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
