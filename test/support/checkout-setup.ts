/** Store setup for the pricing-to-taxes steps, and the checkout moves tests repeat. */
import { expect } from 'vitest';
import { systemUserId } from '../../src/access/permission-sets.js';
import type { Engine } from '../../src/engine.js';
import { createCart, type CartLine } from '../../src/seed/create-cart.js';
import { seedCheckoutSetup, type CheckoutSetupSeed } from '../../src/seed/seed-checkout-setup.js';
import type { SeededBuyer } from '../../src/seed/seed-store.js';
import { setSessionState } from '../../src/store/checkout-transitions.js';
import { insertRecord } from '../../src/store/insert-record.js';
import { CheckoutDriver } from './checkout-steps.js';
import type { TestEngine } from './test-engine.js';

export const standardSetup: CheckoutSetupSeed = {
  deliveryMethods: [
    { name: 'Ground', fee: '15.00', referenceNumber: 'GROUND' },
    { name: 'Express', fee: '30.00', referenceNumber: 'EXPRESS' },
  ],
  taxRates: [
    { name: 'CA Sales Tax', country: 'US', state: 'CA', rate: 7.25 },
    { name: 'US Default Tax', country: 'US', rate: 5 },
  ],
  promotions: [
    { name: 'Widget 10%', discountType: 'Percentage', target: 'Product', percent: 10, sku: 'WID-1' },
    { name: 'Coupon 5 off', discountType: 'Amount', target: 'Cart', amount: '5.00', couponCode: 'SAVE5' },
  ],
};

export interface OpenCheckout {
  readonly cartId: string;
  readonly sessionId: string;
  readonly driver: CheckoutDriver;
}

/** An unpriced cart of `buyer` (default: the first) with a session in `Start`. */
export async function openCheckout(
  test: TestEngine,
  lines?: readonly CartLine[],
  buyer: SeededBuyer = test.store.buyers[0]!,
): Promise<OpenCheckout> {
  const [widget, gadget] = test.store.products;
  const cartLines = lines ?? [
    { product: widget!, quantity: 3 },
    { product: gadget!, quantity: 2 },
  ];
  const { cartId } = await createCart(test.engine.store.db, test.store.storeId, buyer, cartLines, { isPriced: false });
  const driver = new CheckoutDriver(test.engine, buyer.userId, cartId);
  const sessionId = await driver.startSession();
  return { cartId, sessionId, driver };
}

export function seedStandardSetup(test: TestEngine) {
  return seedCheckoutSetup(test.engine.store.db, test.store, standardSetup);
}

export async function applyCoupon(engine: Engine, cartId: string, code: string): Promise<void> {
  await insertRecord(engine.store.db, 'cartCoupon', { web_cart_id: cartId, coupon_code: code }, systemUserId);
}

/** A screen step: sets State while the session is idle, through the state machine as a PATCH of the session does. */
export async function setStateAsScreen(engine: Engine, sessionId: string, from: string, to: string): Promise<void> {
  const session = await engine.store.db
    .selectFrom('cart_checkout_session')
    .select('state')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  expect(session.state).toBe(from);
  expect(await setSessionState(engine.store.db, sessionId, to, systemUserId)).toBe(true);
}

/** Moves the session to `to` and runs the step action, waiting for its operation. */
export async function runStepTo(
  checkout: OpenCheckout,
  from: string,
  to: string,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  await checkout.driver.moveTo(checkout.sessionId, from, to);
  return checkout.driver.runStep(action, extra);
}

export function cartOf(engine: Engine, cartId: string) {
  return engine.store.db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirstOrThrow();
}

export function itemsOf(engine: Engine, cartId: string) {
  return engine.store.db.selectFrom('cart_item').selectAll().where('cart_id', '=', cartId).orderBy('name').execute();
}

export function operationOf(engine: Engine, operationId: string) {
  return engine.store.db
    .selectFrom('background_operation')
    .selectAll()
    .where('id', '=', operationId)
    .executeTakeFirstOrThrow();
}
