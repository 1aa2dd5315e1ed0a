/**
 * The engine's caller cache: an action call reuses the caller loaded by the previous one, and
 * clearing the cache makes a deactivated user's next call fail with nothing stored changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectError, expectSuccess } from './support/checkout-steps.js';
import { expectNothingChanged, standardCart } from './support/fixtures.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('caller cache', () => {
  let test: TestEngine;
  let callerLoads = 0;
  beforeEach(async () => {
    callerLoads = 0;
    test = await openTestEngine(undefined, {
      workers: 0,
      onQuery: ({ sql }) => {
        if (/^select "app_user"\."id" as "id", "app_user"\."is_active"/.test(sql)) callerLoads += 1;
      },
    });
  });
  afterEach(() => test.dispose());

  it('loads a caller once for several calls, and again after a clear', async () => {
    const buyer = test.store.buyers[0]!;
    const { cartId } = await standardCart(test.engine.store.db, test.store, buyer);
    expectSuccess(await test.engine.invoke('checkoutSessionAction', { cartId }, { userId: buyer.userId }));
    expectSuccess(await test.engine.invoke('checkoutSessionAction', { cartId }, { userId: buyer.userId }));
    expect(callerLoads).toBe(1);
    test.engine.callers.clear();
    expectSuccess(await test.engine.invoke('checkoutSessionAction', { cartId }, { userId: buyer.userId }));
    expect(callerLoads).toBe(2);
  });

  it('refuses a user deactivated since, once the cache is cleared, and stores nothing', async () => {
    const buyer = test.store.buyers[0]!;
    const db = test.engine.store.db;
    const { cartId } = await standardCart(db, test.store, buyer);
    expectSuccess(await test.engine.invoke('checkoutSessionAction', { cartId }, { userId: buyer.userId }));
    await db.updateTable('app_user').set({ is_active: 0 }).where('id', '=', buyer.userId).execute();
    test.engine.callers.clear();
    await expectNothingChanged(db, async () =>
      expectError(
        await test.engine.invoke('cancelCartAsyncOperation', { cartId }, { userId: buyer.userId }),
        'BAD_REQUEST',
        400,
      ),
    );
  });

  it('keeps nothing with callerCacheMs 0', async () => {
    await test.dispose();
    callerLoads = 0;
    test = await openTestEngine(undefined, {
      workers: 0,
      callerCacheMs: 0,
      onQuery: ({ sql }) => {
        if (/^select "app_user"\."id" as "id", "app_user"\."is_active"/.test(sql)) callerLoads += 1;
      },
    });
    const buyer = test.store.buyers[0]!;
    const { cartId } = await standardCart(test.engine.store.db, test.store, buyer);
    expectSuccess(await test.engine.invoke('checkoutSessionAction', { cartId }, { userId: buyer.userId }));
    expectSuccess(await test.engine.invoke('checkoutSessionAction', { cartId }, { userId: buyer.userId }));
    expect(callerLoads).toBe(2);
  });
});
