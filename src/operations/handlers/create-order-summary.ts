/**
 * CreateOrderSummary: activation now writes the summary in its own transaction (ADR 0027). This
 * handler remains so that an operation enqueued by an earlier version still finishes, once.
 */
import { activatedOrderColumns } from '../../store/checkout-transitions.js';
import type { OperationHandler } from '../operation-handler.js';
import { parametersOf } from '../operation-row.js';
import { writeOrderSummary } from '../write-order-summary.js';

export const createOrderSummary: OperationHandler = {
  type: 'CreateOrderSummary',
  validationType: null,
  async run({ store, actorId }, operation) {
    const { orderId, orderLifeCycleType } = parametersOf(operation);
    if (orderId === undefined) throw new Error('CreateOrderSummary without an order id');
    const order = await store.db
      .selectFrom('sales_order')
      .select([...activatedOrderColumns, 'status'])
      .where('id', '=', orderId)
      .executeTakeFirst();
    if (order === undefined) throw new Error(`Order ${orderId} not found`);
    if (order.status !== 'Activated') throw new Error(`Order ${order.order_number} is not activated`);
    return {
      outputs: [],
      async apply(trx) {
        const existing = await trx
          .selectFrom('order_summary')
          .select('id')
          .where('original_order_id', '=', orderId)
          .executeTakeFirst();
        if (existing === undefined) await writeOrderSummary(trx, order, orderLifeCycleType ?? 'UNMANAGED', actorId);
      },
    };
  },
};
