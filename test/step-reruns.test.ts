import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectSuccess } from './support/checkout-steps.js';
import {
  applyCoupon,
  cartOf,
  openCheckout,
  runStepTo,
  seedStandardSetup,
  setStateAsScreen,
} from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('re-running a step replaces its earlier output', () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await openTestEngine();
  });
  afterEach(async () => {
    await test.dispose();
  });

  const count = (
    table:
      | 'cart_item_price_adjustment'
      | 'web_cart_adjustment_group'
      | 'cart_tax'
      | 'cart_delivery_group_method'
      | 'cart_validation_output',
  ) =>
    test.engine.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));

  it('gives the same adjustments, options, taxes and totals when each step runs twice', async () => {
    const { engine } = test;
    const setup = await seedStandardSetup(test);
    const checkout = await openCheckout(test);
    await applyCoupon(engine, checkout.cartId, 'SAVE5');

    await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');
    await runStepTo(checkout, 'Confirm Price', 'Confirm Price', 'priceCartAction');
    expect((await cartOf(engine, checkout.cartId)).grand_total_amount).toBe(3500);

    await runStepTo(checkout, 'Confirm Price', 'Calculate Promotions', 'calcCartPromotionsAction');
    const afterOnce = [await count('cart_item_price_adjustment'), await count('web_cart_adjustment_group')];
    await runStepTo(checkout, 'Calculate Promotions', 'Calculate Promotions', 'calcCartPromotionsAction');
    expect([await count('cart_item_price_adjustment'), await count('web_cart_adjustment_group')]).toEqual(afterOnce);
    expect(afterOnce).toEqual([3, 1]);
    expect((await cartOf(engine, checkout.cartId)).total_adjustment_amount).toBe(-800);

    await runStepTo(checkout, 'Calculate Promotions', 'Shipping Cost', 'calcCartShipmentAction');
    expectSuccess(
      await checkout.driver.invoke('setCheckoutDeliveryMethod', {
        cartId: checkout.cartId,
        deliveryMethodId: setup.deliveryMethodIds[1],
      }),
    );
    expect((await cartOf(engine, checkout.cartId)).total_charge_amount).toBe(3000);
    // Choosing again replaces the shipping charge rather than adding one.
    expectSuccess(
      await checkout.driver.invoke('setCheckoutDeliveryMethod', {
        cartId: checkout.cartId,
        deliveryMethodId: setup.deliveryMethodIds[0],
      }),
    );
    const charges = await engine.store.db.selectFrom('cart_item').selectAll().where('type', '=', 'Charge').execute();
    expect(charges.map((charge) => charge.total_price)).toEqual([1500]);
    await setStateAsScreen(engine, checkout.sessionId, 'Shipping Cost', 'Delivery Method');

    await runStepTo(checkout, 'Delivery Method', 'Taxes', 'calcCartTaxesAction');
    await runStepTo(checkout, 'Taxes', 'Taxes', 'calculateCartTaxesAction');
    expect(await count('cart_tax')).toBe(3);
    expect(await cartOf(engine, checkout.cartId)).toMatchObject({ total_tax_amount: 305, grand_total_amount: 4505 });

    // Shipping again: the options are replaced, and the method chosen from the old ones is forgotten.
    await runStepTo(checkout, 'Taxes', 'Shipping Cost', 'calcCartShipmentAction');
    expect(await count('cart_delivery_group_method')).toBe(2);
    const cart = await cartOf(engine, checkout.cartId);
    expect(cart).toMatchObject({ total_charge_amount: 0, total_tax_amount: 196, grand_total_amount: 2896 });
    const group = await engine.store.db.selectFrom('cart_delivery_group').selectAll().executeTakeFirstOrThrow();
    expect(group.delivery_method_id).toBeNull();

    // Pricing again voids the discounts and taxes computed from the old prices.
    await runStepTo(checkout, 'Shipping Cost', 'Confirm Price', 'priceCart');
    expect([await count('cart_item_price_adjustment'), await count('cart_tax')]).toEqual([0, 0]);
    expect(await cartOf(engine, checkout.cartId)).toMatchObject({
      total_adjustment_amount: 0,
      grand_total_amount: 3500,
    });
  });
});
