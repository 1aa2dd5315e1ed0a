/**
 * ActivateOrder: the session's Draft order becomes Activated (read-only from then on), its
 * reserved stock is sold, the cart is Closed, the order summary is written and the session
 * archived — all in the completing transaction, so the session leaves processing only once the
 * summary exists (SPEC.md section 4, ADR 0027).
 */
import { activateOrderStatus, moveCartStatus } from '../../store/checkout-transitions.js';
import { sellReservedStock } from '../../providers/inventory/stock.js';
import type { OperationHandler } from '../operation-handler.js';
import { parametersOf } from '../operation-row.js';
import { writeOrderSummary } from '../write-order-summary.js';

export const activateOrder: OperationHandler = {
  type: 'ActivateOrder',
  validationType: null,
  run({ actorId }, operation) {
    const { orderId, orderLifeCycleType } = parametersOf(operation);
    if (orderId === undefined) return Promise.reject(new Error('ActivateOrder without an order id'));
    return Promise.resolve({
      outputs: [],
      sessionOnSuccess: 'archive',
      async apply(trx) {
        const order = await activateOrderStatus(trx, orderId, actorId);
        if (order === undefined) throw new Error(`Order ${orderId} is no longer a Draft order`);
        await sellReservedStock(trx, orderId);
        if (operation.web_cart_id !== null) await moveCartStatus(trx, operation.web_cart_id, 'close', actorId);
        await writeOrderSummary(trx, order, orderLifeCycleType ?? 'UNMANAGED', actorId);
      },
    });
  },
};
