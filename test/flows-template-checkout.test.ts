import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { cartOf, seedStandardSetup } from './support/checkout-setup.js';
import { driveCheckout } from './support/drive-checkout-flow.js';
import { httpInterviewClient } from './support/flow-contexts.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

const apiName = 'Sync_Style_Checkout';
const xml = readFileSync(new URL(`./fixtures/flows/${apiName}.flow-meta.xml`, import.meta.url), 'utf8');

let test: HttpTestServer;
beforeEach(async () => {
  test = await startHttpTestServer();
});
afterEach(async () => {
  await test.dispose();
});

it('runs a sync-style checkout flow (B2BSync* steps, managed error subflow) to an Activated order', async () => {
  const { deliveryMethodIds } = await seedStandardSetup(test);
  const deployed = await test.request('PUT', `/services/data/v60.0/flows/${apiName}`, {
    rawBody: xml,
    headers: { 'content-type': 'application/xml' },
  });
  expect(deployed.status, deployed.text).toBe(200);
  expect(deployed.body).toMatchObject({ apiName, version: 1, processType: 'CheckoutFlow' });

  const buyer = test.store.buyers[0]!;
  const { cartId } = await createCart(
    test.engine.store.db,
    test.store.storeId,
    buyer,
    [{ product: test.store.products[0]!, quantity: 3 }],
    { isPriced: false },
  );
  const { interview, screens } = await driveCheckout(httpInterviewClient(test, test.buyerTokens[0]!), apiName, cartId);
  // The wait screens show once each and advance at the next read: both steps ran inside their call.
  expect(screens).toEqual([
    'Delivery_Method_Screen',
    'Checkout_Summary',
    'Wait_For_Cart_To_Order',
    'Wait_For_Activation',
  ]);

  const db = test.engine.store.db;
  const session = await db
    .selectFrom('cart_checkout_session')
    .selectAll()
    .where('web_cart_id', '=', cartId)
    .executeTakeFirstOrThrow();
  expect(session).toMatchObject({ state: 'Activate Order', is_archived: 1, is_error: 0 });
  const order = await db
    .selectFrom('sales_order')
    .selectAll()
    .where('id', '=', session.order_id)
    .executeTakeFirstOrThrow();
  const summary = await db
    .selectFrom('order_summary')
    .select('id')
    .where('original_order_id', '=', order.id)
    .executeTakeFirstOrThrow();
  expect(interview.redirect).toEqual({ pageName: 'orderconfirmation', recordId: summary.id });
  expect(order.status).toBe('Activated');

  const cart = await cartOf(test.engine, cartId);
  // 3 × 10.00, Ground at 15.00 (the cheapest option), California tax on both.
  expect([cart.status, cart.total_product_amount, cart.total_charge_amount]).toEqual(['Closed', 3000, 1500]);
  expect(cart.total_tax_amount).toBeGreaterThan(0);
  expect(order.grand_total_amount).toBe(cart.grand_total_amount);
  const group = await db
    .selectFrom('cart_delivery_group')
    .select('delivery_method_id')
    .where('cart_id', '=', cartId)
    .executeTakeFirstOrThrow();
  expect(group.delivery_method_id).toBe(deliveryMethodIds[0]);
  // The four synchronous steps ran for the cart alone; cart to order and activation for the session.
  const operations = await db
    .selectFrom('background_operation')
    .select(['type', 'status', 'checkout_session_id'])
    .where('web_cart_id', '=', cartId)
    .orderBy('submitted_at')
    .execute();
  const bySession = (operation: { checkout_session_id: string | null }) => operation.checkout_session_id !== null;
  expect(operations.filter((operation) => !bySession(operation)).map((operation) => operation.type)).toEqual([
    'CheckInventory',
    'PriceCart',
    'CalculateShipment',
    'CalculateTaxes',
  ]);
  expect(operations.every((operation) => operation.status === 'Complete')).toBe(true);
});
