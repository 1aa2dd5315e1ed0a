import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectError, expectSuccess } from './support/checkout-steps.js';
import { cartSnapshot, holdCartInProcess, seedActors, type Actors } from './support/actors.js';
import {
  cartOf,
  openCheckout,
  operationOf,
  runStepTo,
  seedStandardSetup,
  type OpenCheckout,
} from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

let test: TestEngine;
let actors: Actors;
let checkout: OpenCheckout;
beforeEach(async () => {
  test = await openTestEngine();
  actors = await seedActors(test);
  checkout = await openCheckout(test);
});
afterEach(async () => {
  await test.dispose();
});

async function expectRefused(
  action: string,
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

const commonRefusals = (action: string, extra: () => Record<string, unknown>) => {
  it('rejects a caller without checkout permission with BAD_REQUEST 400', async () => {
    await expectRefused(action, actors.noPermissionUserId, { cartId: checkout.cartId, ...extra() }, 'BAD_REQUEST', 400);
  });
  it('rejects a malformed cart id with UNKNOWN_EXCEPTION 500', async () => {
    const input = { cartId: 'nope', ...extra() };
    await expectRefused(action, test.store.buyers[0]!.userId, input, 'UNKNOWN_EXCEPTION', 500);
  });
  it("rejects another account's cart with INSUFFICIENT_ACCESS_OR_READONLY 500", async () => {
    const input = { cartId: checkout.cartId, ...extra() };
    await expectRefused(action, actors.otherAccountUserId, input, 'INSUFFICIENT_ACCESS_OR_READONLY', 500);
  });
  it('rejects an account outside the store with INSUFFICIENT_ACCESS_OR_READONLY 500', async () => {
    const input = { cartId: actors.outsiderCartId, ...extra() };
    const cartId = actors.outsiderCartId;
    await expectRefused(action, actors.outsiderUserId, input, 'INSUFFICIENT_ACCESS_OR_READONLY', 500, cartId);
  });
  it('rejects a buyer without access to the cart with BAD_REQUEST 400', async () => {
    await expectRefused(action, actors.coBuyerUserId, { cartId: checkout.cartId, ...extra() }, 'BAD_REQUEST', 400);
  });
};

describe('cancelCartAsyncOperation', () => {
  commonRefusals('cancelCartAsyncOperation', () => ({}));

  it('rejects a Closed cart with INVALID_OPERATION 403', async () => {
    await test.engine.store.db
      .updateTable('web_cart')
      .set({ status: 'Closed' })
      .where('id', '=', checkout.cartId)
      .execute();
    const userId = test.store.buyers[0]!.userId;
    await expectRefused('cancelCartAsyncOperation', userId, { cartId: checkout.cartId }, 'INVALID_OPERATION', 403);
  });

  it('cancels the live operation, archives the session and unlocks the cart; again it is a no-op', async () => {
    const operationId = await holdCartInProcess(test.engine, checkout.cartId);
    const result = expectSuccess(
      await checkout.driver.invoke('cancelCartAsyncOperationAction', { cartId: checkout.cartId }),
    );
    expect(result).toEqual({});
    expect((await operationOf(test.engine, operationId)).status).toBe('Canceled');
    expect((await cartOf(test.engine, checkout.cartId)).status).toBe('Active');
    expect((await checkout.driver.session(checkout.sessionId)).is_archived).toBe(1);
    expectSuccess(await checkout.driver.invoke('cancelCartAsyncOperation', { cartId: checkout.cartId }));
  });
});

describe('setCheckoutDeliveryMethod', () => {
  let methodIds: readonly string[] = [];
  beforeEach(async () => {
    methodIds = (await seedStandardSetup(test)).deliveryMethodIds;
  });
  const input = (deliveryMethodId: string | undefined = methodIds[0]) => ({
    cartId: checkout.cartId,
    deliveryMethodId,
  });
  const buyerId = () => test.store.buyers[0]!.userId;

  commonRefusals('setCheckoutDeliveryMethod', () => ({ deliveryMethodId: methodIds[0] }));

  it('rejects a cart that is not in Checkout with INVALID_OPERATION 403', async () => {
    await test.engine.store.db
      .updateTable('web_cart')
      .set({ status: 'Active' })
      .where('id', '=', checkout.cartId)
      .execute();
    await expectRefused('setCheckoutDeliveryMethod', buyerId(), input(), 'INVALID_OPERATION', 403);
  });

  it('rejects a cart with an operation in process with ALREADY_IN_PROCESS 400', async () => {
    await holdCartInProcess(test.engine, checkout.cartId);
    await expectRefused('setCheckoutDeliveryMethod', buyerId(), input(), 'ALREADY_IN_PROCESS', 400);
  });

  it('rejects an id that names no delivery method with INVALID_INPUT 400', async () => {
    await expectRefused('setCheckoutDeliveryMethod', buyerId(), input('bogus'), 'INVALID_INPUT', 400);
    await expectRefused('setCheckoutDeliveryMethod', buyerId(), input(checkout.cartId), 'INVALID_INPUT', 400);
  });

  it('rejects a method before any shipment calculation with INVALID_INPUT 400', async () => {
    await expectRefused('setCheckoutDeliveryMethod', buyerId(), input(), 'INVALID_INPUT', 400);
  });

  it('rejects a method the last shipment calculation did not offer with INVALID_INPUT 400', async () => {
    await runStepTo(checkout, 'Start', 'Shipping Cost', 'calcCartShipmentAction');
    await test.engine.store.db
      .deleteFrom('cart_delivery_group_method')
      .where('delivery_method_id', '=', methodIds[1]!)
      .execute();
    const result = await checkout.driver.invoke('setCheckoutDeliveryMethod', input(methodIds[1]));
    expectError(result, 'INVALID_INPUT', 400);
    expect(result.errors[0]!.message).toContain("isn't among the options");
  });

  it('selects the method on the delivery group and writes its shipping charge', async () => {
    await runStepTo(checkout, 'Start', 'Shipping Cost', 'calcCartShipmentAction');
    expect(expectSuccess(await checkout.driver.invoke('setCheckoutDeliveryMethod', input(methodIds[1])))).toEqual({});
    const group = await test.engine.store.db
      .selectFrom('cart_delivery_group')
      .selectAll()
      .where('cart_id', '=', checkout.cartId)
      .executeTakeFirstOrThrow();
    expect(group.delivery_method_id).toBe(methodIds[1]);
    const charge = await test.engine.store.db
      .selectFrom('cart_item')
      .selectAll()
      .where('type', '=', 'Charge')
      .executeTakeFirstOrThrow();
    expect(charge).toMatchObject({ name: 'Express', quantity: 10_000, sales_price: 3000, total_price: 3000 });
    expect(await cartOf(test.engine, checkout.cartId)).toMatchObject({
      total_charge_amount: 3000,
      grand_total_amount: 3000,
    });
  });

  it("replaces the group's earlier shipping charge when another method is chosen", async () => {
    await runStepTo(checkout, 'Start', 'Shipping Cost', 'calcCartShipmentAction');
    expectSuccess(await checkout.driver.invoke('setCheckoutDeliveryMethod', input(methodIds[1])));
    expectSuccess(await checkout.driver.invoke('setCheckoutDeliveryMethod', input(methodIds[0])));
    const db = test.engine.store.db;
    const offered = await db
      .selectFrom('cart_delivery_group_method')
      .select('shipping_fee')
      .where('delivery_method_id', '=', methodIds[0]!)
      .executeTakeFirstOrThrow();
    const charges = await db.selectFrom('cart_item').selectAll().where('type', '=', 'Charge').execute();
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ total_price: offered.shipping_fee });
    expect(charges[0]!.name).not.toBe('Express');
    expect(await cartOf(test.engine, checkout.cartId)).toMatchObject({ total_charge_amount: offered.shipping_fee });
  });
});
