import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateId } from '../src/records/ids.js';
import { createCart } from '../src/seed/create-cart.js';
import { CheckoutDriver, expectError, expectSuccess } from './support/checkout-steps.js';
import { colleagueOf, expectNothingChanged, standardCart } from './support/fixtures.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe.each(['checkCartInventoryAction', 'cartToOrderAction'])('%s', (action) => {
  let test: TestEngine;
  let cartId: string;
  let sessionId: string;
  let userId: string;
  beforeEach(async () => {
    test = await openTestEngine(undefined, { workers: 0 });
    const buyer = test.store.buyers[0]!;
    userId = buyer.userId;
    cartId = (await standardCart(test.engine.store.db, test.store, buyer)).cartId;
    const driver = new CheckoutDriver(test.engine, userId, cartId);
    sessionId = await driver.startSession();
    await driver.moveTo(sessionId, 'Start', 'Next Step');
  });
  afterEach(async () => {
    await test.dispose();
  });

  const db = () => test.engine.store.db;
  const invoke = (input: Record<string, unknown> = {}, asUser = userId) =>
    test.engine.invoke(action, { cartId, ...input }, { userId: asUser });

  it('enqueues a New operation and marks the session processing, in one transaction', async () => {
    const operationId = expectSuccess(await invoke()).backgroundOperationId as string;
    const operation = await db()
      .selectFrom('background_operation')
      .selectAll()
      .where('id', '=', operationId)
      .executeTakeFirstOrThrow();
    expect(operation).toMatchObject({
      status: 'New',
      web_cart_id: cartId,
      checkout_session_id: sessionId,
      retry_count: 0,
    });
    const session = await db()
      .selectFrom('cart_checkout_session')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ is_processing: 1, background_operation_id: operationId });
  });

  it('rejects a caller who may not invoke actions with BAD_REQUEST 400', async () => {
    const nobody = await colleagueOf(db(), test.store.buyers[0]!, 'Nobody', null);
    await expectNothingChanged(db(), async () => expectError(await invoke({}, nobody), 'BAD_REQUEST', 400));
  });

  it.each([['bogus'], [generateId('0a6')], [generateId('2z9')]])(
    'rejects the cart id %s with UNKNOWN_EXCEPTION 500',
    async (id) => {
      await expectNothingChanged(db(), async () => expectError(await invoke({ cartId: id }), 'UNKNOWN_EXCEPTION', 500));
    },
  );

  it("rejects another account's buyer with INSUFFICIENT_ACCESS_OR_READONLY 500", async () => {
    const other = test.store.buyers[1]!.userId;
    await expectNothingChanged(db(), async () =>
      expectError(await invoke({}, other), 'INSUFFICIENT_ACCESS_OR_READONLY', 500),
    );
  });

  it('rejects a cart whose account left the store with INSUFFICIENT_ACCESS_OR_READONLY 500', async () => {
    await db().deleteFrom('web_store_buyer_group').execute();
    await expectNothingChanged(db(), async () => expectError(await invoke(), 'INSUFFICIENT_ACCESS_OR_READONLY', 500));
  });

  it('rejects a buyer manager who may only read the cart with BAD_REQUEST 400', async () => {
    const manager = await colleagueOf(db(), test.store.buyers[0]!, 'Manager', 'B2BBuyerManager');
    await expectNothingChanged(db(), async () => expectError(await invoke({}, manager), 'BAD_REQUEST', 400));
  });

  it('lets a super user of the account run the step', async () => {
    const superUser = await colleagueOf(db(), test.store.buyers[0]!, 'Super', 'B2BSuperUser');
    expectSuccess(await invoke({}, superUser));
  });

  it('rejects a cart that is not in Checkout with INVALID_OPERATION 403', async () => {
    await db().updateTable('web_cart').set({ status: 'Active' }).where('id', '=', cartId).execute();
    await expectNothingChanged(db(), async () => expectError(await invoke(), 'INVALID_OPERATION', 403));
  });

  it('rejects a second start while an operation is in process with ALREADY_IN_PROCESS 400', async () => {
    expectSuccess(await invoke());
    await expectNothingChanged(db(), async () => expectError(await invoke(), 'ALREADY_IN_PROCESS', 400));
  });

  it('rejects a session with no next state with INVALID_OPERATION 403', async () => {
    await db().updateTable('cart_checkout_session').set({ next_state: null }).where('id', '=', sessionId).execute();
    await expectNothingChanged(db(), async () => expectError(await invoke(), 'INVALID_OPERATION', 403));
  });

  it('rejects a cart in Checkout without a session with INVALID_OPERATION 403', async () => {
    await db().updateTable('cart_checkout_session').set({ is_archived: 1 }).where('id', '=', sessionId).execute();
    await expectNothingChanged(db(), async () => expectError(await invoke(), 'INVALID_OPERATION', 403));
  });

  it('rejects unknown, missing and mistyped inputs', async () => {
    await expectNothingChanged(db(), async () => {
      expectError(await invoke({ extra: 1 }), 'INVALID_INPUT', 400);
      expectError(await test.engine.invoke(action, {}, { userId }), 'REQUIRED_FIELD_MISSING', 400);
      expectError(await invoke({ cartId: 42 }), 'INVALID_INPUT', 400);
    });
  });
});

describe('insufficient stock', () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await openTestEngine();
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('fails the inventory step: session in Error with IsError and an output naming SKU, needed and available', async () => {
    const { engine, store } = test;
    const buyer = store.buyers[0]!;
    const gadget = store.products[1]!;
    const { cartId, itemIds } = await createCart(engine.store.db, store.storeId, buyer, [
      { product: gadget, quantity: 7 },
    ]);
    const driver = new CheckoutDriver(engine, buyer.userId, cartId);
    const sessionId = await driver.startSession();
    await driver.moveTo(sessionId, 'Start', 'Inventory');
    const operationId = await driver.runStep('checkCartInventoryAction');
    expect(await driver.session(sessionId)).toMatchObject({
      state: 'Error',
      is_error: 1,
      is_processing: 0,
      next_state: null,
    });
    const operation = await engine.store.db
      .selectFrom('background_operation')
      .selectAll()
      .where('id', '=', operationId)
      .executeTakeFirstOrThrow();
    expect(operation.status).toBe('Error');
    const outputs = await engine.store.db
      .selectFrom('cart_validation_output')
      .selectAll()
      .where('cart_id', '=', cartId)
      .execute();
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ level: 'Error', type: 'Inventory', related_entity_id: itemIds[0] });
    expect(outputs[0]!.message).toBe('Insufficient stock for SKU GAD-1: 7 needed, 5 available');
    const result = await engine.invoke(
      'updateCheckoutSessionStateAction',
      { checkoutSessionId: sessionId, expCurrentState: 'Error', nextState: 'Inventory' },
      buyer,
    );
    expectError(result, 'EXPECTED_STATE_MISMATCH', 409);
  });

  it('fails cart to order when the stock went meanwhile, creating no order and reserving nothing', async () => {
    const { engine, store } = test;
    const buyer = store.buyers[0]!;
    const gadget = store.products[1]!;
    const { cartId } = await createCart(engine.store.db, store.storeId, buyer, [{ product: gadget, quantity: 4 }]);
    const driver = new CheckoutDriver(engine, buyer.userId, cartId);
    const sessionId = await driver.startSession();
    await driver.moveTo(sessionId, 'Start', 'Inventory');
    await driver.runStep('checkCartInventoryAction');
    await engine.store.db
      .updateTable('product_inventory')
      .set({ quantity_on_hand: 3 * 10_000 }) // stored in ten-thousandths
      .where('product2_id', '=', gadget.id)
      .execute();
    await driver.moveTo(sessionId, 'Inventory', 'Cart To Order');
    await driver.runStep('cartToOrderAction');
    expect(await driver.session(sessionId)).toMatchObject({ state: 'Error', is_error: 1, order_id: null });
    expect(await engine.store.db.selectFrom('sales_order').selectAll().execute()).toEqual([]);
    const stock = await engine.store.db
      .selectFrom('product_inventory')
      .selectAll()
      .where('product2_id', '=', gadget.id)
      .executeTakeFirstOrThrow();
    expect(stock.quantity_reserved).toBe(0);
    const outputs = await engine.store.db.selectFrom('cart_validation_output').select('message').execute();
    expect(outputs.map((output) => output.message)).toEqual([
      'Insufficient stock for SKU GAD-1: 4 needed, 3 available',
    ]);
  });
});
