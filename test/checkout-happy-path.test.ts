import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { CheckoutDriver } from './support/checkout-steps.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('a whole checkout on embedded SQLite', () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await openTestEngine();
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('takes a cart from session to activated order with its summary, selling the stock', async () => {
    const { engine, store } = test;
    const [widget, gadget] = store.products;
    const buyer = store.buyers[0]!;
    const { cartId } = await createCart(engine.store.db, store.storeId, buyer, [
      { product: widget!, quantity: 3 },
      { product: gadget!, quantity: 2 },
    ]);
    const checkout = new CheckoutDriver(engine, buyer.userId, cartId);

    const sessionId = await checkout.startSession();
    expect((await checkout.session(sessionId)).state).toBe('Start');
    await checkout.moveTo(sessionId, 'Start', 'Inventory');
    await checkout.runStep('checkCartInventoryAction');
    expect((await checkout.session(sessionId)).state).toBe('Inventory');

    await checkout.moveTo(sessionId, 'Inventory', 'Cart To Order');
    await checkout.runStep('cartToOrderAction');
    const afterOrder = await checkout.session(sessionId);
    expect(afterOrder.state).toBe('Cart To Order');
    expect(afterOrder.order_id).not.toBeNull();

    await checkout.moveTo(sessionId, 'Cart To Order', 'Activate Order');
    await checkout.runStep('activateOrderAction', { orderStatus: 'Activated' });

    const db = engine.store.db;
    const session = await checkout.session(sessionId);
    expect(session).toMatchObject({ state: 'Activate Order', is_archived: 1, is_processing: 0, is_error: 0 });
    const cart = await db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirstOrThrow();
    expect(cart.status).toBe('Closed');
    const order = await db
      .selectFrom('sales_order')
      .selectAll()
      .where('id', '=', session.order_id!)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      status: 'Activated',
      status_code: 'Activated',
      total_amount: 3500,
      account_id: buyer.accountId,
    });
    expect(order.activated_date).not.toBeNull();
    const items = await db.selectFrom('order_item').selectAll().where('order_id', '=', order.id).execute();
    // Quantities are stored in ten-thousandths, amounts in minor units.
    expect(items.map((item) => [item.sku, item.quantity, item.unit_price, item.total_price]).sort()).toEqual([
      ['GAD-1', 20_000, 250, 500],
      ['WID-1', 30_000, 1000, 3000],
    ]);
    const summary = await db
      .selectFrom('order_summary')
      .selectAll()
      .where('original_order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(summary).toMatchObject({ order_life_cycle_type: 'UNMANAGED', status: 'Created', total_amount: 3500 });
    const events = await db.selectFrom('order_summary_created_event').selectAll().execute();
    expect(events).toHaveLength(1);
    const stock = await db.selectFrom('product_inventory').selectAll().orderBy('quantity_on_hand').execute();
    expect(stock.map((row) => [row.quantity_on_hand, row.quantity_reserved, row.quantity_sold])).toEqual([
      [30_000, 0, 20_000],
      [970_000, 0, 30_000],
    ]);
    const operations = await db
      .selectFrom('background_operation')
      .select(['type', 'status'])
      .orderBy('submitted_at')
      .execute();
    expect(operations.map((operation) => operation.status)).toEqual(['Complete', 'Complete', 'Complete']);
    expect(operations.map((operation) => operation.type).sort()).toEqual(
      ['ActivateOrder', 'CartToOrder', 'CheckInventory'].sort(),
    );
  });

  it('runs cart to order and activation synchronously with runAsync false', async () => {
    const { engine, store } = test;
    const buyer = store.buyers[0]!;
    const { cartId } = await createCart(engine.store.db, store.storeId, buyer, [
      { product: store.products[0]!, quantity: 1 },
    ]);
    const checkout = new CheckoutDriver(engine, buyer.userId, cartId);
    const sessionId = await checkout.startSession();
    await checkout.moveTo(sessionId, 'Start', 'Cart To Order');
    const toOrder = await checkout.invoke('cartToOrderAction', { cartId, runAsync: false });
    expect(toOrder.isSuccess).toBe(true);
    const operationId = toOrder.outputValues!.backgroundOperationId as string;
    const operation = await engine.store.db
      .selectFrom('background_operation')
      .selectAll()
      .where('id', '=', operationId)
      .executeTakeFirstOrThrow();
    expect(operation.status).toBe('Complete');
    expect((await checkout.session(sessionId)).state).toBe('Cart To Order');
    await checkout.moveTo(sessionId, 'Cart To Order', 'Activate Order');
    const activated = await checkout.invoke('activateOrderAction', {
      cartId,
      orderStatus: 'ACTIVATE',
      runAsync: false,
      orderLifeCycleType: 'MANAGED',
    });
    expect(activated.isSuccess, JSON.stringify(activated.errors)).toBe(true);
    const summary = await engine.store.db.selectFrom('order_summary').selectAll().executeTakeFirstOrThrow();
    expect(summary.order_life_cycle_type).toBe('MANAGED');
  });
});
