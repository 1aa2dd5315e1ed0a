/**
 * An order's money is what the steps computed (SPEC.md section 3 rules 5–8, section 6): each
 * test is an attack a buyer tried, over real HTTP, and asserts it now fails safely and leaves
 * what was stored unchanged.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemUserId } from '../src/access/permission-sets.js';
import { expireReservations } from '../src/operations/expire-reservations.js';
import { seedCheckoutSetup, type SeededCheckoutSetup } from '../src/seed/seed-checkout-setup.js';
import { standardSetup } from './support/checkout-setup.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

const v = '/services/data/v60.0';
let server: HttpTestServer;
let setup: SeededCheckoutSetup;

beforeEach(async () => {
  server = await startHttpTestServer();
  setup = await seedCheckoutSetup(server.engine.store.db, server.store, standardSetup);
});
afterEach(() => server.dispose());

const asBuyer = (method: string, path: string, body?: unknown, buyer = 0) =>
  server.request(method, `${v}${path}`, { token: server.buyerTokens[buyer]!, ...(body === undefined ? {} : { body }) });

async function invoke(action: string, input: Record<string, unknown>, buyer = 0) {
  const response = await asBuyer('POST', `/actions/standard/${action}`, { inputs: [input] }, buyer);
  return response.body[0] as {
    isSuccess: boolean;
    outputValues: Record<string, string>;
    errors: { statusCode: string }[];
  };
}

/** A buyer's cart built through the API: one delivery group in California, one Widget line. */
async function buyerCart(buyer = 0, quantity = 2) {
  const { accountId } = server.store.buyers[buyer]!;
  const cart = await asBuyer(
    'POST',
    '/sobjects/WebCart',
    { Name: 'Attack', WebStoreId: server.store.storeId, AccountId: accountId },
    buyer,
  );
  expect(cart.status, cart.text).toBe(201);
  const group = await asBuyer(
    'POST',
    '/sobjects/CartDeliveryGroup',
    { CartId: cart.body.id, Name: 'Dock', DeliverToCountry: 'US', DeliverToState: 'CA' },
    buyer,
  );
  const widget = server.store.products[0]!;
  const item = await asBuyer(
    'POST',
    '/sobjects/CartItem',
    {
      CartId: cart.body.id,
      CartDeliveryGroupId: group.body.id,
      Product2Id: widget.id,
      Name: 'Widget',
      Sku: widget.sku,
      Quantity: quantity,
    },
    buyer,
  );
  expect(item.status, item.text).toBe(201);
  return { cartId: cart.body.id as string, groupId: group.body.id as string, itemId: item.body.id as string };
}

async function waitForOperation(operationId: string) {
  await server.engine.settle();
  return server.engine.store.db
    .selectFrom('background_operation')
    .selectAll()
    .where('id', '=', operationId)
    .executeTakeFirstOrThrow();
}

async function runStep(cartId: string, sessionId: string, from: string, to: string, action: string, extra = {}) {
  const moved = await invoke('updateCheckoutSessionStateAction', {
    checkoutSessionId: sessionId,
    expCurrentState: from,
    nextState: to,
  });
  expect(moved.isSuccess, JSON.stringify(moved)).toBe(true);
  const started = await invoke(action, { cartId, ...extra });
  expect(started.isSuccess, JSON.stringify(started)).toBe(true);
  return waitForOperation(started.outputValues.backgroundOperationId!);
}

function stock() {
  return server.engine.store.db
    .selectFrom('product_inventory')
    .select(['quantity_on_hand', 'quantity_reserved', 'quantity_sold'])
    .where('product2_id', '=', server.store.products[0]!.id)
    .executeTakeFirstOrThrow();
}

function ordersOf(cartId: string) {
  return server.engine.store.db
    .selectFrom('sales_order')
    .innerJoin('cart_checkout_session', 'cart_checkout_session.id', 'sales_order.checkout_session_id')
    .select(['sales_order.id', 'sales_order.grand_total_amount'])
    .where('cart_checkout_session.web_cart_id', '=', cartId)
    .execute();
}

function outputsOf(cartId: string) {
  return server.engine.store.db
    .selectFrom('cart_validation_output')
    .select(['level', 'type', 'message'])
    .where('cart_id', '=', cartId)
    .execute();
}

describe('a buyer cannot choose its own prices', () => {
  it('refuses ListPrice, SalesPrice and totals on a buyer cart line, storing nothing', async () => {
    const { cartId, groupId } = await buyerCart();
    const widget = server.store.products[0]!;
    for (const money of [{ ListPrice: 0.01, SalesPrice: 0.01 }, { TotalPrice: 0.01 }, { TotalLineAmount: 0 }]) {
      const response = await asBuyer('POST', '/sobjects/CartItem', {
        CartId: cartId,
        CartDeliveryGroupId: groupId,
        Product2Id: widget.id,
        Name: 'Cheap',
        Quantity: 1,
        ...money,
      });
      expect(response.status).toBe(400);
      expect(response.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    }
    const items = await server.engine.store.db
      .selectFrom('cart_item')
      .select('name')
      .where('cart_id', '=', cartId)
      .execute();
    expect(items.map((item) => item.name)).toEqual(['Widget']);
  });

  it('refuses a Charge line of −50 and a PATCH of an existing line price', async () => {
    const { cartId, groupId, itemId } = await buyerCart();
    const charge = await asBuyer('POST', '/sobjects/CartItem', {
      CartId: cartId,
      CartDeliveryGroupId: groupId,
      Name: 'Rebate',
      Type: 'Charge',
      SalesPrice: -50,
    });
    expect(charge.status).toBe(400);
    const chargeWithoutPrice = await asBuyer('POST', '/sobjects/CartItem', {
      CartId: cartId,
      CartDeliveryGroupId: groupId,
      Name: 'Rebate',
      Type: 'Charge',
    });
    expect(chargeWithoutPrice.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const before = await server.engine.store.db
      .selectFrom('cart_item')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    const patch = await asBuyer('PATCH', `/sobjects/CartItem/${itemId}`, { SalesPrice: 0.01 });
    expect(patch.status).toBe(400);
    const after = await server.engine.store.db
      .selectFrom('cart_item')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('skipping every step by PATCHing the session State ends in an Error output, no order and no reservation', async () => {
    const { cartId } = await buyerCart();
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    const patched = await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, {
      State: 'Taxes',
      NextState: 'Cart To Order',
    });
    expect(patched.status, patched.text).toBe(204);
    const stockBefore = await stock();
    const started = await invoke('cartToOrderAction', { cartId });
    const operation = await waitForOperation(started.outputValues.backgroundOperationId!);
    expect(operation.status).toBe('Error');
    expect(await ordersOf(cartId)).toEqual([]);
    expect(await stock()).toEqual(stockBefore);
    const outputs = await outputsOf(cartId);
    expect(outputs.map((output) => output.type).sort()).toEqual(['Pricing', 'Shipping', 'Taxes']);
    expect(outputs.find((output) => output.type === 'Pricing')!.message).toMatch(/run priceCart again/);
    const session = await asBuyer('GET', `/sobjects/CartCheckoutSession/${sessionId}`);
    expect(session.body).toMatchObject({ State: 'Error', IsError: true, OrderId: null });
  });

  it('a delivery method the buyer writes itself is refused; skipping shipping and taxes after pricing yields no order', async () => {
    const { cartId, groupId } = await buyerCart();
    const chosen = await asBuyer('PATCH', `/sobjects/CartDeliveryGroup/${groupId}`, {
      DeliveryMethodId: setup.deliveryMethodIds[1],
    });
    expect(chosen.status).toBe(400);
    expect(chosen.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    expect((await runStep(cartId, sessionId, 'Start', 'Confirm Price', 'priceCart')).status).toBe('Complete');
    // Past shipping and taxes, once with the action and once with a PATCH.
    const moved = await invoke('updateCheckoutSessionStateAction', {
      checkoutSessionId: sessionId,
      expCurrentState: 'Confirm Price',
      nextState: 'Cart To Order',
    });
    expect(moved.isSuccess).toBe(true);
    const viaAction = await invoke('cartToOrderAction', { cartId });
    expect((await waitForOperation(viaAction.outputValues.backgroundOperationId!)).status).toBe('Error');
    expect((await outputsOf(cartId)).map((output) => output.type).sort()).toEqual(['Shipping', 'Taxes']);
    expect(await ordersOf(cartId)).toEqual([]);
  });

  it('with every step run in order the order carries the computed charge and tax', async () => {
    const { cartId } = await buyerCart();
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    await runStep(cartId, sessionId, 'Start', 'Confirm Price', 'priceCart');
    await runStep(cartId, sessionId, 'Confirm Price', 'Shipping Cost', 'calcCartShipmentAction');
    expect(
      (await invoke('setCheckoutDeliveryMethod', { cartId, deliveryMethodId: setup.deliveryMethodIds[0] })).isSuccess,
    ).toBe(true);
    expect(
      (await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { State: 'Delivery Method' })).status,
    ).toBe(204);
    await runStep(cartId, sessionId, 'Delivery Method', 'Taxes', 'calcCartTaxesAction');
    expect((await runStep(cartId, sessionId, 'Taxes', 'Cart To Order', 'cartToOrderAction')).status).toBe('Complete');
    // The order is the sum of its lines as the steps computed them: discounted product, charge, taxes.
    const [order] = await ordersOf(cartId);
    const items = await server.engine.store.db
      .selectFrom('order_item')
      .select(['type', 'total_price', 'total_tax_amount'])
      .where('order_id', '=', order!.id)
      .execute();
    const total = items.reduce((sum, item) => sum + item.total_price + item.total_tax_amount, 0);
    expect(order!.grand_total_amount).toBe(total);
    expect(items.find((item) => item.type === 'Delivery Charge')?.total_price).toBe(1500);
    expect(items.every((item) => item.total_tax_amount > 0)).toBe(true);
  });

  it('a change of delivery address does not cancel the checkout but voids shipping and taxes', async () => {
    const { cartId, groupId } = await buyerCart();
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    await runStep(cartId, sessionId, 'Start', 'Confirm Price', 'priceCart');
    await runStep(cartId, sessionId, 'Confirm Price', 'Shipping Cost', 'calcCartShipmentAction');
    await invoke('setCheckoutDeliveryMethod', { cartId, deliveryMethodId: setup.deliveryMethodIds[0] });
    await runStep(cartId, sessionId, 'Shipping Cost', 'Taxes', 'calcCartTaxesAction');
    // Oregon has no state rate: only the 5 % default would apply, but taxes must be computed again first.
    const moved = await asBuyer('PATCH', `/sobjects/CartDeliveryGroup/${groupId}`, { DeliverToState: 'OR' });
    expect(moved.status).toBe(204);
    const session = await asBuyer('GET', `/sobjects/CartCheckoutSession/${sessionId}`);
    expect(session.body).toMatchObject({ IsArchived: false, State: 'Taxes' });
    expect((await runStep(cartId, sessionId, 'Taxes', 'Cart To Order', 'cartToOrderAction')).status).toBe('Error');
    expect((await outputsOf(cartId)).map((output) => output.type).sort()).toEqual(['Shipping', 'Taxes']);
  });

  it('accepts a line priced by an integrator, as a pricing integration writes it', async () => {
    const { cartId, itemId } = await buyerCart();
    const priced = await server.request('PATCH', `${v}/sobjects/CartItem/${itemId}`, {
      body: { ListPrice: 12, SalesPrice: 11 },
    });
    expect(priced.status, priced.text).toBe(204);
    await server.engine.store.db.deleteFrom('tax_rate').execute();
    await server.engine.store.db.deleteFrom('order_delivery_method').execute();
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    expect((await runStep(cartId, sessionId, 'Start', 'Cart To Order', 'cartToOrderAction')).status).toBe('Complete');
    expect((await ordersOf(cartId))[0]!.grand_total_amount).toBe(2200);
  });
});

describe('the session has one write path', () => {
  it('setting State by PATCH clears a pending NextState', async () => {
    const { cartId } = await buyerCart();
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    await invoke('updateCheckoutSessionStateAction', {
      checkoutSessionId: sessionId,
      expCurrentState: 'Start',
      nextState: 'Inventory',
    });
    expect(
      (await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { State: 'Shipping Address' })).status,
    ).toBe(204);
    const session = await asBuyer('GET', `/sobjects/CartCheckoutSession/${sessionId}`);
    expect(session.body).toMatchObject({ State: 'Shipping Address', NextState: null });
  });

  it('setting NextState by PATCH while another transition is pending is refused and changes nothing', async () => {
    const { cartId } = await buyerCart();
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    await invoke('updateCheckoutSessionStateAction', {
      checkoutSessionId: sessionId,
      expCurrentState: 'Start',
      nextState: 'Inventory',
    });
    const refused = await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, {
      NextState: 'Cart To Order',
    });
    expect(refused.status).toBe(400);
    expect(refused.body[0].errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const session = await asBuyer('GET', `/sobjects/CartCheckoutSession/${sessionId}`);
    expect(session.body).toMatchObject({ State: 'Start', NextState: 'Inventory' });
  });

  it('a field set to the value it already has is a no-op, even while processing', async () => {
    const { cartId } = await buyerCart();
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    const response = await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, {
      State: 'Start',
      NextState: null,
    });
    expect(response.status, response.text).toBe(204);
    for (const field of ['IsProcessing', 'IsError', 'IsArchived', 'BackgroundOperationId', 'OrderId']) {
      const refused = await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, {
        [field]: field.startsWith('Is') ? true : null,
      });
      expect(refused.status, field).toBe(400);
    }
  });
});

describe('the reservation window', () => {
  it('releases the stock of a Draft order never activated; activation then fails with INVALID_INPUT 403', async () => {
    await server.engine.store.db.deleteFrom('tax_rate').execute();
    await server.engine.store.db.deleteFrom('order_delivery_method').execute();
    await server.engine.store.db.updateTable('web_store').set({ reservation_window_minutes: 0 }).execute();
    const { cartId } = await buyerCart(0, 60);
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).outputValues.requestId!;
    await runStep(cartId, sessionId, 'Start', 'Confirm Price', 'priceCart');
    expect((await runStep(cartId, sessionId, 'Confirm Price', 'Cart To Order', 'cartToOrderAction')).status).toBe(
      'Complete',
    );
    expect((await stock()).quantity_reserved).toBe(600_000); // ten-thousandths

    expect(await expireReservations(server.engine.store, systemUserId, new Date(Date.now() + 1000).toISOString())).toBe(
      1,
    );
    expect(await stock()).toMatchObject({ quantity_on_hand: 1_000_000, quantity_reserved: 0, quantity_sold: 0 });
    const session = await asBuyer('GET', `/sobjects/CartCheckoutSession/${sessionId}`);
    expect(session.body).toMatchObject({ State: 'Error', IsError: true });
    expect((await outputsOf(cartId)).some((output) => /reservation window/.test(output.message ?? ''))).toBe(true);
    const activation = await invoke('activateOrderAction', { cartId, orderStatus: 'Activated' });
    expect(activation.isSuccess).toBe(false);
    expect(activation.errors[0]!.statusCode).toBe('INVALID_INPUT');

    // Another buyer can now have the 60 units the abandoned order held.
    const other = await buyerCart(1, 60);
    const otherSession = (await invoke('checkoutSessionAction', { cartId: other.cartId }, 1)).outputValues.requestId!;
    const moved = await invoke(
      'updateCheckoutSessionStateAction',
      { checkoutSessionId: otherSession, expCurrentState: 'Start', nextState: 'Inventory' },
      1,
    );
    expect(moved.isSuccess).toBe(true);
    const check = await invoke('checkCartInventoryAction', { cartId: other.cartId }, 1);
    expect((await waitForOperation(check.outputValues.backgroundOperationId!)).status).toBe('Complete');
  });
});
