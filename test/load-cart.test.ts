/**
 * A step's one-statement cart read (src/operations/handlers/load-cart.ts) returns exactly what
 * plain selects of the cart, its lines and its delivery groups return, with the store's
 * provider mapping for the step's service type.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemUserId } from '../src/access/permission-sets.js';
import { loadCart, loadStepCart } from '../src/operations/handlers/load-cart.js';
import { insertRecord } from '../src/store/insert-record.js';
import { openCheckout } from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

let test: TestEngine;
beforeEach(async () => {
  test = await openTestEngine();
});
afterEach(async () => {
  await test.dispose();
});

async function plainReads(cartId: string) {
  const { db } = test.engine.store;
  return {
    cart: await db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirstOrThrow(),
    items: await db.selectFrom('cart_item').selectAll().where('cart_id', '=', cartId).orderBy('id').execute(),
    deliveryGroups: await db
      .selectFrom('cart_delivery_group')
      .selectAll()
      .where('cart_id', '=', cartId)
      .orderBy('id')
      .execute(),
  };
}

describe('a step reads its cart in one statement', () => {
  it('returns the rows plain selects return, and the store mapping of the step type', async () => {
    const { cartId } = await openCheckout(test);
    const { store } = test.engine;
    const expected = await plainReads(cartId);
    expect(expected.items).toHaveLength(2);
    expect(await loadCart(store.db, cartId)).toStrictEqual(expected);
    expect(await loadStepCart(store.db, cartId, 'Tax')).toStrictEqual({
      ...expected,
      integration: null,
    });
    await insertRecord(
      store.db,
      'storeIntegratedService',
      { store_id: test.store.storeId, service_provider_type: 'Tax', integration: 'MyTax' },
      systemUserId,
    );
    expect((await loadStepCart(store.db, cartId, 'Tax')).integration).toBe('MyTax');
    expect((await loadStepCart(store.db, cartId, 'Price')).integration).toBeNull();
  });
});
