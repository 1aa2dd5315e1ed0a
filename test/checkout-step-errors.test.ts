import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectError } from './support/checkout-steps.js';
import { cartSnapshot, holdCartInProcess, seedActors, type Actors } from './support/actors.js';
import { openCheckout, type OpenCheckout } from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

import { findAction } from '../src/actions/catalog.js';

const asyncSteps = ['priceCart', 'calcCartPromotionsAction', 'calcCartShipmentAction', 'calcCartTaxesAction'];

it('answers to the documented aliases', () => {
  expect(findAction('priceCartAction')?.name).toBe('priceCart');
  expect(findAction('calculateCartPromotionsAction')?.name).toBe('calcCartPromotionsAction');
  expect(findAction('calculateCartTaxesAction')?.name).toBe('calcCartTaxesAction');
  expect(findAction('cancelCartAsyncOperationAction')?.name).toBe('cancelCartAsyncOperation');
});

describe.each(asyncSteps)('%s', (action) => {
  let test: TestEngine;
  let actors: Actors;
  let checkout: OpenCheckout;
  beforeEach(async () => {
    test = await openTestEngine();
    actors = await seedActors(test);
    checkout = await openCheckout(test);
    await checkout.driver.moveTo(checkout.sessionId, 'Start', 'Next');
  });
  afterEach(async () => {
    await test.dispose();
  });

  async function expectRefused(
    userId: string,
    input: Record<string, unknown>,
    errorCode: string,
    httpStatus: number,
    cartId = checkout.cartId,
  ) {
    const before = await cartSnapshot(test.engine, cartId);
    expectError(await test.engine.invoke(action, input, { userId }), errorCode, httpStatus);
    expect(await cartSnapshot(test.engine, cartId)).toEqual(before);
  }

  it('starts an operation and answers its id', async () => {
    const result = await checkout.driver.invoke(action, { cartId: checkout.cartId });
    expect(result.isSuccess, JSON.stringify(result.errors)).toBe(true);
    expect(String(result.outputValues!.backgroundOperationId)).toMatch(/^0Bo/);
    await test.engine.settle();
  });

  it('rejects a caller without checkout permission with BAD_REQUEST 400', async () => {
    await expectRefused(actors.noPermissionUserId, { cartId: checkout.cartId }, 'BAD_REQUEST', 400);
  });

  it('rejects a malformed or unknown cart id with UNKNOWN_EXCEPTION 500', async () => {
    const userId = test.store.buyers[0]!.userId;
    await expectRefused(userId, { cartId: 'not-an-id' }, 'UNKNOWN_EXCEPTION', 500);
    await expectRefused(userId, { cartId: '0a6000000000000AAA' }, 'UNKNOWN_EXCEPTION', 500);
  });

  it("rejects another account's cart with INSUFFICIENT_ACCESS_OR_READONLY 500", async () => {
    await expectRefused(actors.otherAccountUserId, { cartId: checkout.cartId }, 'INSUFFICIENT_ACCESS_OR_READONLY', 500);
  });

  it('rejects an account that is not a member of the store with INSUFFICIENT_ACCESS_OR_READONLY 500', async () => {
    const input = { cartId: actors.outsiderCartId };
    await expectRefused(actors.outsiderUserId, input, 'INSUFFICIENT_ACCESS_OR_READONLY', 500, actors.outsiderCartId);
  });

  it('rejects a buyer without access to the cart with BAD_REQUEST 400', async () => {
    await expectRefused(actors.coBuyerUserId, { cartId: checkout.cartId }, 'BAD_REQUEST', 400);
  });

  it('rejects a cart that is not in Checkout with INVALID_OPERATION 403', async () => {
    await test.engine.store.db
      .updateTable('web_cart')
      .set({ status: 'Active' })
      .where('id', '=', checkout.cartId)
      .execute();
    await expectRefused(test.store.buyers[0]!.userId, { cartId: checkout.cartId }, 'INVALID_OPERATION', 403);
  });

  it('rejects a cart with an operation in process with ALREADY_IN_PROCESS 400', async () => {
    await holdCartInProcess(test.engine, checkout.cartId);
    await expectRefused(test.store.buyers[0]!.userId, { cartId: checkout.cartId }, 'ALREADY_IN_PROCESS', 400);
  });

  it('rejects a session without a next state with INVALID_OPERATION 403', async () => {
    await test.engine.store.db
      .updateTable('cart_checkout_session')
      .set({ next_state: null })
      .where('id', '=', checkout.sessionId)
      .execute();
    await expectRefused(test.store.buyers[0]!.userId, { cartId: checkout.cartId }, 'INVALID_OPERATION', 403);
  });
});
