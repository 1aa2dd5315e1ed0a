/**
 * DELETE through the sObject API: a record other records still reference is refused with
 * DELETE_FAILED 400 and nothing changes; what goes with a record is its own — a cart's rows,
 * the step results about an item or a delivery group.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemUserId } from '../src/access/permission-sets.js';
import { createCart } from '../src/seed/create-cart.js';
import { insertRecord } from '../src/store/insert-record.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

let server: HttpTestServer;
const v = '/services/data/v60.0';

beforeAll(async () => {
  server = await startHttpTestServer();
});
afterAll(() => server.dispose());

const db = () => server.engine.store.db;
const asBuyer = (method: string, path: string, body?: unknown) =>
  server.request(method, `${v}${path}`, { token: server.buyerTokens[0]!, ...(body === undefined ? {} : { body }) });
const newCart = () =>
  createCart(db(), server.store.storeId, server.store.buyers[0]!, [
    { product: server.store.products[0]!, quantity: 2 },
  ]);
const count = async (
  table: 'cart_item' | 'cart_delivery_group' | 'cart_tax' | 'cart_delivery_group_method',
  id: string,
) => (await db().selectFrom(table).select('id').where('id', '=', id).execute()).length;

describe('DELETE of a record others reference', () => {
  it('refuses a delivery group that still has items with DELETE_FAILED 400, deleting nothing', async () => {
    const cart = await newCart();
    const response = await asBuyer('DELETE', `/sobjects/CartDeliveryGroup/${cart.deliveryGroupId}`);
    expect(response.status, response.text).toBe(400);
    expect(response.body).toEqual([
      {
        errorCode: 'DELETE_FAILED',
        message: expect.stringContaining('associated with CartItem records') as string,
        fields: [],
      },
    ]);
    expect(await count('cart_delivery_group', cart.deliveryGroupId)).toBe(1);
    expect(await count('cart_item', cart.itemIds[0]!)).toBe(1);
  });

  it('refuses it in a cart in Checkout too, and leaves the checkout running', async () => {
    const cart = await newCart();
    const started = await asBuyer('POST', '/actions/standard/checkoutSessionAction', {
      inputs: [{ cartId: cart.cartId }],
    });
    const sessionId = started.body[0].outputValues.requestId as string;
    expect((await asBuyer('DELETE', `/sobjects/CartDeliveryGroup/${cart.deliveryGroupId}`)).status).toBe(400);
    const status = await db().selectFrom('web_cart').select('status').where('id', '=', cart.cartId).executeTakeFirst();
    expect(status?.status).toBe('Checkout');
    const session = await db()
      .selectFrom('cart_checkout_session')
      .select('is_archived')
      .where('id', '=', sessionId)
      .executeTakeFirst();
    expect(session?.is_archived).toBe(0);
  });
});

describe('DELETE of a record with rows of its own', () => {
  it('deletes an empty delivery group with the delivery options the shipment step wrote for it', async () => {
    const cart = await newCart();
    const created = await asBuyer('POST', '/sobjects/CartDeliveryGroup', { CartId: cart.cartId, Name: 'Second' });
    expect(created.status, created.text).toBe(201);
    const groupId = created.body.id as string;
    const methodId = await insertRecord(
      db(),
      'orderDeliveryMethod',
      { name: 'Ground', web_store_id: server.store.storeId, shipping_fee: 1500 },
      systemUserId,
    );
    const optionId = await insertRecord(
      db(),
      'cartDeliveryGroupMethod',
      {
        web_cart_id: cart.cartId,
        cart_delivery_group_id: groupId,
        delivery_method_id: methodId,
        name: 'Ground',
        shipping_fee: 1500,
      },
      systemUserId,
    );
    expect((await asBuyer('DELETE', `/sobjects/CartDeliveryGroup/${groupId}`)).status).toBe(204);
    expect(await count('cart_delivery_group', groupId)).toBe(0);
    expect(await count('cart_delivery_group_method', optionId)).toBe(0);
  });

  it('deletes an item with the taxes computed for it', async () => {
    const cart = await newCart();
    const itemId = cart.itemIds[0]!;
    const taxId = await insertRecord(
      db(),
      'cartTax',
      { cart_id: cart.cartId, cart_item_id: itemId, name: 'Sales tax', amount: 120 },
      systemUserId,
    );
    expect((await asBuyer('DELETE', `/sobjects/CartItem/${itemId}`)).status).toBe(204);
    expect(await count('cart_item', itemId)).toBe(0);
    expect(await count('cart_tax', taxId)).toBe(0);
  });

  it('deletes a cart with its delivery groups and items', async () => {
    const cart = await newCart();
    expect((await asBuyer('DELETE', `/sobjects/WebCart/${cart.cartId}`)).status).toBe(204);
    expect(await count('cart_delivery_group', cart.deliveryGroupId)).toBe(0);
    expect(await count('cart_item', cart.itemIds[0]!)).toBe(0);
  });
});
