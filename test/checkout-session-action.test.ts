import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemUserId } from '../src/access/permission-sets.js';
import type { CartStatus } from '../src/domain/vocabulary.js';
import { generateId } from '../src/records/ids.js';
import { createCart } from '../src/seed/create-cart.js';
import { expectError, expectSuccess } from './support/checkout-steps.js';
import { colleagueOf, expectNothingChanged, internalUser, standardCart } from './support/fixtures.js';
import { runFullCheckout } from './support/run-full-checkout.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('checkoutSessionAction', () => {
  let test: TestEngine;
  let cartId: string;
  let userId: string;
  beforeEach(async () => {
    test = await openTestEngine(undefined, { workers: 0 });
    const buyer = test.store.buyers[0]!;
    userId = buyer.userId;
    cartId = (await standardCart(test.engine.store.db, test.store, buyer)).cartId;
  });
  afterEach(async () => {
    await test.dispose();
  });

  const invoke = (input: Record<string, unknown>, asUser = userId) =>
    test.engine.invoke('checkoutSessionAction', input, { userId: asUser });
  const db = () => test.engine.store.db;
  const setCartStatus = (status: CartStatus) =>
    db().updateTable('web_cart').set({ status }).where('id', '=', cartId).execute();

  it('creates a session in Start, locks the cart and clears its validation outputs', async () => {
    await db()
      .insertInto('cart_validation_output')
      .values({
        id: generateId('0a8'),
        created_date: '2026-01-01T00:00:00.000Z',
        last_modified_date: '2026-01-01T00:00:00.000Z',
        created_by_id: systemUserId,
        last_modified_by_id: systemUserId,
        system_modstamp: '2026-01-01T00:00:00.000Z',
        cart_id: cartId,
        name: 'old',
        level: 'Error',
        type: 'Inventory',
      })
      .execute();
    const sessionId = expectSuccess(await invoke({ cartId })).requestId as string;
    expect(sessionId).toMatch(/^2z9[A-Za-z0-9]{15}$/);
    const session = await db()
      .selectFrom('cart_checkout_session')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ state: 'Start', next_state: null, is_processing: 0, is_error: 0, is_archived: 0 });
    const cart = await db().selectFrom('web_cart').select('status').where('id', '=', cartId).executeTakeFirstOrThrow();
    expect(cart.status).toBe('Checkout');
    expect(await db().selectFrom('cart_validation_output').selectAll().execute()).toEqual([]);
  });

  it('returns the same session on every call, also while it is processing', async () => {
    const first = expectSuccess(await invoke({ cartId })).requestId as string;
    await db().updateTable('cart_checkout_session').set({ is_processing: 1 }).where('id', '=', first).execute();
    expect(expectSuccess(await invoke({ cartId })).requestId).toBe(first);
  });

  it('uses the initial state given and accepts the 15-character cart id', async () => {
    const sessionId = expectSuccess(await invoke({ cartId: cartId.slice(0, 15), initialState: 'Shipping Address' }))
      .requestId as string;
    const session = await db()
      .selectFrom('cart_checkout_session')
      .select('state')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(session.state).toBe('Shipping Address');
  });

  it('answers the alias createCheckoutSessionAction', async () => {
    expectSuccess(await test.engine.invoke('createCheckoutSessionAction', { cartId }, { userId }));
  });

  it('rejects a caller who may not invoke actions with BAD_REQUEST 400', async () => {
    const noPermissions = await colleagueOf(db(), test.store.buyers[0]!, 'Nobody', null);
    await expectNothingChanged(db(), async () =>
      expectError(await invoke({ cartId }, noPermissions), 'BAD_REQUEST', 400),
    );
  });

  it('rejects an inactive user with BAD_REQUEST 400', async () => {
    await db().updateTable('app_user').set({ is_active: 0 }).where('id', '=', userId).execute();
    await expectNothingChanged(db(), async () => expectError(await invoke({ cartId }), 'BAD_REQUEST', 400));
  });

  it.each([
    ['malformed', 'not-an-id'],
    ['of no cart', generateId('0a6')],
    ['of another object', generateId('001')],
    ['with a bad checksum', 'XXX'],
  ])('rejects a cart id %s with UNKNOWN_EXCEPTION 500', async (_, id) => {
    const cartIdInput = id === 'XXX' ? cartId.slice(0, 15) + 'ZZZ' : id;
    await expectNothingChanged(db(), async () =>
      expectError(await invoke({ cartId: cartIdInput }), 'UNKNOWN_EXCEPTION', 500),
    );
  });

  it("rejects a buyer acting on another account's cart with BAD_REQUEST 400", async () => {
    const otherBuyer = test.store.buyers[1]!;
    await expectNothingChanged(db(), async () =>
      expectError(await invoke({ cartId }, otherBuyer.userId), 'BAD_REQUEST', 400),
    );
  });

  it('rejects a cart whose account is not an active buyer account with BAD_REQUEST 400', async () => {
    await db()
      .updateTable('buyer_account')
      .set({ is_active: 0 })
      .where('buyer_id', '=', test.store.buyers[0]!.accountId)
      .execute();
    await expectNothingChanged(db(), async () => expectError(await invoke({ cartId }), 'BAD_REQUEST', 400));
  });

  it('rejects a cart whose account is not a member of the store with BAD_REQUEST 400', async () => {
    await db().deleteFrom('buyer_group_member').where('buyer_id', '=', test.store.buyers[0]!.accountId).execute();
    await expectNothingChanged(db(), async () => expectError(await invoke({ cartId }), 'BAD_REQUEST', 400));
  });

  it("rejects a buyer without access to a colleague's cart with BAD_REQUEST 400", async () => {
    const colleague = await colleagueOf(db(), test.store.buyers[0]!, 'Colleague', 'B2BBuyer');
    await expectNothingChanged(db(), async () => expectError(await invoke({ cartId }, colleague), 'BAD_REQUEST', 400));
  });

  it("lets a buyer manager and an integrator get the session of someone else's cart", async () => {
    const manager = await colleagueOf(db(), test.store.buyers[0]!, 'Manager', 'B2BBuyerManager');
    const integrator = await internalUser(db(), 'integrator', 'B2BCommerceIntegrator');
    const first = expectSuccess(await invoke({ cartId }, manager)).requestId;
    expect(expectSuccess(await invoke({ cartId }, integrator)).requestId).toBe(first);
  });

  it.each(['Processing', 'PendingClosed', 'PendingDelete'] as const)(
    'rejects a cart in %s with BAD_REQUEST 400 (Cart Is Already in Progress)',
    async (status) => {
      await setCartStatus(status);
      await expectNothingChanged(db(), async () => {
        const result = await invoke({ cartId });
        expectError(result, 'BAD_REQUEST', 400);
        expect(result.errors[0]!.message).toBe('Cart Is Already in Progress');
      });
    },
  );

  it('rejects a Closed cart with INVALID_OPERATION 403', async () => {
    await setCartStatus('Closed');
    await expectNothingChanged(db(), async () => expectError(await invoke({ cartId }), 'INVALID_OPERATION', 403));
  });
});

describe('checkoutSessionAction on a completed checkout', () => {
  let test: TestEngine;
  afterEach(async () => {
    await test.dispose();
  });

  it("answers a Closed cart's archived session of its Activated order and changes nothing", async () => {
    test = await openTestEngine();
    const buyer = test.store.buyers[0]!;
    const [widget] = test.store.products;
    const { cartId } = await createCart(test.engine.store.db, test.store.storeId, buyer, [
      { product: widget!, quantity: 1 },
    ]);
    expect((await runFullCheckout(test.engine, cartId, buyer.userId)).isError).toBe(false);
    await test.engine.settle();
    const db = test.engine.store.db;
    const archived = await db
      .selectFrom('cart_checkout_session')
      .select(['id', 'is_archived'])
      .where('web_cart_id', '=', cartId)
      .executeTakeFirstOrThrow();
    expect(archived.is_archived).toBe(1);
    await expectNothingChanged(db, async () => {
      const result = await test.engine.invoke('checkoutSessionAction', { cartId }, { userId: buyer.userId });
      expect(expectSuccess(result).requestId).toBe(archived.id);
    });
  });
});
