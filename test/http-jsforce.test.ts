/** jsforce, a real Salesforce client, against the server: sObjects, actions, a whole checkout, queries. */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionCatalog } from '../src/actions/catalog.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

type ActionResponse = { actionName: string; isSuccess: boolean; outputValues: Record<string, string>; errors: [] }[];

let server: HttpTestServer;
let buyer: jsforce.Connection;
let admin: jsforce.Connection;

beforeAll(async () => {
  server = await startHttpTestServer();
  buyer = new jsforce.Connection({ instanceUrl: server.url, accessToken: server.buyerTokens[0]!, version: '60.0' });
  admin = new jsforce.Connection({ instanceUrl: server.url, accessToken: server.adminToken, version: '60.0' });
});
afterAll(() => server.dispose());

const invoke = async (name: string, input: Record<string, unknown>) => {
  const results = await buyer.requestPost<ActionResponse>(`/services/data/v60.0/actions/standard/${name}`, {
    inputs: [input],
  });
  expect(results[0]!.errors, JSON.stringify(results)).toEqual([]);
  return results[0]!.outputValues;
};

/** Bounded by time, not attempts: on a loaded machine each attempt can take far longer than 10 ms. */
async function waitUntilIdle(sessionId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const session = (await buyer.sobject('CartCheckoutSession').retrieve(sessionId)) as Record<string, unknown>;
    if (session.IsProcessing === false) return session;
    if (Date.now() > deadline) throw new Error(`the session stayed processing for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function createCart(conn: jsforce.Connection) {
  const { accountId } = server.store.buyers[0]!;
  const cart = await conn
    .sobject('WebCart')
    .create({ Name: 'jsforce cart', WebStoreId: server.store.storeId, AccountId: accountId });
  expect(cart.success).toBe(true);
  const group = await conn
    .sobject('CartDeliveryGroup')
    .create({ CartId: cart.id, Name: 'Dock', DeliverToCity: 'Oslo' });
  const [widget, gadget] = server.store.products;
  for (const [product, quantity] of [
    [widget!, 3],
    [gadget!, 2],
  ] as const) {
    await conn.sobject('CartItem').create({
      CartId: cart.id,
      CartDeliveryGroupId: group.id,
      Product2Id: product.id,
      Name: product.name,
      Sku: product.sku,
      Quantity: quantity,
    });
  }
  return cart.id!;
}

describe('jsforce as a client', () => {
  it('creates, retrieves, updates, describes and destroys records', async () => {
    const cartId = await createCart(buyer);
    const cart = (await buyer.sobject('WebCart').retrieve(cartId)) as Record<string, unknown>;
    // Unpriced until the Price step runs: a buyer never writes prices (SPEC.md section 6).
    expect(cart).toMatchObject({ Id: cartId, Name: 'jsforce cart', Status: 'Active', TotalProductAmount: 0 });
    expect(cart.OwnerId).toBe(server.store.buyers[0]!.userId);
    const updated = await buyer.sobject('WebCart').update({ Id: cartId, PoNumber: 'PO-77' });
    expect(updated.success).toBe(true);
    expect(((await buyer.sobject('WebCart').retrieve(cartId)) as Record<string, unknown>).PoNumber).toBe('PO-77');
    const describeResult = await buyer.sobject('CartItem').describe();
    expect(describeResult.keyPrefix).toBe('0a9');
    expect(describeResult.fields.find((field) => field.name === 'Quantity')).toMatchObject({ type: 'double' });
    expect(describeResult.fields.find((field) => field.name === 'CartId')).toMatchObject({
      type: 'reference',
      referenceTo: ['WebCart'],
    });
    const destroyed = await buyer.sobject('WebCart').destroy(cartId);
    expect(destroyed.success).toBe(true);
    await expect(buyer.sobject('WebCart').retrieve(cartId)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('lists, describes and reaches every action of the catalog', async () => {
    const listed = await buyer.requestGet<{ actions: { name: string }[] }>('/services/data/v60.0/actions/standard');
    expect(listed.actions.map((action) => action.name)).toEqual(actionCatalog.map((action) => action.name));
    for (const action of actionCatalog) {
      const described = await buyer.requestGet<{ name: string; inputs: { name: string; required: boolean }[] }>(
        `/services/data/v60.0/actions/standard/${action.name}`,
      );
      expect(described.name).toBe(action.name);
      expect(described.inputs.map((input) => input.name)).toEqual(action.inputs.map((input) => input.name));
      // An input without its required parameters reaches the action and is refused by it.
      await expect(
        buyer.requestPost(`/services/data/v60.0/actions/standard/${action.name}`, { inputs: [{}] }),
      ).rejects.toThrow();
    }
  });

  it('runs a whole checkout through actions and finds its records with queries', async () => {
    const cartId = await createCart(buyer);
    const sessionId = (await invoke('checkoutSessionAction', { cartId })).requestId!;
    const step = async (from: string, to: string, action: string, extra: Record<string, unknown> = {}) => {
      await invoke('updateCheckoutSessionStateAction', {
        checkoutSessionId: sessionId,
        expCurrentState: from,
        nextState: to,
      });
      const { backgroundOperationId } = await invoke(action, { cartId, ...extra });
      expect(backgroundOperationId).toMatch(/^0Bo/);
      const session = await waitUntilIdle(sessionId);
      if (action !== 'activateOrderAction') expect(session).toMatchObject({ State: to, IsError: false });
    };
    await step('Start', 'Inventory', 'checkCartInventoryAction');
    await step('Inventory', 'Confirm Price', 'priceCart');
    await step('Confirm Price', 'Cart To Order', 'cartToOrderAction');
    await step('Cart To Order', 'Activate Order', 'activateOrderAction', { orderStatus: 'Activated' });

    const sessions = await buyer.query<{ Id: string; OrderId: string }>(
      `SELECT Id, OrderId, State FROM CartCheckoutSession WHERE WebCartId = '${cartId}'`,
    );
    expect(sessions.totalSize).toBe(1);
    const orderId = sessions.records[0]!.OrderId;
    const orders = await buyer.query<{ Id: string; Status: string }>(
      `SELECT Id, Status FROM Order WHERE Id = '${orderId}'`,
    );
    expect(orders.records[0]).toMatchObject({ Id: orderId, Status: 'Activated' });
    const order = (await buyer.sobject('Order').retrieve(orderId)) as Record<string, unknown>;
    expect(order.TotalAmount).toBe(35);
    let summaries = await buyer.query(`SELECT Id, Status FROM OrderSummary WHERE OriginalOrderId = '${orderId}'`);
    const deadline = Date.now() + 30_000;
    while (summaries.totalSize === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      summaries = await buyer.query(`SELECT Id, Status FROM OrderSummary WHERE OriginalOrderId = '${orderId}'`);
    }
    expect(summaries.totalSize).toBe(1);
    const cart = (await admin.sobject('WebCart').retrieve(cartId)) as Record<string, unknown>;
    expect(cart.Status).toBe('Closed');
  });
});
