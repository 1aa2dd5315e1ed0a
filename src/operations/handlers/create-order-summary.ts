/** CreateOrderSummary: the summary of an activated order, once, and its OrderSummaryCreated event. */
import { insertRecord } from '../../store/insert-record.js';
import type { OperationHandler } from '../operation-handler.js';
import { parametersOf } from '../operation-row.js';

export const createOrderSummary: OperationHandler = {
  type: 'CreateOrderSummary',
  validationType: null,
  async run({ store, actorId }, operation) {
    const { orderId, orderLifeCycleType } = parametersOf(operation);
    if (orderId === undefined) throw new Error('CreateOrderSummary without an order id');
    const order = await store.db.selectFrom('sales_order').selectAll().where('id', '=', orderId).executeTakeFirst();
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
        if (existing !== undefined) return;
        const summaryId = await insertRecord(
          trx,
          'orderSummary',
          {
            original_order_id: orderId,
            account_id: order.account_id,
            sales_store_id: order.sales_store_id,
            order_number: order.order_number,
            order_life_cycle_type: orderLifeCycleType ?? 'UNMANAGED',
            status: 'Created',
            ordered_date: order.ordered_date,
            currency_iso_code: order.currency_iso_code,
            total_amount: order.total_amount,
            total_tax_amount: order.total_tax_amount,
            grand_total_amount: order.grand_total_amount,
          },
          actorId,
        );
        await insertRecord(
          trx,
          'orderSummaryCreatedEvent',
          { order_summary_id: summaryId, order_id: orderId },
          actorId,
        );
      },
    };
  },
};
