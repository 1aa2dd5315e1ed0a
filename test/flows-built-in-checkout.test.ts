import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployFlows, deployProvidedFlows } from '../src/flows/flow-definitions.js';
import { builtInCheckoutFlowApiName } from '../src/flows/provided-flow-files.js';
import { createCart } from '../src/seed/create-cart.js';
import { cartSnapshot } from './support/actors.js';
import { cartOf, seedStandardSetup } from './support/checkout-setup.js';
import {
  advanceCheckout,
  driveCheckout,
  purchaseOrderPayment,
  type InterviewClient,
  type PaymentAnswer,
} from './support/drive-checkout-flow.js';
import { httpInterviewClient } from './support/flow-contexts.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';
import { defaultShippingAddress, seedDefaultShippingAddress } from './support/seed-default-shipping-address.js';

let test: HttpTestServer;
let client: InterviewClient;
let cartId: string;
let deliveryMethodIds: readonly string[];
beforeEach(async () => {
  test = await startHttpTestServer(undefined, {
    engineOptions: { providerSettings: { moduleDir: null, httpHosts: null, isTestGatewayEnabled: true } },
  });
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
  await seedDefaultShippingAddress(test.engine.store.db, buyer.accountId);
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

  const authorizationsOf = (id: string) =>
    test.engine.store.db
      .selectFrom('payment_authorization')
      .select(['status', 'amount', 'order_id', 'payment_method_id'])
      .where('web_cart_id', '=', id)
      .execute();

  it.each<[string, PaymentAnswer]>([
    ['a purchase order', purchaseOrderPayment],
    ['a test card token', { paymentType: 'CardPayment', card: { gatewayToken: 'tok_approve' } }],
  ])('ships to the address the buyer picks and authorizes %s before activating', async (_kind, payment) => {
    const { interview } = await driveCheckout(client, builtInCheckoutFlowApiName, cartId, payment);
    expect(interview.status).toBe('Finished');
    const [order] = await ordersOf(cartId);
    expect(order!.status).toBe('Activated');
    const group = await test.engine.store.db
      .selectFrom('cart_delivery_group')
      .select(['deliver_to_name', 'deliver_to_street'])
      .where('cart_id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(group).toEqual({
      deliver_to_name: defaultShippingAddress.name,
      deliver_to_street: defaultShippingAddress.street,
    });
    const cart = await cartOf(test.engine, cartId);
    const [authorization, ...more] = await authorizationsOf(cartId);
    expect(more).toEqual([]);
    expect(authorization).toMatchObject({ status: 'Processed', amount: cart.grand_total_amount });
    expect(authorization!.payment_method_id === null).toBe(payment.paymentType === 'PurchaseOrder');
  });

  it('shows a declined card on the error screen and activates nothing', async () => {
    const { interview, screens } = await advanceCheckout(
      client,
      await client.start(builtInCheckoutFlowApiName, { cartId }),
      'Show_Error',
      { paymentType: 'CardPayment', card: { gatewayToken: 'tok_decline' } },
    );
    expect(screens).toContain('Payment_Screen');
    expect(interview.screen!.name).toBe('Show_Error');
    expect(JSON.stringify(interview.screen!.fields[0])).toMatch(/declined/i);
    expect((await authorizationsOf(cartId)).map((row) => row.status)).toEqual(['Failed']);
    const orders = await ordersOf(cartId);
    expect(orders.filter((order) => order.status === 'Activated')).toEqual([]);
    expect((await sessionsOf(cartId)).map((session) => session.state)).toEqual(['Cart To Order']);
  });

  it("upgrades the engine's own older version of the flow, never an administrator's", async () => {
    const versions = () =>
      test.engine.store.db
        .withTables<{ flow_definition: { api_name_key: string; version: number; is_active: number } }>()
        .selectFrom('flow_definition')
        .select(['version', 'is_active'])
        .where('api_name_key', '=', builtInCheckoutFlowApiName.toLowerCase())
        .orderBy('version')
        .execute();
    await test.engine.store.db
      .withTables<{ flow_definition: { api_name_key: string; xml: string } }>()
      .updateTable('flow_definition')
      .set((eb) => ({ xml: eb.fn('replace', ['xml', eb.val('B2B Checkout'), eb.val('Older B2B Checkout')]) }))
      .where('api_name_key', '=', builtInCheckoutFlowApiName.toLowerCase())
      .execute();
    await deployProvidedFlows(test.engine.store, test.engine.flowExtensions);
    expect(await versions()).toEqual([
      { version: 1, is_active: 0 },
      { version: 2, is_active: 1 },
    ]);
    await deployProvidedFlows(test.engine.store, test.engine.flowExtensions);
    expect(await versions()).toHaveLength(2);

    const shipped = test.engine.flowExtensions.flows.find((flow) => flow.apiName === builtInCheckoutFlowApiName)!;
    // Any user's deploy is an administrator's choice (the HTTP API lets only administrators deploy).
    const ownXml = shipped.xml.replace('<label>B2B Checkout</label>', '<label>Our checkout</label>');
    await deployFlows(
      test.engine.store,
      test.engine.flowExtensions,
      [{ apiName: builtInCheckoutFlowApiName, xml: ownXml }],
      test.store.buyers[0]!.userId,
    );
    await deployProvidedFlows(test.engine.store, test.engine.flowExtensions);
    expect(await versions()).toEqual([
      { version: 1, is_active: 0 },
      { version: 2, is_active: 0 },
      { version: 3, is_active: 1 },
    ]);
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

  it.each<[string, Record<string, unknown>]>([
    ['an empty', { paymentType: 'PurchaseOrder', purchaseOrderNumber: '' }],
    ['a blank', { paymentType: 'PurchaseOrder', purchaseOrderNumber: '   ' }],
    ['no', { paymentType: 'PurchaseOrder' }],
    ['a null', { paymentType: 'PurchaseOrder', purchaseOrderNumber: null }],
  ])(
    'refuses %s purchase order number where the payment screen requires one, and stores nothing',
    async (_kind, answer) => {
      const started = await client.start(builtInCheckoutFlowApiName, { cartId });
      const { interview } = await advanceCheckout(client, started, 'Payment_Screen');
      expect(interview.screen!.name).toBe('Payment_Screen');
      const payment = interview.screen!.fields.find((field) => field.component === 'c:paymentMethod')!;
      expect(payment.inputs).toMatchObject({ poRequired: true });
      const before = await cartSnapshot(test.engine, cartId);
      const poNumberBefore = (await cartOf(test.engine, cartId)).po_number;
      const response = await test.request('POST', `/services/data/v60.0/flow-interviews/${interview.id}/navigate`, {
        token: test.buyerTokens[0]!,
        body: { action: 'NEXT', version: interview.version, fields: { [payment.name]: answer } },
      });
      expect(response.status, response.text).toBe(400);
      expect(response.body).toEqual([
        {
          errorCode: 'INVALID_INPUT',
          message: 'Enter a purchase order number: this store requires one',
          fields: ['purchaseOrderNumber'],
        },
      ]);
      expect(await cartSnapshot(test.engine, cartId)).toEqual(before);
      expect((await cartOf(test.engine, cartId)).po_number).toBe(poNumberBefore);
      const again = await client.read(interview.id, 0);
      expect([again.screen!.name, again.version]).toEqual(['Payment_Screen', interview.version]);
    },
  );

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
