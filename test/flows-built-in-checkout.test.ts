import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInCheckoutFlowApiName } from '../src/flows/provided-flow-files.js';
import { createCart } from '../src/seed/create-cart.js';
import { cartSnapshot } from './support/actors.js';
import { cartOf, seedStandardSetup } from './support/checkout-setup.js';
import { advanceCheckout, driveCheckout, type InterviewClient } from './support/drive-checkout-flow.js';
import { httpInterviewClient } from './support/flow-contexts.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

let test: HttpTestServer;
let client: InterviewClient;
let cartId: string;
let deliveryMethodIds: readonly string[];
beforeEach(async () => {
  test = await startHttpTestServer();
  deliveryMethodIds = (await seedStandardSetup(test)).deliveryMethodIds;
  const buyer = test.store.buyers[0]!;
  const [widget, gadget] = test.store.products;
  ({ cartId } = await createCart(
    test.engine.store.db,
    test.store.storeId,
    buyer,
    [
      { product: widget!, quantity: 2 },
      { product: gadget!, quantity: 1 },
    ],
    { isPriced: false },
  ));
  client = httpInterviewClient(test, test.buyerTokens[0]!);
});
afterEach(async () => {
  await test.dispose();
});

const sessionsOf = (id: string) =>
  test.engine.store.db.selectFrom('cart_checkout_session').selectAll().where('web_cart_id', '=', id).execute();

const ordersOf = (id: string) =>
  test.engine.store.db
    .selectFrom('cart_checkout_session')
    .innerJoin('sales_order', 'sales_order.id', 'cart_checkout_session.order_id')
    .selectAll('sales_order')
    .where('cart_checkout_session.web_cart_id', '=', id)
    .execute();

describe('the built-in checkout flow, driven by a buyer over the interview HTTP API', () => {
  it('is deployed at first start with the managed subflows it calls', async () => {
    const flows = await test.engine.store.db
      .withTables<{ flow_definition: { api_name: string; version: number; is_active: number } }>()
      .selectFrom('flow_definition')
      .select(['api_name', 'version', 'is_active'])
      .orderBy('api_name')
      .execute();
    expect(flows).toEqual(
      [builtInCheckoutFlowApiName, 'sfdc_checkout__ActivateOrder', 'sfdc_checkout__CartToOrder', 'sfdc_checkout__Error']
        .sort()
        .map((api_name) => ({ api_name, version: 1, is_active: 1 })),
    );
  });

  it('takes a buyer from the cart to an Activated order and its summary, every step on the way', async () => {
    const { interview, screens } = await driveCheckout(client, builtInCheckoutFlowApiName, cartId);
    expect(screens).toEqual([
      'Wait_For_Step',
      'Shipping_Address_Screen',
      'Wait_For_Step',
      'Delivery_Method_Screen',
      'Wait_For_Step',
      'Payment_Screen',
      'Summary_Screen',
      'Wait_For_Step',
    ]);
    expect(interview.status).toBe('Finished');
    const [order] = await ordersOf(cartId);
    expect(order).toMatchObject({ status: 'Activated', po_number: 'PO-4711' });
    const summary = await test.engine.store.db
      .selectFrom('order_summary')
      .selectAll()
      .where('original_order_id', '=', order!.id)
      .executeTakeFirstOrThrow();
    expect(interview.redirect).toEqual({ pageName: 'orderconfirmation', recordId: summary.id });

    const cart = await cartOf(test.engine, cartId);
    expect(cart.status).toBe('Closed');
    // 2 × 10.00 + 1 × 2.50 of products, Ground shipping (the cheapest) at 15.00, California tax.
    expect([cart.total_product_amount, cart.total_charge_amount]).toEqual([2250, 1500]);
    expect(cart.total_tax_amount).toBeGreaterThan(0);
    expect(order!.grand_total_amount).toBe(cart.grand_total_amount);
    const group = await test.engine.store.db
      .selectFrom('cart_delivery_group')
      .select('delivery_method_id')
      .where('cart_id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(group.delivery_method_id).toBe(deliveryMethodIds[0]);
    const [session] = await sessionsOf(cartId);
    expect(session).toMatchObject({ state: 'Activate Order', is_archived: 1, is_error: 0, order_id: order!.id });
  });

  it('sends a buyer who comes back after the order straight to its confirmation', async () => {
    const first = await driveCheckout(client, builtInCheckoutFlowApiName, cartId);
    const again = await driveCheckout(client, builtInCheckoutFlowApiName, cartId);
    expect(again.screens, JSON.stringify(again.interview.screen)).toEqual([]);
    expect(again.interview.redirect).toEqual(first.interview.redirect);
    expect(await ordersOf(cartId)).toHaveLength(1);
  });

  it('resumes where the checkout is when the buyer starts over mid-way', async () => {
    const started = await client.start(builtInCheckoutFlowApiName, { cartId });
    const { interview } = await advanceCheckout(client, started, 'Payment_Screen');
    expect(interview.screen!.name).toBe('Payment_Screen');
    const resumed = await client.start(builtInCheckoutFlowApiName, { cartId });
    expect(resumed.screen!.name).toBe('Payment_Screen');
    expect((await sessionsOf(cartId)).map((session) => [session.state, session.is_archived])).toEqual([['Taxes', 0]]);
  });

  it('cancels from the summary: the cart is editable again, no order', async () => {
    const started = await client.start(builtInCheckoutFlowApiName, { cartId });
    const { interview } = await advanceCheckout(client, started, 'Summary_Screen');
    const canceled = await client.navigate(interview.id, {
      action: 'NEXT',
      version: interview.version,
      fields: { Cancel_Checkout: { isCanceled: true } },
    });
    expect(canceled.screen!.name).toBe('Canceled_Screen');
    expect((await cartOf(test.engine, cartId)).status).toBe('Active');
    expect((await sessionsOf(cartId)).map((session) => session.is_archived)).toEqual([1]);
    expect(await ordersOf(cartId)).toEqual([]);
  });

  it("shows the step's error with a cancel button when a step fails, and orders nothing", async () => {
    await test.engine.store.db
      .updateTable('cart_item')
      .set({ quantity: 60_000 })
      .where('cart_id', '=', cartId)
      .where('sku', '=', 'GAD-1')
      .execute();
    const { interview, screens } = await advanceCheckout(
      client,
      await client.start(builtInCheckoutFlowApiName, { cartId }),
      'Show_Error',
    );
    expect(screens).toEqual(['Wait_For_Step']);
    expect(interview.screen!.name).toBe('Show_Error');
    const [text, cancel] = interview.screen!.fields;
    expect(text!.type).toBe('DisplayText');
    expect(JSON.stringify(text)).toContain('Insufficient stock for SKU GAD-1');
    expect(cancel).toMatchObject({ component: 'forceCommunity:cancelCheckoutButton', inputs: { canCancel: true } });
    expect((await sessionsOf(cartId)).map((session) => [session.state, session.is_error])).toEqual([['Error', 1]]);
    expect(await ordersOf(cartId)).toEqual([]);
  });

  it("refuses another account's buyer the cart, and nothing stored changes", async () => {
    const before = await cartSnapshot(test.engine, cartId);
    const response = await test.request('POST', '/services/data/v60.0/flow-interviews', {
      token: test.buyerTokens[1]!,
      body: { flowApiName: builtInCheckoutFlowApiName, inputs: { cartId } },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_INPUT', fields: ['cartId'] })]);
    expect(await cartSnapshot(test.engine, cartId)).toEqual(before);
  });
});
