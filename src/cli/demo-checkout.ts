/**
 * One full checkout of a cart through the standard sequence (Inventory, Confirm Price,
 * Calculate Promotions, Shipping Cost, Delivery Method, Taxes, Cart To Order, Activate Order),
 * printing each action, each state transition and each background operation with its duration,
 * ending with the priced, discounted and taxed order, its order summary and the stock.
 * Needs a worker running in the engine.
 */
import { formatMinorUnits } from '../domain/money.js';
import { formatQuantity } from '../domain/quantity.js';
import type { Engine } from '../engine.js';
import { setSessionState } from '../store/checkout-transitions.js';

export interface DemoCheckout {
  readonly cartId: string;
  readonly buyerId: string;
  /** The delivery method the buyer chooses among the offered ones. */
  readonly deliveryMethodId: string;
  readonly print: (line: string) => void;
}

async function sessionState(engine: Engine, sessionId: string): Promise<string> {
  const session = await engine.store.db
    .selectFrom('cart_checkout_session')
    .select(['state', 'is_archived'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return `${session.state}${session.is_archived === 1 ? ' (archived)' : ''}`;
}

/** The background operation the last step ran. */
async function printOperation(engine: Engine, sessionId: string, print: (line: string) => void): Promise<void> {
  const session = await engine.store.db
    .selectFrom('cart_checkout_session')
    .select('background_operation_id')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const operations = await engine.store.db
    .selectFrom('background_operation')
    .select(['id', 'type', 'status', 'started_at', 'finished_at', 'retry_count'])
    .where('id', '=', session.background_operation_id)
    .execute();
  for (const operation of operations) {
    const ms =
      operation.started_at === null || operation.finished_at === null
        ? '?'
        : String(Date.parse(operation.finished_at) - Date.parse(operation.started_at));
    const retries = operation.retry_count === 0 ? '' : ` after ${operation.retry_count} retries`;
    print(`   ⚙ ${operation.type} ${operation.status} in ${ms} ms${retries}`);
  }
}

export async function runDemoCheckout(
  engine: Engine,
  { cartId, buyerId, deliveryMethodId, print }: DemoCheckout,
): Promise<void> {
  let sessionId = '';
  const invoke = async (action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const startedMs = performance.now();
    const result = await engine.invoke(action, input, { userId: buyerId });
    const elapsed = (performance.now() - startedMs).toFixed(1);
    if (!result.isSuccess) {
      throw new Error(`${action} failed: ${JSON.stringify(result.errors)}`);
    }
    print(`→ ${action} ✓ ${elapsed} ms ${JSON.stringify(result.outputValues)}`);
    return result.outputValues!;
  };
  const step = async (from: string, to: string, action: string, extra: Record<string, unknown> = {}) => {
    await invoke('updateCheckoutSessionStateAction', {
      checkoutSessionId: sessionId,
      expCurrentState: from,
      nextState: to,
    });
    await invoke(action, { cartId, ...extra });
    await engine.settle();
    await printOperation(engine, sessionId, print);
    print(`   session: ${from} → ${await sessionState(engine, sessionId)}`);
  };

  sessionId = (await invoke('checkoutSessionAction', { cartId })).requestId as string;
  print(`   session ${sessionId}: ${await sessionState(engine, sessionId)}`);
  await step('Start', 'Inventory', 'checkCartInventoryAction');
  await step('Inventory', 'Confirm Price', 'priceCart');
  await step('Confirm Price', 'Calculate Promotions', 'calcCartPromotionsAction');
  await step('Calculate Promotions', 'Shipping Cost', 'calcCartShipmentAction');
  const options = await engine.store.db
    .selectFrom('cart_delivery_group_method')
    .select(['name', 'shipping_fee', 'delivery_method_id'])
    .where('web_cart_id', '=', cartId)
    .orderBy('shipping_fee')
    .execute();
  for (const option of options) print(`   option: ${option.name} ${formatMinorUnits(option.shipping_fee)}`);
  await invoke('setCheckoutDeliveryMethod', { cartId, deliveryMethodId });
  // Delivery Method is a screen step: the flow sets State itself (a PATCH of the session).
  await engine.store.transaction((trx) => setSessionState(trx, sessionId, 'Delivery Method', buyerId));
  print(`   session: Shipping Cost → ${await sessionState(engine, sessionId)}`);
  await step('Delivery Method', 'Taxes', 'calcCartTaxesAction');
  await step('Taxes', 'Cart To Order', 'cartToOrderAction');
  await step('Cart To Order', 'Activate Order', 'activateOrderAction', { orderStatus: 'Activated' });

  const { db } = engine.store;
  const session = await db
    .selectFrom('cart_checkout_session')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const order = await db
    .selectFrom('sales_order')
    .selectAll()
    .where('id', '=', session.order_id!)
    .executeTakeFirstOrThrow();
  const items = await db.selectFrom('order_item').selectAll().where('order_id', '=', order.id).execute();
  const summary = await db
    .selectFrom('order_summary')
    .selectAll()
    .where('original_order_id', '=', order.id)
    .executeTakeFirstOrThrow();
  const cart = await db.selectFrom('web_cart').select('status').where('id', '=', cartId).executeTakeFirstOrThrow();
  print('');
  print(`Order ${order.order_number} (${order.id}): ${order.status}, activated ${order.activated_date ?? ''}`);
  for (const item of items) {
    const discount = item.total_adjustment_amount === 0 ? '' : ` ${formatMinorUnits(item.total_adjustment_amount)}`;
    print(
      `   ${formatQuantity(item.quantity)} × ${item.description ?? ''}${item.sku === null ? '' : ` (${item.sku})`} at ${formatMinorUnits(item.unit_price)}${discount} = ${formatMinorUnits(item.total_price)} + tax ${formatMinorUnits(item.total_tax_amount)}`,
    );
  }
  const adjustments = await db
    .selectFrom('cart_item_price_adjustment')
    .select(['name', (eb) => eb.fn.sum<number>('total_amount').as('amount')])
    .where('web_cart_id', '=', cartId)
    .groupBy('name')
    .execute();
  for (const adjustment of adjustments)
    print(`   discount ${adjustment.name}: ${formatMinorUnits(Number(adjustment.amount))}`);
  print(
    `   subtotal ${formatMinorUnits(order.total_amount)} + tax ${formatMinorUnits(order.total_tax_amount)} = total ${formatMinorUnits(order.grand_total_amount)} ${order.currency_iso_code}`,
  );
  print(
    `Order summary ${summary.id}: ${summary.status}, ${summary.order_life_cycle_type}, total ${formatMinorUnits(summary.grand_total_amount)} ${summary.currency_iso_code}`,
  );
  print(`Cart ${cartId}: ${cart.status}; session archived: ${session.is_archived === 1 ? 'yes' : 'no'}`);
  const stock = await db
    .selectFrom('product_inventory')
    .innerJoin('product', 'product.id', 'product_inventory.product2_id')
    .select(['product.stock_keeping_unit as sku', 'quantity_on_hand', 'quantity_reserved', 'quantity_sold'])
    .orderBy('product.stock_keeping_unit')
    .execute();
  for (const row of stock) {
    print(
      `Stock ${row.sku ?? ''}: ${formatQuantity(row.quantity_on_hand)} on hand, ${formatQuantity(row.quantity_reserved)} reserved, ${formatQuantity(row.quantity_sold)} sold`,
    );
  }
  print('Checkout complete.');
}
