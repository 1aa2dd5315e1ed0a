import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectSuccess } from './support/checkout-steps.js';
import {
  applyCoupon,
  cartOf,
  itemsOf,
  openCheckout,
  runStepTo,
  seedStandardSetup,
  setStateAsScreen,
} from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('the standard checkout sequence', () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await openTestEngine();
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('prices, discounts, ships, taxes, orders and activates a cart with exact totals', async () => {
    const { engine } = test;
    const setup = await seedStandardSetup(test);
    const checkout = await openCheckout(test);
    await applyCoupon(engine, checkout.cartId, 'save5');

    await runStepTo(checkout, 'Start', 'Inventory', 'checkCartInventoryAction');
    await runStepTo(checkout, 'Inventory', 'Confirm Price', 'priceCart');
    let cart = await cartOf(engine, checkout.cartId);
    expect(cart).toMatchObject({
      total_product_amount: 3500,
      grand_total_amount: 3500,
      total_product_count: 5 * 10_000,
    });

    await runStepTo(checkout, 'Confirm Price', 'Calculate Promotions', 'calculateCartPromotionsAction');
    cart = await cartOf(engine, checkout.cartId);
    // Widget: 30.00 − 10 % = 27.00; then 5.00 off the cart spread 27.00 : 5.00 → 4.22 and 0.78.
    expect(cart).toMatchObject({ total_adjustment_amount: -800, grand_total_amount: 2700 });
    const [gadget, widget] = await itemsOf(engine, checkout.cartId);
    expect([widget!.total_adjustment_amount, widget!.total_price]).toEqual([-722, 2278]);
    expect([gadget!.total_adjustment_amount, gadget!.total_price]).toEqual([-78, 422]);

    await runStepTo(checkout, 'Calculate Promotions', 'Shipping Cost', 'calcCartShipmentAction');
    const options = await engine.store.db.selectFrom('cart_delivery_group_method').selectAll().execute();
    expect(options.map((option) => [option.name, option.shipping_fee])).toEqual([
      ['Ground', 1500],
      ['Express', 3000],
    ]);
    expectSuccess(
      await checkout.driver.invoke('setCheckoutDeliveryMethod', {
        cartId: checkout.cartId,
        deliveryMethodId: setup.deliveryMethodIds[0],
      }),
    );
    await setStateAsScreen(engine, checkout.sessionId, 'Shipping Cost', 'Delivery Method');

    await runStepTo(checkout, 'Delivery Method', 'Taxes', 'calcCartTaxesAction');
    cart = await cartOf(engine, checkout.cartId);
    // 7.25 % of 22.78, 4.22 and the 15.00 charge: 1.65 + 0.31 + 1.09.
    expect(cart).toMatchObject({
      total_product_amount: 3500,
      total_charge_amount: 1500,
      total_adjustment_amount: -800,
      total_tax_amount: 305,
      grand_total_amount: 4505,
    });

    await runStepTo(checkout, 'Taxes', 'Cart To Order', 'cartToOrderAction');
    await runStepTo(checkout, 'Cart To Order', 'Activate Order', 'activateOrderAction', { orderStatus: 'Activated' });

    const db = engine.store.db;
    const session = await checkout.driver.session(checkout.sessionId);
    expect(session).toMatchObject({ state: 'Activate Order', is_archived: 1, is_error: 0 });
    const order = await db
      .selectFrom('sales_order')
      .selectAll()
      .where('id', '=', session.order_id!)
      .executeTakeFirstOrThrow();
    const storeBook = await db
      .selectFrom('web_store_pricebook')
      .select('pricebook2_id')
      .where('web_store_id', '=', test.store.storeId)
      .where('is_active', '=', 1)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      pricebook2_id: storeBook.pricebook2_id,
      status: 'Activated',
      total_amount: 4200,
      total_tax_amount: 305,
      grand_total_amount: 4505,
    });
    const orderItems = await db
      .selectFrom('order_item')
      .selectAll()
      .where('order_id', '=', order.id)
      .orderBy('type')
      .orderBy('total_line_amount')
      .execute();
    expect(
      orderItems.map((item) => [
        item.type,
        item.total_line_amount,
        item.total_adjustment_amount,
        item.total_price,
        item.total_tax_amount,
      ]),
    ).toEqual([
      ['Delivery Charge', 1500, 0, 1500, 109],
      ['Order Product', 500, -78, 422, 31],
      ['Order Product', 3000, -722, 2278, 165],
    ]);
    const group = await db
      .selectFrom('order_delivery_group')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(group.order_delivery_method_id).toBe(setup.deliveryMethodIds[0]);
    const summary = await db
      .selectFrom('order_summary')
      .selectAll()
      .where('original_order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(summary).toMatchObject({ total_amount: 4200, total_tax_amount: 305, grand_total_amount: 4505 });
    const operations = await db.selectFrom('background_operation').select(['type', 'status']).execute();
    expect(operations.every((operation) => operation.status === 'Complete')).toBe(true);
    expect(operations).toHaveLength(7);
  });
});
