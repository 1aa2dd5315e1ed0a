/** The sObject resources: every error shape of SPEC.md section 5, value conversion, cart rules. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { startHttpTestServer, type HttpTestServer } from './support/http-test-server.js';

let server: HttpTestServer;
let buyerToken: string;
const v = '/services/data/v60.0';

beforeAll(async () => {
  server = await startHttpTestServer();
  buyerToken = server.buyerTokens[0]!;
});
afterAll(() => server.dispose());

const asBuyer = (method: string, path: string, body?: unknown) =>
  server.request(method, `${v}${path}`, { token: buyerToken, ...(body === undefined ? {} : { body }) });

async function newCart() {
  const [widget] = server.store.products;
  return createCart(server.engine.store.db, server.store.storeId, server.store.buyers[0]!, [
    { product: widget!, quantity: 2 },
  ]);
}

function expectError(
  response: { status: number; body: unknown },
  status: number,
  errorCode: string,
  fields?: string[],
) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toEqual([{ message: expect.any(String), errorCode, fields: fields ?? expect.any(Array) }]);
}

describe('sObject errors', () => {
  it('answers each field-level error with its code, the field and 400', async () => {
    const cart = await newCart();
    const store = server.store.storeId;
    const item = { CartId: cart.cartId, CartDeliveryGroupId: cart.deliveryGroupId, Name: 'Line' };
    expectError(await asBuyer('POST', '/sobjects/CartItem', { ...item, Colour: 'red' }), 400, 'INVALID_FIELD', [
      'Colour',
    ]);
    expectError(await asBuyer('POST', '/sobjects/CartItem', { ...item, Quantity: 'many' }), 400, 'INVALID_TYPE', [
      'Quantity',
    ]);
    expectError(await asBuyer('POST', '/sobjects/CartItem', { ...item, Name: { a: 1 } }), 400, 'JSON_PARSER_ERROR', [
      'Name',
    ]);
    expectError(
      await asBuyer('POST', '/sobjects/CartItem', { ...item, Name: 'x'.repeat(256) }),
      400,
      'STRING_TOO_LONG',
      ['Name'],
    );
    expectError(
      await asBuyer('POST', '/sobjects/CartItem', { ...item, Type: 'Gift' }),
      400,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      ['Type'],
    );
    expectError(await asBuyer('POST', '/sobjects/WebCart', { WebStoreId: store }), 400, 'REQUIRED_FIELD_MISSING');
    expectError(
      await asBuyer('POST', '/sobjects/CartItem', { ...item, CartDeliveryGroupId: server.store.storeId }),
      400,
      'FIELD_INTEGRITY_EXCEPTION',
      ['CartDeliveryGroupId'],
    );
    expectError(
      await asBuyer('POST', '/sobjects/CartItem', { ...item, Product2Id: '01t000000000000' }),
      400,
      'INVALID_CROSS_REFERENCE_KEY',
      ['Product2Id'],
    );
    expectError(
      await asBuyer('PATCH', `/sobjects/WebCart/${cart.cartId}`, { Status: 'Closed' }),
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      ['Status'],
    );
    expectError(
      await server.request('POST', `${v}/sobjects/Order`, { body: { Name: 'x' } }),
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
    );
    expectError(
      await server.request('POST', `${v}/sobjects/User`, {
        body: { Username: server.store.buyers[0]!.username, LastName: 'Dup' },
      }),
      400,
      'DUPLICATE_VALUE',
    );
    expectError(
      await server.request('DELETE', `${v}/sobjects/Account/${server.store.buyers[0]!.accountId}`),
      400,
      'DELETE_FAILED',
    );
  });

  it('answers NOT_FOUND 404 for unknown objects, ids and malformed ids', async () => {
    expectError(await asBuyer('GET', '/sobjects/Spaceship/describe'), 404, 'NOT_FOUND');
    expectError(await asBuyer('GET', '/sobjects/WebCart/0a6000000000000AAA'), 404, 'NOT_FOUND');
    expectError(await asBuyer('GET', '/sobjects/WebCart/garbage'), 404, 'NOT_FOUND');
    const cart = await newCart();
    expectError(await asBuyer('GET', `/sobjects/CartItem/${cart.cartId}`), 404, 'NOT_FOUND');
  });
});

describe('sObject values', () => {
  it('converts money, booleans, date-times and 15-character ids both ways', async () => {
    const cart = await newCart();
    const group = await asBuyer('POST', '/sobjects/CartDeliveryGroup', {
      CartId: cart.cartId.slice(0, 15),
      Name: 'Second',
      DesiredDeliveryDate: '2026-12-01T10:30:00.000+0100',
    });
    expect(group.status).toBe(201);
    expect(group.body).toEqual({ id: expect.stringMatching(/^0a7\w{15}$/), success: true, errors: [] });
    const stored = await server.engine.store.db
      .selectFrom('cart_delivery_group')
      .select(['cart_id', 'desired_delivery_date'])
      .where('id', '=', group.body.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ cart_id: cart.cartId, desired_delivery_date: '2026-12-01T09:30:00.000Z' });
    const read = await asBuyer('GET', `/sobjects/CartDeliveryGroup/${group.body.id.slice(0, 15)}`);
    expect(read.body.DesiredDeliveryDate).toBe('2026-12-01T09:30:00.000+0000');
    expect(read.body.attributes).toEqual({
      type: 'CartDeliveryGroup',
      url: `${v}/sobjects/CartDeliveryGroup/${group.body.id}`,
    });

    // Prices are an integrator's or administrator's to write, never a buyer's (SPEC.md section 6).
    const item = await server.request('POST', `${v}/sobjects/CartItem`, {
      body: {
        CartId: cart.cartId,
        CartDeliveryGroupId: group.body.id,
        Name: 'Priced',
        Quantity: 3,
        SalesPrice: 19.99,
        ListPrice: '21.10',
      },
    });
    expect(item.status).toBe(201);
    const row = await server.engine.store.db
      .selectFrom('cart_item')
      .select(['sales_price', 'list_price', 'total_price'])
      .where('id', '=', item.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sales_price: 1999, list_price: 2110, total_price: 5997 });
    const fields = await asBuyer('GET', `/sobjects/CartItem/${item.body.id}?fields=TotalPrice,Quantity`);
    expect(fields.body).toMatchObject({ TotalPrice: 59.97, Quantity: 3 });
    expect(fields.body.Name).toBeUndefined();

    const cartRead = await asBuyer('GET', `/sobjects/WebCart/${cart.cartId}`);
    expect(cartRead.body.TotalProductAmount).toBe(79.97);

    const user = await server.request('POST', `${v}/sobjects/User`, {
      body: { Username: 'new@example.com', LastName: 'New', IsActive: false },
    });
    expect(user.status).toBe(201);
    expect((await server.request('GET', `${v}/sobjects/User/${user.body.id}`)).body.IsActive).toBe(false);
  });
});

describe('cart rules', () => {
  it('cancels the checkout when an item of a cart in Checkout changes, in the same transaction', async () => {
    const cart = await newCart();
    const session = await asBuyer('POST', '/actions/standard/checkoutSessionAction', {
      inputs: [{ cartId: cart.cartId }],
    });
    const sessionId = session.body[0].outputValues.requestId as string;
    expect((await asBuyer('PATCH', `/sobjects/CartItem/${cart.itemIds[0]}`, { Quantity: 5 })).status).toBe(204);
    const { db } = server.engine.store;
    expect(
      (await db.selectFrom('web_cart').select('status').where('id', '=', cart.cartId).executeTakeFirstOrThrow()).status,
    ).toBe('Active');
    const archived = await db
      .selectFrom('cart_checkout_session')
      .select('is_archived')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(archived.is_archived).toBe(1);
  });

  it('lets a screen step set State and NextState of a session that is not processing, and nothing else', async () => {
    const cart = await newCart();
    const session = await asBuyer('POST', '/actions/standard/checkoutSessionAction', {
      inputs: [{ cartId: cart.cartId }],
    });
    const sessionId = session.body[0].outputValues.requestId as string;
    expect(
      (await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { State: 'Delivery Method' })).status,
    ).toBe(204);
    expect((await asBuyer('GET', `/sobjects/CartCheckoutSession/${sessionId}`)).body.State).toBe('Delivery Method');
    expectError(
      await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { Name: 'x' }),
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
    );
    expectError(
      await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { State: 'x'.repeat(31) }),
      400,
      'STRING_TOO_LONG',
    );
    expectError(
      await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { State: null }),
      400,
      'REQUIRED_FIELD_MISSING',
    );
    await server.engine.store.db
      .updateTable('cart_checkout_session')
      .set({ is_processing: 1 })
      .where('id', '=', sessionId)
      .execute();
    expectError(
      await asBuyer('PATCH', `/sobjects/CartCheckoutSession/${sessionId}`, { State: 'Taxes' }),
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
    );
    expectError(
      await asBuyer('POST', '/sobjects/CartCheckoutSession', { WebCartId: cart.cartId, Name: 'x', State: 'x' }),
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
    );
  });

  it('refuses changes to a closed cart', async () => {
    const cart = await newCart();
    await server.engine.store.db
      .updateTable('web_cart')
      .set({ status: 'Closed' })
      .where('id', '=', cart.cartId)
      .execute();
    expectError(
      await asBuyer('PATCH', `/sobjects/CartItem/${cart.itemIds[0]}`, { Quantity: 1 }),
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
    );
    expectError(await asBuyer('DELETE', `/sobjects/WebCart/${cart.cartId}`), 400, 'INSUFFICIENT_ACCESS_OR_READONLY');
  });
});

describe('write-only fields', () => {
  it('stores the secret of an external service but never returns it, in a record or a query', async () => {
    const created = await server.request('POST', `${v}/sobjects/RegisteredExternalService`, {
      body: {
        DeveloperName: 'TaxService',
        ExternalServiceProviderType: 'Tax',
        ProviderKind: 'Http',
        Target: 'http://127.0.0.1:9/tax',
        Secret: 'shared-signing-key',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const record = await server.request('GET', `${v}/sobjects/RegisteredExternalService/${id}`);
    expect(record.status).toBe(200);
    expect(record.body.DeveloperName).toBe('TaxService');
    expect(record.body).not.toHaveProperty('Secret');
    const stored = await server.engine.store.db
      .selectFrom('registered_external_service')
      .select('secret')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).toBe('shared-signing-key');
    const query = await server.request(
      'GET',
      `${v}/query?q=${encodeURIComponent('SELECT Secret FROM RegisteredExternalService')}`,
    );
    expectError(query, 400, 'INVALID_FIELD');
  });
});
