/**
 * Quantities and amounts at the API boundary: only JSON numbers or plain decimal text, never
 * rounded, refused outside their documented ranges (docs/decisions/0013-exact-quantities.md),
 * and exact through records, SOQL and cart totals.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON */
import fc from 'fast-check';
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
const asAdmin = (method: string, path: string, body?: unknown) =>
  server.request(method, `${v}${path}`, body === undefined ? {} : { body });

async function newCart() {
  const [widget] = server.store.products;
  const cart = await createCart(server.engine.store.db, server.store.storeId, server.store.buyers[0]!, [
    { product: widget!, quantity: 2 },
  ]);
  return { ...cart, item: { CartId: cart.cartId, CartDeliveryGroupId: cart.deliveryGroupId, Name: 'Line' } };
}

async function itemCount(cartId: string): Promise<number> {
  const rows = await server.engine.store.db
    .selectFrom('cart_item')
    .select('id')
    .where('cart_id', '=', cartId)
    .execute();
  return rows.length;
}

function expectError(response: { status: number; body: unknown }, errorCode: string, fields: string[]) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body).toEqual([{ message: expect.any(String), errorCode, fields }]);
}

describe('strict numbers at the API boundary', () => {
  it.each(['0x10', '1e3', ' 12', '12 ', 'Infinity', '-Infinity', 'NaN', '0b11', '0o7', '1_000', '+3', '.5', '1,5'])(
    'refuses %j as Quantity with INVALID_TYPE 400 and stores nothing',
    async (text) => {
      const cart = await newCart();
      expectError(await asBuyer('POST', '/sobjects/CartItem', { ...cart.item, Quantity: text }), 'INVALID_TYPE', [
        'Quantity',
      ]);
      expect(await itemCount(cart.cartId)).toBe(1);
    },
  );

  it('refuses a quantity with more than 4 decimals instead of rounding it, on create and update', async () => {
    const cart = await newCart();
    expectError(await asBuyer('POST', '/sobjects/CartItem', { ...cart.item, Quantity: 1.00001 }), 'INVALID_TYPE', [
      'Quantity',
    ]);
    expectError(await asBuyer('POST', '/sobjects/CartItem', { ...cart.item, Quantity: '2.50001' }), 'INVALID_TYPE', [
      'Quantity',
    ]);
    expect(await itemCount(cart.cartId)).toBe(1);
    const [itemId] = cart.itemIds;
    expectError(await asBuyer('PATCH', `/sobjects/CartItem/${itemId}`, { Quantity: '0x10' }), 'INVALID_TYPE', [
      'Quantity',
    ]);
    expect((await asBuyer('GET', `/sobjects/CartItem/${itemId}`)).body.Quantity).toBe(2);
  });

  it('refuses a quantity above 1,000,000,000 with NUMBER_OUTSIDE_VALID_RANGE 400', async () => {
    const cart = await newCart();
    expectError(
      await asBuyer('POST', '/sobjects/CartItem', { ...cart.item, Quantity: 9_999_999_999 }),
      'NUMBER_OUTSIDE_VALID_RANGE',
      ['Quantity'],
    );
    expect(await itemCount(cart.cartId)).toBe(1);
  });

  it('refuses non-decimal text and out-of-range values for currency, int and double fields', async () => {
    const cart = await newCart();
    for (const price of ['0x10', '1e3', ' 12', 'Infinity', 1.005]) {
      expectError(await asAdmin('POST', '/sobjects/CartItem', { ...cart.item, SalesPrice: price }), 'INVALID_TYPE', [
        'SalesPrice',
      ]);
    }
    expectError(
      await asAdmin('POST', '/sobjects/CartItem', { ...cart.item, SalesPrice: 1_000_000_000_000 }),
      'NUMBER_OUTSIDE_VALID_RANGE',
      ['SalesPrice'],
    );
    expectError(await asAdmin('POST', '/sobjects/BuyerGroupPricebook', { Priority: '0x10' }), 'INVALID_TYPE', [
      'Priority',
    ]);
    expectError(await asAdmin('POST', '/sobjects/BuyerGroupPricebook', { Priority: 1.5 }), 'INVALID_TYPE', [
      'Priority',
    ]);
    expectError(await asAdmin('POST', '/sobjects/TaxRate', { Rate: '1e1' }), 'INVALID_TYPE', ['Rate']);
    expect(await itemCount(cart.cartId)).toBe(1);
  });

  it('refuses the line 9,999,999,999 × 90,071,992,547.40 (and 1,000,000,000 × it) and stores nothing', async () => {
    const cart = await newCart();
    const line = { ...cart.item, SalesPrice: 90_071_992_547.4 };
    expectError(
      await asAdmin('POST', '/sobjects/CartItem', { ...line, Quantity: 9_999_999_999 }),
      'NUMBER_OUTSIDE_VALID_RANGE',
      ['Quantity'],
    );
    expectError(
      await asAdmin('POST', '/sobjects/CartItem', { ...line, Quantity: 1_000_000_000 }),
      'NUMBER_OUTSIDE_VALID_RANGE',
      ['Quantity'],
    );
    expect(await itemCount(cart.cartId)).toBe(1);
    const created = await asAdmin('POST', '/sobjects/CartItem', { ...line, Quantity: 11 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await asAdmin('GET', `/sobjects/CartItem/${created.body.id}`)).body.TotalLineAmount).toBe(
      990_791_918_021.4,
    );
  });
});

describe('exact quantities through records and SOQL', () => {
  it('round-trips 0.0001 and 2.5 exactly through the API, the store, SOQL and the cart total', async () => {
    const cart = await newCart();
    const tiny = await asBuyer('POST', '/sobjects/CartItem', { ...cart.item, Quantity: 0.0001 });
    const half = await asBuyer('POST', '/sobjects/CartItem', { ...cart.item, Quantity: '2.5' });
    expect([tiny.status, half.status]).toEqual([201, 201]);
    expect((await asBuyer('GET', `/sobjects/CartItem/${tiny.body.id}`)).body.Quantity).toBe(0.0001);
    expect((await asBuyer('GET', `/sobjects/CartItem/${half.body.id}`)).body.Quantity).toBe(2.5);
    const stored = await server.engine.store.db
      .selectFrom('cart_item')
      .select(['id', 'quantity'])
      .where('id', 'in', [tiny.body.id, half.body.id])
      .execute();
    expect(Object.fromEntries(stored.map((row) => [row.id, row.quantity]))).toEqual({
      [tiny.body.id]: 1,
      [half.body.id]: 25_000,
    });
    const query = async (where: string) =>
      (
        await asBuyer(
          'GET',
          `/query?q=${encodeURIComponent(`SELECT Id, Quantity FROM CartItem WHERE CartId = '${cart.cartId}' AND ${where}`)}`,
        )
      ).body;
    expect((await query('Quantity = 2.5')).records.map((record: { Id: string }) => record.Id)).toEqual([half.body.id]);
    expect((await query('Quantity = 0.0001')).records).toEqual([
      expect.objectContaining({ Id: tiny.body.id, Quantity: 0.0001 }),
    ]);
    expect((await query('Quantity > 1.9999')).totalSize).toBe(2);
    const tooFine = await asBuyer(
      'GET',
      `/query?q=${encodeURIComponent('SELECT Id FROM CartItem WHERE Quantity = 2.50001')}`,
    );
    expect(tooFine.status).toBe(400);
    expect(tooFine.body[0].errorCode).toBe('INVALID_FIELD');
    expect((await asBuyer('GET', `/sobjects/WebCart/${cart.cartId}`)).body.TotalProductCount).toBe(4.5001);
  });

  it('stores every line total as the exact product rounded half away from zero, or refuses it', async () => {
    const cart = await newCart();
    const quantityText = fc
      .tuple(
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1_000_000_000 })),
        fc.integer({ min: 0, max: 9999 }),
      )
      .filter(([whole, fraction]) => (whole > 0 || fraction > 0) && (whole < 1_000_000_000 || fraction === 0))
      .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(4, '0')}`);
    const priceMinor = fc.oneof(
      fc.integer({ min: 0, max: 100_000_000 }),
      fc.integer({ min: 0, max: 99_999_999_999_999 }),
    );
    await fc.assert(
      fc.asyncProperty(quantityText, priceMinor, async (quantity, price) => {
        const priceText = `${Math.trunc(price / 100)}.${String(price % 100).padStart(2, '0')}`;
        const product = BigInt(price) * BigInt(quantity.replace('.', ''));
        const expected = (product + 5_000n) / 10_000n;
        const response = await asAdmin('POST', '/sobjects/CartItem', {
          ...cart.item,
          Quantity: Number(quantity),
          SalesPrice: priceText,
        });
        if (expected > 99_999_999_999_999n) {
          expectError(response, 'NUMBER_OUTSIDE_VALID_RANGE', ['Quantity']);
          return;
        }
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        const row = await server.engine.store.db
          .selectFrom('cart_item')
          .select(['quantity', 'total_line_amount'])
          .where('id', '=', response.body.id)
          .executeTakeFirstOrThrow();
        expect(row.quantity).toBe(Number(quantity.replace('.', '')));
        expect(row.total_line_amount).toBe(Number(expected));
        await asAdmin('DELETE', `/sobjects/CartItem/${response.body.id}`);
      }),
      { numRuns: 40 },
    );
  });
});
