/**
 * The demo: a fresh embedded database with a demo store, and one full checkout of a cart
 * through the standard sequence (Inventory, Confirm Price, Calculate Promotions, Shipping
 * Cost, Delivery Method, Taxes, Cart To Order, Activate Order), printing each action, each
 * state transition and each background operation with its duration, ending with the priced,
 * discounted and taxed order and its order summary.
 */
import { rmSync } from 'node:fs';
import { formatMinorUnits } from '../domain/money.js';
import { insertRecord } from '../store/insert-record.js';
import { createEngine, type Engine } from '../engine.js';
import type { WorkerEvent } from '../operations/worker.js';
import { createCart } from '../seed/create-cart.js';
import { seedCheckoutSetup, type CheckoutSetupSeed } from '../seed/seed-checkout-setup.js';
import { seedStore } from '../seed/seed-store.js';

export interface DemoOptions {
  readonly databaseFile: string;
  readonly print: (line: string) => void;
}

export const demoStoreSeed = {
  name: 'Northwind Industrial Supply',
  buyerAccounts: ['Acme Manufacturing', 'Globex Logistics'],
  products: [
    { name: 'Hex Bolt M8 (box of 100)', sku: 'BOLT-M8-100', price: '12.40', stock: 500 },
    { name: 'Safety Gloves (pair)', sku: 'GLOVE-L', price: '3.75', stock: 240 },
    { name: 'Cordless Drill 18V', sku: 'DRILL-18V', price: '129.00', stock: 12 },
  ],
} as const;

export const demoCheckoutSetup: CheckoutSetupSeed = {
  deliveryMethods: [
    { name: 'Ground (3-5 business days)', fee: '15.00', carrier: 'UPS', referenceNumber: 'GROUND' },
    { name: 'Next Day Air', fee: '42.50', carrier: 'UPS', referenceNumber: 'NEXT-DAY' },
  ],
  taxRates: [
    { name: 'California sales tax', country: 'US', state: 'CA', rate: 7.25 },
    { name: 'California district tax', country: 'US', state: 'CA', rate: 1.375 },
    { name: 'US default sales tax', country: 'US', rate: 6 },
  ],
  promotions: [
    { name: 'Glove week: 15% off gloves', discountType: 'Percentage', target: 'Product', percent: 15, sku: 'GLOVE-L' },
    {
      name: 'Coupon SPRING10: 10.00 off',
      discountType: 'Amount',
      target: 'Cart',
      amount: '10.00',
      couponCode: 'SPRING10',
    },
  ],
};

function describeEvent(event: WorkerEvent): string | null {
  if (event.kind === 'reclaimed') return `   ⚙ reclaimed ${event.count ?? 0} operation(s) with expired leases`;
  const operation = event.operation!;
  return `   ⚙ ${operation.type} ${event.result ?? ''} in ${(event.durationMs ?? 0).toFixed(1)} ms`;
}

async function sessionState(engine: Engine, sessionId: string): Promise<string> {
  const session = await engine.store.db
    .selectFrom('cart_checkout_session')
    .select(['state', 'next_state', 'is_archived'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return `${session.state}${session.is_archived === 1 ? ' (archived)' : ''}`;
}

export async function runDemo({ databaseFile, print }: DemoOptions): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
  const engine = await createEngine({
    databaseUrl: databaseFile,
    onWorkerEvent: (event) => {
      const line = describeEvent(event);
      if (line !== null) print(line);
    },
    onError: (error, context) => print(`   ! ${context}: ${error instanceof Error ? error.message : String(error)}`),
  });
  try {
    const store = await seedStore(engine.store.db, demoStoreSeed);
    const setup = await seedCheckoutSetup(engine.store.db, store, demoCheckoutSetup);
    const buyer = store.buyers[0]!;
    const [bolts, gloves, drill] = store.products;
    print(`b2b-checkout demo — embedded SQLite at ${databaseFile}`);
    print(
      `Store "${demoStoreSeed.name}" (${store.storeId}): ${store.buyers.length} buyer accounts, ${store.products.length} products`,
    );
    const lines = [
      { product: bolts!, quantity: 4 },
      { product: gloves!, quantity: 20 },
      { product: drill!, quantity: 2 },
    ];
    const { cartId } = await createCart(engine.store.db, store.storeId, buyer, lines, { isPriced: false });
    await insertRecord(engine.store.db, 'cartCoupon', { web_cart_id: cartId, coupon_code: 'SPRING10' }, buyer.userId);
    print(`Cart ${cartId} of ${buyer.username} for Acme Manufacturing (coupon SPRING10, not priced yet):`);
    for (const line of lines) print(`   ${line.quantity} × ${line.product.name} (${line.product.sku})`);
    print('');

    let sessionId = '';
    const invoke = async (action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const startedMs = performance.now();
      const result = await engine.invoke(action, input, { userId: buyer.userId });
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
    await invoke('setCheckoutDeliveryMethod', { cartId, deliveryMethodId: setup.deliveryMethodIds[0] });
    // Delivery Method is a screen step: the flow sets State itself (a PATCH of the session).
    await engine.store.db
      .updateTable('cart_checkout_session')
      .set({ state: 'Delivery Method' })
      .where('id', '=', sessionId)
      .where('state', '=', 'Shipping Cost')
      .where('is_processing', '=', 0)
      .execute();
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
        `   ${item.quantity} × ${item.description ?? ''}${item.sku === null ? '' : ` (${item.sku})`} at ${formatMinorUnits(item.unit_price)}${discount} = ${formatMinorUnits(item.total_price)} + tax ${formatMinorUnits(item.total_tax_amount)}`,
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
        `Stock ${row.sku ?? ''}: ${row.quantity_on_hand} on hand, ${row.quantity_reserved} reserved, ${row.quantity_sold} sold`,
      );
    }
    print('Checkout complete.');
  } finally {
    await engine.close();
  }
}
