/**
 * `forceCommunity:flowRedirect`: sends the buyer to a page, in checkout flows the order
 * confirmation. Parameters: `pageName`, `recordId` (the templates pass the OrderSummary id).
 * Shows: `pageName`, `recordId` and `order` — the order the record stands for (`orderId`,
 * `orderNumber`, `status`, `orderSummaryId`), when it is an Order or OrderSummary the
 * interview's user may see, else null. Takes nothing back. Reaching this screen finishes the
 * interview with `redirect` (the flow runtime does that).
 */
import type { Caller } from '../../access/caller.js';
import { findVisibleRow } from '../../http/read-record.js';
import { objectOfId, objects } from '../../records/registry.js';
import type { ComponentContext, ScreenComponentAdapter } from '../screen-component.js';
import { parameterOf, refuseUnknownValues } from './component-records.js';

const extensionName = 'forceCommunity:flowRedirect';

interface RedirectOrder {
  readonly orderId: string;
  readonly orderNumber: string | null;
  readonly status: string;
  readonly orderSummaryId: string | null;
}

async function orderOf(context: ComponentContext, caller: Caller, recordId: string): Promise<RedirectOrder | null> {
  const { db } = context.store;
  const definition = objectOfId(recordId);
  let orderId: string | null = null;
  if (definition === objects.orderSummary) {
    const summary = await findVisibleRow(db, caller, objects.orderSummary, recordId);
    orderId = summary === null ? null : String(summary.original_order_id);
  } else if (definition === objects.order) {
    orderId = (await findVisibleRow(db, caller, objects.order, recordId))?.id ?? null;
  }
  if (orderId === null) return null;
  const order = await db
    .selectFrom('sales_order')
    .select(['id', 'order_number', 'status'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (order === undefined) return null;
  const summary = await db
    .selectFrom('order_summary')
    .select('id')
    .where('original_order_id', '=', order.id)
    .executeTakeFirst();
  return {
    orderId: order.id,
    orderNumber: order.order_number,
    status: order.status,
    orderSummaryId: summary?.id ?? null,
  };
}

export const orderConfirmationRedirectComponent: ScreenComponentAdapter = {
  extensionName,
  inputParameters: ['pageName', 'recordId'],
  outputParameters: [],

  async view(context, parameters) {
    const pageName = parameterOf(parameters, 'pageName');
    const recordId = parameterOf(parameters, 'recordId');
    return {
      pageName: typeof pageName === 'string' ? pageName : null,
      recordId: typeof recordId === 'string' ? recordId : null,
      order: typeof recordId === 'string' ? await orderOf(context, context.caller, recordId) : null,
    };
  },

  accept(_context, _parameters, submitted) {
    refuseUnknownValues(extensionName, submitted, []);
    return Promise.resolve({});
  },
};
