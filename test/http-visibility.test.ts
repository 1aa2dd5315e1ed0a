/** Record visibility (SPEC.md section 6) over HTTP: a buyer of account A and account B's records. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { CheckoutDriver } from './support/checkout-steps.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

let server: HttpTestServer;
let tokenA: string;
const other = { cartId: '', itemId: '', sessionId: '', operationId: '', orderId: '', accountId: '' };
let ownCartId = '';

const v = '/services/data/v60.0';

beforeAll(async () => {
  server = await startHttpTestServer();
  tokenA = server.buyerTokens[0]!;
  const [buyerA, buyerB] = server.store.buyers;
  const [widget] = server.store.products;
  const { db } = server.engine.store;
  ownCartId = (await createCart(db, server.store.storeId, buyerA!, [{ product: widget!, quantity: 1 }])).cartId;
  const cartB = await createCart(db, server.store.storeId, buyerB!, [{ product: widget!, quantity: 2 }]);
  const driver = new CheckoutDriver(server.engine, buyerB!.userId, cartB.cartId);
  const sessionId = await driver.startSession();
  await driver.moveTo(sessionId, 'Start', 'Cart To Order');
  const operationId = await driver.runStep('cartToOrderAction');
  const session = await driver.session(sessionId);
  Object.assign(other, {
    cartId: cartB.cartId,
    itemId: cartB.itemIds[0]!,
    sessionId,
    operationId,
    orderId: session.order_id!,
    accountId: buyerB!.accountId,
  });
});
afterAll(() => server.dispose());

const asA = (method: string, path: string, body?: unknown) =>
  server.request(method, `${v}${path}`, { token: tokenA, ...(body === undefined ? {} : { body }) });

describe("a buyer and another account's records", () => {
  it('answers NOT_FOUND for reads of every kind of record of another account', async () => {
    const orderItem = await server.engine.store.db
      .selectFrom('order_item')
      .select('id')
      .where('order_id', '=', other.orderId)
      .executeTakeFirstOrThrow();
    for (const path of [
      `/sobjects/WebCart/${other.cartId}`,
      `/sobjects/CartItem/${other.itemId}`,
      `/sobjects/CartCheckoutSession/${other.sessionId}`,
      `/sobjects/BackgroundOperation/${other.operationId}`,
      `/sobjects/Order/${other.orderId}`,
      `/sobjects/OrderItem/${orderItem.id}`,
      `/sobjects/Account/${other.accountId}`,
    ]) {
      const response = await asA('GET', path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).toEqual([
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND', fields: [] },
      ]);
    }
    // The administrator sees them.
    expect((await server.request('GET', `${v}/sobjects/Order/${other.orderId}`)).status).toBe(200);
  });

  it('answers NOT_FOUND for changes and deletes, and changes nothing', async () => {
    expect((await asA('PATCH', `/sobjects/WebCart/${other.cartId}`, { PoNumber: 'HACK' })).status).toBe(404);
    expect((await asA('PATCH', `/sobjects/CartCheckoutSession/${other.sessionId}`, { State: 'Start' })).status).toBe(
      404,
    );
    expect((await asA('DELETE', `/sobjects/CartItem/${other.itemId}`)).status).toBe(404);
    const created = await asA('POST', '/sobjects/CartItem', {
      CartId: other.cartId,
      CartDeliveryGroupId: other.cartId,
      Name: 'x',
    });
    expect(created.status).toBe(400);
    expect(created.body[0].errorCode).toMatch(/INVALID_CROSS_REFERENCE_KEY|FIELD_INTEGRITY_EXCEPTION/);
    const cart = await server.engine.store.db
      .selectFrom('web_cart')
      .select(['po_number', 'status'])
      .where('id', '=', other.cartId)
      .executeTakeFirstOrThrow();
    expect(cart).toEqual({ po_number: 'PO-1001', status: 'Checkout' });
    const items = await server.engine.store.db
      .selectFrom('cart_item')
      .select('id')
      .where('cart_id', '=', other.cartId)
      .execute();
    expect(items).toHaveLength(1);
  });

  it('refuses actions on them with the documented errors', async () => {
    const call = async (action: string, input: Record<string, unknown>) => {
      const response = await asA('POST', `/actions/standard/${action}`, { inputs: [input] });
      return { status: response.status, errorCode: response.body[0].errors[0]?.statusCode as string | undefined };
    };
    expect(await call('checkoutSessionAction', { cartId: other.cartId })).toEqual({
      status: 400,
      errorCode: 'BAD_REQUEST',
    });
    expect(
      await call('updateCheckoutSessionStateAction', {
        checkoutSessionId: other.sessionId,
        expCurrentState: 'Cart To Order',
        nextState: 'Activate Order',
      }),
    ).toEqual({ status: 400, errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' });
    expect(await call('checkCartInventoryAction', { cartId: other.cartId })).toEqual({
      status: 500,
      errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
    });
    expect(await call('activateOrderAction', { cartId: other.cartId, orderStatus: 'Activated' })).toEqual({
      status: 500,
      errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
    });
  });

  it('filters every query to the rows the buyer may see', async () => {
    const query = (soql: string) => asA('GET', `/query?q=${encodeURIComponent(soql)}`);
    const carts = await query('SELECT Id FROM WebCart');
    expect(carts.body.records.map((record: { Id: string }) => record.Id)).toEqual([ownCartId]);
    expect((await query('SELECT Id FROM Order')).body.totalSize).toBe(0);
    expect((await query('SELECT Id FROM CartCheckoutSession')).body.totalSize).toBe(0);
    expect((await query('SELECT Id FROM BackgroundOperation')).body.totalSize).toBe(0);
    expect((await query(`SELECT Id FROM WebCart WHERE Id = '${other.cartId}'`)).body.totalSize).toBe(0);
    const accounts = await query('SELECT Id, Name FROM Account');
    expect(accounts.body.records).toHaveLength(1);
    expect(accounts.body.records[0].Name).toBe('Acme');
    expect((await query('SELECT Id FROM Product2')).body.totalSize).toBe(3);
    expect((await query('SELECT Id FROM PermissionSet')).body.totalSize).toBe(0);
    expect(
      (await server.request('GET', `${v}/query?q=${encodeURIComponent('SELECT Id FROM WebCart')}`)).body.totalSize,
    ).toBe(2);
  });

  it("refuses a buyer's writes to objects other than carts", async () => {
    const own = server.store.buyers[0]!;
    const account = await asA('PATCH', `/sobjects/Account/${own.accountId}`, { Name: 'Renamed' });
    expect(account.status).toBe(400);
    expect(account.body[0].errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    const foreignCart = await asA('POST', '/sobjects/WebCart', {
      Name: 'For B',
      WebStoreId: server.store.storeId,
      AccountId: other.accountId,
    });
    expect(foreignCart.status).toBe(400);
    expect(foreignCart.body[0].errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
  });
});
