/**
 * CartToOrder: one Draft order for the session with its delivery groups and items, and the
 * stock reserved for it — all in the completing transaction. The unique index on the order's
 * session makes a second order impossible whatever retries or races happen.
 */
import type { Kysely } from 'kysely';
import { sumMinor } from '../../domain/money.js';
import { generateId } from '../../records/ids.js';
import type { Database } from '../../records/registry.js';
import { objects } from '../../records/registry.js';
import { reserveStock } from '../../providers/inventory/stock.js';
import { nowIso } from '../../store/clock.js';
import { attachSessionOrder } from '../../store/checkout-transitions.js';
import { insertRecord, insertRecords } from '../../store/insert-record.js';
import type { OperationHandler } from '../operation-handler.js';
import { StepFailure } from '../step-outcome.js';
import { findStaleResults } from './find-stale-results.js';
import { loadLockedCart, productLines, shortfallMessage, type CartItemRow, type CartSnapshot } from './load-cart.js';
import { readOrderTerms, type OrderTerms } from './order-terms.js';

/**
 * Amounts of one cart line as they go onto its order item: exactly what the steps computed.
 * findStaleResults has already refused a line without a current price, so a missing amount
 * here is a broken invariant, never a reason to invent one.
 */
function lineAmounts(item: CartItemRow) {
  if (item.sales_price === null || item.total_line_amount === null) {
    throw new Error(`Cart item ${item.id} has no computed price`);
  }
  const adjustment = item.total_adjustment_amount;
  return {
    unitPrice: item.sales_price,
    lineAmount: item.total_line_amount,
    adjustment,
    totalPrice: sumMinor([item.total_line_amount, adjustment], "The order item's TotalPrice"),
    tax: item.total_tax_amount,
  };
}

async function nextOrderNumber(trx: Kysely<Database>): Promise<string> {
  const row = await trx
    .updateTable('order_number_sequence')
    .set((eb) => ({ next_value: eb('next_value', '+', 1) }))
    .where('id', '=', 1)
    .returning('next_value')
    .executeTakeFirstOrThrow();
  return String(row.next_value - 1).padStart(8, '0');
}

async function createOrder(
  trx: Kysely<Database>,
  snapshot: CartSnapshot,
  terms: OrderTerms,
  sessionId: string,
  actorId: string,
): Promise<void> {
  if (terms.existingOrderId !== null) return;
  const { cart, items, deliveryGroups } = snapshot;
  const orderId = generateId(objects.order.keyPrefix);
  const shortfall = await reserveStock(trx, { cartId: cart.id, orderId }, productLines(items));
  if (shortfall !== null) {
    const line = productLines(items).find((candidate) => candidate.product2Id === shortfall.product2Id)!;
    const message = shortfallMessage(line, shortfall.neededTenThousandths, shortfall.availableTenThousandths);
    throw new StepFailure(message, [{ level: 'Error', type: 'Inventory', message }]);
  }
  const amounts = items.map(lineAmounts);
  const totalAmount = sumMinor(
    amounts.map((line) => line.totalPrice),
    'The order total',
  );
  const totalTax = sumMinor(
    amounts.map((line) => line.tax),
    'The order tax total',
  );
  const now = nowIso();
  const groupIds = new Map(deliveryGroups.map((group) => [group.id, generateId(objects.orderDeliveryGroup.keyPrefix)]));
  await insertRecords(
    trx,
    'orderDeliveryGroup',
    deliveryGroups.map((group) => ({
      id: groupIds.get(group.id)!,
      order_id: orderId,
      deliver_to_name: group.deliver_to_name,
      deliver_to_street: group.deliver_to_street,
      deliver_to_city: group.deliver_to_city,
      deliver_to_state: group.deliver_to_state,
      deliver_to_postal_code: group.deliver_to_postal_code,
      deliver_to_country: group.deliver_to_country,
      order_delivery_method_id: group.delivery_method_id,
      total_amount: items
        .map((item, index) => (item.cart_delivery_group_id === group.id ? amounts[index]!.totalPrice : 0))
        .reduce((sum, amount) => sum + amount, 0),
    })),
    actorId,
  );
  await insertRecords(
    trx,
    'orderItem',
    items.map((item, index) => {
      const line = amounts[index]!;
      return {
        order_id: orderId,
        order_delivery_group_id: groupIds.get(item.cart_delivery_group_id) ?? null,
        product2_id: item.product2_id,
        type: item.type === 'Charge' ? 'Delivery Charge' : 'Order Product',
        description: item.name,
        sku: item.sku,
        quantity: item.quantity,
        list_price: item.list_price,
        unit_price: line.unitPrice,
        total_line_amount: line.lineAmount,
        total_adjustment_amount: line.adjustment,
        total_price: line.totalPrice,
        total_tax_amount: line.tax,
      };
    }),
    actorId,
  );
  // The order number comes from one counter row that every checkout updates: taking it last
  // holds that row's lock only for the final insert and the commit.
  const orderNumber = await nextOrderNumber(trx);
  await insertRecord(
    trx,
    'order',
    {
      id: orderId,
      order_number: orderNumber,
      account_id: cart.account_id,
      owner_id: cart.owner_id,
      sales_store_id: cart.web_store_id,
      status: 'Draft',
      status_code: 'Draft',
      effective_date: now.slice(0, 10),
      ordered_date: now,
      po_number: cart.po_number,
      pricebook2_id: terms.pricebookId,
      reservation_expires_at: terms.reservationExpiresAt,
      currency_iso_code: cart.currency_iso_code,
      order_reference_number: orderNumber,
      billing_street: cart.billing_street,
      billing_city: cart.billing_city,
      billing_state: cart.billing_state,
      billing_postal_code: cart.billing_postal_code,
      billing_country: cart.billing_country,
      total_amount: totalAmount,
      total_tax_amount: totalTax,
      grand_total_amount: sumMinor([totalAmount, totalTax], 'The order grand total'),
      checkout_session_id: sessionId,
    },
    actorId,
  );
  await attachSessionOrder(trx, sessionId, { orderId, orderNumber }, actorId);
}

export const cartToOrder: OperationHandler = {
  type: 'CartToOrder',
  validationType: null,
  // Nothing to do outside the transaction: everything the order is made of is read in it.
  run({ actorId }, operation) {
    const cartId = operation.web_cart_id!;
    const sessionId = operation.checkout_session_id!;
    return Promise.resolve({
      outputs: [],
      async apply(trx) {
        // A change to where the cart goes (a delivery address) doesn't cancel this operation; it
        // voids shipping and taxes. So the results are checked here, on the cart as it is in
        // the completing transaction, with no other write to the cart able to commit between
        // this check and the order.
        const snapshot = await loadLockedCart(trx, cartId);
        const terms = await readOrderTerms(trx, snapshot.cart.web_store_id, sessionId);
        const stale = await findStaleResults(trx, snapshot, terms.charges);
        if (stale.length > 0) throw new StepFailure(stale.map((output) => output.message).join('; '), stale);
        await createOrder(trx, snapshot, terms, sessionId, actorId);
      },
    });
  },
};
