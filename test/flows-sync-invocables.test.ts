import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCheckoutError } from '../src/domain/errors.js';
import type { Invocable, InvocableContext } from '../src/flows/invocable.js';
import { b2bSyncCheckInventory } from '../src/flows/invocables/b2b-sync-check-inventory.js';
import { b2bSyncDelivery } from '../src/flows/invocables/b2b-sync-delivery.js';
import { b2bSyncPricing } from '../src/flows/invocables/b2b-sync-pricing.js';
import { b2bSyncTax } from '../src/flows/invocables/b2b-sync-tax.js';
import { syncStepInvocables } from '../src/flows/invocables/sync-step-invocables.js';
import { cartSnapshot, holdCartInProcess, seedActors, type Actors } from './support/actors.js';
import { cartOf, itemsOf, openCheckout, seedStandardSetup, type OpenCheckout } from './support/checkout-setup.js';
import { expectSuccess } from './support/checkout-steps.js';
import { invocableContextFor } from './support/flow-contexts.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

let test: TestEngine;
let checkout: OpenCheckout;
let buyer: InvocableContext;
beforeEach(async () => {
  test = await openTestEngine();
  checkout = await openCheckout(test);
  buyer = await invocableContextFor(test, test.store.buyers[0]!.userId);
});
afterEach(async () => {
  await test.dispose();
});

async function failureOf(invocable: Invocable, context: InvocableContext, input: Record<string, unknown>) {
  const error = await invocable.run(context, input).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!isCheckoutError(error)) throw new Error(`expected a CheckoutError, got ${String(error)}`);
  return { errorCode: error.errorCode, httpStatus: error.httpStatus, message: error.message };
}

const operationsOf = (cartId: string) =>
  test.engine.store.db
    .selectFrom('background_operation')
    .selectAll()
    .where('web_cart_id', '=', cartId)
    .orderBy('submitted_at')
    .execute();

describe('the B2BSync* stand-ins', () => {
  it('names the four Apex classes and takes cartIds', () => {
    expect(syncStepInvocables.map((invocable) => invocable.name)).toEqual([
      'B2BSyncCheckInventory',
      'B2BSyncPricing',
      'B2BSyncDelivery',
      'B2BSyncTax',
    ]);
    for (const invocable of syncStepInvocables) expect(invocable.inputs).toContain('cartIds');
  });

  it('prices the cart inside the call, with the session left in Start and no next state', async () => {
    expect(await b2bSyncPricing.run(buyer, { cartIds: [checkout.cartId] })).toEqual({});
    const items = await itemsOf(test.engine, checkout.cartId);
    expect(items.map((item) => [item.sku, item.sales_price, item.total_price])).toEqual([
      ['GAD-1', 250, 500],
      ['WID-1', 1000, 3000],
    ]);
    expect((await cartOf(test.engine, checkout.cartId)).grand_total_amount).toBe(3500);
    const session = await checkout.driver.session(checkout.sessionId);
    expect([session.state, session.next_state, session.is_processing, session.is_error]).toEqual(['Start', null, 0, 0]);
    const [operation] = await operationsOf(checkout.cartId);
    expect(operation).toMatchObject({
      type: 'PriceCart',
      status: 'Complete',
      checkout_session_id: null,
      retry_limit: 0,
      created_by_id: test.store.buyers[0]!.userId,
    });
  });

  it('takes a single cart id as a flow passes its cartId variable, in 15 characters too', async () => {
    await b2bSyncPricing.run(buyer, { cartIds: checkout.cartId.slice(0, 15) });
    expect((await cartOf(test.engine, checkout.cartId)).grand_total_amount).toBe(3500);
  });

  it('runs a whole sync checkout: inventory, price, delivery options, chosen method, taxes', async () => {
    const setup = await seedStandardSetup(test);
    for (const invocable of [b2bSyncCheckInventory, b2bSyncPricing, b2bSyncDelivery]) {
      await invocable.run(buyer, { cartIds: [checkout.cartId] });
    }
    const options = await test.engine.store.db
      .selectFrom('cart_delivery_group_method')
      .select(['name', 'shipping_fee'])
      .where('web_cart_id', '=', checkout.cartId)
      .orderBy('shipping_fee')
      .execute();
    expect(options).toEqual([
      { name: 'Ground', shipping_fee: 1500 },
      { name: 'Express', shipping_fee: 3000 },
    ]);
    expectSuccess(
      await buyer.invokeAction('setCheckoutDeliveryMethod', {
        cartId: checkout.cartId,
        deliveryMethodId: setup.deliveryMethodIds[0],
      }),
    );
    await b2bSyncTax.run(buyer, { cartIds: [checkout.cartId] });
    const cart = await cartOf(test.engine, checkout.cartId);
    // 35.00 of products and 15.00 of shipping, taxed at California's 7.25%.
    expect([cart.total_product_amount, cart.total_charge_amount, cart.total_tax_amount]).toEqual([3500, 1500, 363]);
    expect(cart.grand_total_amount).toBe(3500 + 1500 + 363);
    expect((await operationsOf(checkout.cartId)).map((operation) => operation.status)).toEqual([
      'Complete',
      'Complete',
      'Complete',
      'Complete',
    ]);
  });

  it("fails the element with the step's message and leaves its Error output on the cart", async () => {
    await test.engine.store.db
      .updateTable('cart_item')
      .set({ quantity: 60_000 })
      .where('cart_id', '=', checkout.cartId)
      .where('sku', '=', 'GAD-1')
      .execute();
    const failure = await failureOf(b2bSyncCheckInventory, buyer, { cartIds: [checkout.cartId] });
    expect(failure.errorCode).toBe('INVALID_OPERATION');
    expect(failure.message).toContain('GAD-1');
    const outputs = await test.engine.store.db
      .selectFrom('cart_validation_output')
      .selectAll()
      .where('cart_id', '=', checkout.cartId)
      .execute();
    expect(outputs.map((output) => [output.level, output.type])).toEqual([['Error', 'Inventory']]);
    expect(outputs[0]!.message).toBe(failure.message);
    const session = await checkout.driver.session(checkout.sessionId);
    // The flow handles the failure (its fault path); the session is not put in Error.
    expect([session.state, session.is_error, session.is_processing]).toEqual(['Start', 0, 0]);
    expect((await operationsOf(checkout.cartId))[0]!.status).toBe('Error');
  });
});

describe('who may run a sync step, and when', () => {
  let actors: Actors;
  beforeEach(async () => {
    actors = await seedActors(test);
  });

  async function expectRefused(
    context: InvocableContext,
    input: Record<string, unknown>,
    errorCode: string,
    httpStatus: number,
    cartId = checkout.cartId,
  ) {
    const before = await cartSnapshot(test.engine, cartId);
    expect(await failureOf(b2bSyncPricing, context, input)).toMatchObject({ errorCode, httpStatus });
    expect(await cartSnapshot(test.engine, cartId)).toEqual(before);
  }

  it('refuses a user without checkout permission with BAD_REQUEST 400', async () => {
    const context = await invocableContextFor(test, actors.noPermissionUserId);
    await expectRefused(context, { cartIds: [checkout.cartId] }, 'BAD_REQUEST', 400);
  });

  it("refuses another account's cart with INSUFFICIENT_ACCESS_OR_READONLY 500", async () => {
    const context = await invocableContextFor(test, actors.otherAccountUserId);
    await expectRefused(context, { cartIds: [checkout.cartId] }, 'INSUFFICIENT_ACCESS_OR_READONLY', 500);
  });

  it('refuses a buyer of the account who may not edit the cart with BAD_REQUEST 400', async () => {
    const context = await invocableContextFor(test, actors.coBuyerUserId);
    await expectRefused(context, { cartIds: [checkout.cartId] }, 'BAD_REQUEST', 400);
  });

  it('refuses a malformed cart id with UNKNOWN_EXCEPTION 500', async () => {
    await expectRefused(buyer, { cartIds: ['0a6nope'] }, 'UNKNOWN_EXCEPTION', 500);
  });

  it('refuses no cart id or several with INVALID_INPUT 400', async () => {
    await expectRefused(buyer, { cartIds: [] }, 'INVALID_INPUT', 400);
    await expectRefused(buyer, { cartIds: [checkout.cartId, checkout.cartId] }, 'INVALID_INPUT', 400);
    await expectRefused(buyer, {}, 'INVALID_INPUT', 400);
  });

  it('refuses a cart that is not in Checkout with INVALID_OPERATION 403', async () => {
    expectSuccess(await buyer.invokeAction('cancelCartAsyncOperation', { cartId: checkout.cartId }));
    await expectRefused(buyer, { cartIds: [checkout.cartId] }, 'INVALID_OPERATION', 403);
  });

  it('refuses a cart with a step in process with ALREADY_IN_PROCESS 400', async () => {
    await holdCartInProcess(test.engine, checkout.cartId);
    await expectRefused(buyer, { cartIds: [checkout.cartId] }, 'ALREADY_IN_PROCESS', 400);
  });

  it('refuses to run without an operation runner, changing nothing', async () => {
    const context = await invocableContextFor(test, test.store.buyers[0]!.userId, { withOperations: false });
    await expectRefused(context, { cartIds: [checkout.cartId] }, 'UNKNOWN_EXCEPTION', 500);
  });
});
