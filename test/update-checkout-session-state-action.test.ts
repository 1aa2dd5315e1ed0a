import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateId } from '../src/records/ids.js';
import { CheckoutDriver, expectError, expectSuccess } from './support/checkout-steps.js';
import { colleagueOf, expectNothingChanged, standardCart } from './support/fixtures.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('updateCheckoutSessionStateAction', () => {
  let test: TestEngine;
  let cartId: string;
  let sessionId: string;
  let userId: string;
  beforeEach(async () => {
    test = await openTestEngine(undefined, { workers: 0 });
    const buyer = test.store.buyers[0]!;
    userId = buyer.userId;
    cartId = (await standardCart(test.engine.store.db, test.store, buyer)).cartId;
    sessionId = await new CheckoutDriver(test.engine, userId, cartId).startSession();
  });
  afterEach(async () => {
    await test.dispose();
  });

  const db = () => test.engine.store.db;
  const update = (input: Record<string, unknown>, asUser = userId) =>
    test.engine.invoke(
      'updateCheckoutSessionStateAction',
      { checkoutSessionId: sessionId, expCurrentState: 'Start', nextState: 'Inventory', ...input },
      { userId: asUser },
    );
  const session = () =>
    db().selectFrom('cart_checkout_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();

  it('sets the next state when the current state is the expected one', async () => {
    expect(expectSuccess(await update({})).requestId).toBe(sessionId);
    expect(await session()).toMatchObject({ state: 'Start', next_state: 'Inventory' });
  });

  it('answers the alias updateCheckoutSessionAction and accepts the 15-character session id', async () => {
    const result = await test.engine.invoke(
      'updateCheckoutSessionAction',
      { checkoutSessionId: sessionId.slice(0, 15), expCurrentState: 'Start', nextState: 'Inventory' },
      { userId },
    );
    expect(expectSuccess(result).requestId).toBe(sessionId);
  });

  it('rejects a caller who may not invoke actions with BAD_REQUEST 400', async () => {
    const nobody = await colleagueOf(db(), test.store.buyers[0]!, 'Nobody', null);
    await expectNothingChanged(db(), async () => expectError(await update({}, nobody), 'BAD_REQUEST', 400));
  });

  it.each([
    ['malformed', 'bogus'],
    ['of another object', 'CART'],
    ['with a bad checksum', 'CHECKSUM'],
  ])('rejects a session id %s with UNKNOWN_EXCEPTION 403', async (_, kind) => {
    const id = kind === 'CART' ? cartId : kind === 'CHECKSUM' ? sessionId.slice(0, 15) + 'ZZZ' : kind;
    await expectNothingChanged(db(), async () =>
      expectError(await update({ checkoutSessionId: id }), 'UNKNOWN_EXCEPTION', 403),
    );
  });

  it('rejects a session that does not exist with INSUFFICIENT_ACCESS_OR_READONLY 400', async () => {
    await expectNothingChanged(db(), async () =>
      expectError(await update({ checkoutSessionId: generateId('2z9') }), 'INSUFFICIENT_ACCESS_OR_READONLY', 400),
    );
  });

  it("rejects another account's buyer with INSUFFICIENT_ACCESS_OR_READONLY 400", async () => {
    const other = test.store.buyers[1]!.userId;
    await expectNothingChanged(db(), async () =>
      expectError(await update({}, other), 'INSUFFICIENT_ACCESS_OR_READONLY', 400),
    );
  });

  it('rejects a cart whose account left the store with INSUFFICIENT_ACCESS_OR_READONLY 400', async () => {
    await db().deleteFrom('buyer_group_member').where('buyer_id', '=', test.store.buyers[0]!.accountId).execute();
    await expectNothingChanged(db(), async () => expectError(await update({}), 'INSUFFICIENT_ACCESS_OR_READONLY', 400));
  });

  it('rejects a buyer who cannot read the cart with INSUFFICIENT_ACCESS_OR_READONLY 400', async () => {
    const colleague = await colleagueOf(db(), test.store.buyers[0]!, 'Colleague', 'B2BBuyer');
    await expectNothingChanged(db(), async () =>
      expectError(await update({}, colleague), 'INSUFFICIENT_ACCESS_OR_READONLY', 400),
    );
  });

  it.each(['Closed', 'Processing'] as const)('rejects a %s cart with INVALID_OPERATION 403', async (status) => {
    await db().updateTable('web_cart').set({ status }).where('id', '=', cartId).execute();
    await expectNothingChanged(db(), async () => expectError(await update({}), 'INVALID_OPERATION', 403));
  });

  it('rejects an unexpected current state with EXPECTED_STATE_MISMATCH 409 naming the actual state', async () => {
    await expectNothingChanged(db(), async () => {
      const result = await update({ expCurrentState: 'Shipping Cost' });
      expectError(result, 'EXPECTED_STATE_MISMATCH', 409);
      expect(result.errors[0]!.message).toContain('Start');
    });
  });

  it('rejects a second update while a transition is pending with EXPECTED_STATE_MISMATCH 409', async () => {
    expectSuccess(await update({}));
    await expectNothingChanged(db(), async () =>
      expectError(await update({ nextState: 'Taxes' }), 'EXPECTED_STATE_MISMATCH', 409),
    );
  });

  it.each([
    ['processing', { is_processing: 1 }],
    ['in error', { is_error: 1 }],
  ])('rejects a session %s with EXPECTED_STATE_MISMATCH 409', async (_, flags) => {
    await db().updateTable('cart_checkout_session').set(flags).where('id', '=', sessionId).execute();
    await expectNothingChanged(db(), async () => expectError(await update({}), 'EXPECTED_STATE_MISMATCH', 409));
  });

  it('rejects an archived session with EXPECTED_STATE_MISMATCH 409', async () => {
    await db().updateTable('cart_checkout_session').set({ is_archived: 1 }).where('id', '=', sessionId).execute();
    await db().updateTable('web_cart').set({ status: 'Active' }).where('id', '=', cartId).execute();
    await expectNothingChanged(db(), async () => expectError(await update({}), 'EXPECTED_STATE_MISMATCH', 409));
  });

  it.each([
    ['longer than 30 characters', 'x'.repeat(31)],
    ['empty', ''],
    ['blank', '   '],
  ])('rejects a next state %s with INVALID_INPUT 400', async (_, nextState) => {
    await expectNothingChanged(db(), async () => expectError(await update({ nextState }), 'INVALID_INPUT', 400));
  });

  it('accepts a state of exactly 30 characters', async () => {
    expectSuccess(await update({ nextState: 'y'.repeat(30) }));
  });
});
