/**
 * The summary of an activated order and its OrderSummaryCreated event. Activation writes it in
 * its completing transaction, so a session leaves processing only when its summary exists
 * (SPEC.md section 4, ADR 0027).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import type { ActivatedOrder } from '../store/checkout-transitions.js';
import { insertRecord } from '../store/insert-record.js';

export async function writeOrderSummary(
  trx: Kysely<Database>,
  order: ActivatedOrder,
  orderLifeCycleType: string,
  actorId: string,
): Promise<string> {
  const summaryId = await insertRecord(
    trx,
    'orderSummary',
    {
      original_order_id: order.id,
      account_id: order.account_id,
      sales_store_id: order.sales_store_id,
      order_number: order.order_number,
      order_life_cycle_type: orderLifeCycleType,
      status: 'Created',
      ordered_date: order.ordered_date,
      currency_iso_code: order.currency_iso_code,
      total_amount: order.total_amount,
      total_tax_amount: order.total_tax_amount,
      grand_total_amount: order.grand_total_amount,
    },
    actorId,
  );
  await insertRecord(trx, 'orderSummaryCreatedEvent', { order_summary_id: summaryId, order_id: order.id }, actorId);
  return summaryId;
}
