import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemUserId } from '../src/access/permission-sets.js';
import { sql } from 'kysely';
import { insertRecord } from '../src/store/insert-record.js';
import { CheckoutDriver, expectError, expectSuccess } from './support/checkout-steps.js';
import { colleagueOf, expectNothingChanged, standardCart } from './support/fixtures.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('activateOrderAction', () => {
  let test: TestEngine;
  let cartId: string;
  let sessionId: string;
  let userId: string;
  let driver: CheckoutDriver;

  async function openAtActivation() {
    test = await openTestEngine();
    const buyer = test.store.buyers[0]!;
    userId = buyer.userId;
    cartId = (await standardCart(test.engine.store.db, test.store, buyer)).cartId;
    driver = new CheckoutDriver(test.engine, userId, cartId);
    sessionId = await driver.startSession();
    await driver.moveTo(sessionId, 'Start', 'Cart To Order');
    await driver.runStep('cartToOrderAction');
    await driver.moveTo(sessionId, 'Cart To Order', 'Activate Order');
  }

  beforeEach(async () => {
    await openAtActivation();
  });
  afterEach(async () => {
    await test.dispose();
  });

  const db = () => test.engine.store.db;
  const activate = (input: Record<string, unknown> = {}, asUser = userId) =>
    test.engine.invoke('activateOrderAction', { cartId, orderStatus: 'Activated', ...input }, { userId: asUser });

  it('activates the order, archives the session, closes the cart and creates the summary', async () => {
    expectSuccess(await activate());
    await test.engine.settle();
    const session = await driver.session(sessionId);
    expect(session).toMatchObject({ is_archived: 1, state: 'Activate Order' });
    const order = await db()
      .selectFrom('sales_order')
      .selectAll()
      .where('id', '=', session.order_id!)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('Activated');
    expect(await db().selectFrom('order_summary').select('original_order_id').execute()).toEqual([
      { original_order_id: order.id },
    ]);
  });

  it('rejects a caller who may not invoke actions with BAD_REQUEST 400', async () => {
    const nobody = await colleagueOf(db(), test.store.buyers[0]!, 'Nobody', null);
    await expectNothingChanged(db(), async () => expectError(await activate({}, nobody), 'BAD_REQUEST', 400));
  });

  it('rejects an invalid cart id with UNKNOWN_EXCEPTION 500', async () => {
    await expectNothingChanged(db(), async () =>
      expectError(await activate({ cartId: 'x' }), 'UNKNOWN_EXCEPTION', 500),
    );
  });

  it("rejects another account's buyer with INSUFFICIENT_ACCESS_OR_READONLY 500", async () => {
    const other = test.store.buyers[1]!.userId;
    await expectNothingChanged(db(), async () =>
      expectError(await activate({}, other), 'INSUFFICIENT_ACCESS_OR_READONLY', 500),
    );
  });

  it('rejects a cart whose account is not in the store with INSUFFICIENT_ACCESS_OR_READONLY 500', async () => {
    await db().deleteFrom('buyer_group_member').execute();
    await expectNothingChanged(db(), async () => expectError(await activate(), 'INSUFFICIENT_ACCESS_OR_READONLY', 500));
  });

  it('rejects a caller without edit access with BAD_REQUEST 400', async () => {
    const colleague = await colleagueOf(db(), test.store.buyers[0]!, 'Colleague', 'B2BBuyer');
    await expectNothingChanged(db(), async () => expectError(await activate({}, colleague), 'BAD_REQUEST', 400));
  });

  it('rejects a cart not in Checkout with INVALID_OPERATION 403', async () => {
    await db().updateTable('web_cart').set({ status: 'Active' }).where('id', '=', cartId).execute();
    await expectNothingChanged(db(), async () => expectError(await activate(), 'INVALID_OPERATION', 403));
  });

  it('rejects a processing session with INVALID_INPUT 403', async () => {
    await db().updateTable('cart_checkout_session').set({ is_processing: 1 }).where('id', '=', sessionId).execute();
    await expectNothingChanged(db(), async () => {
      const result = await activate();
      expectError(result, 'INVALID_INPUT', 403);
      expect(result.errors[0]!.message).toBe('CheckoutSession Is in the Processing State');
    });
  });

  it('rejects another live operation of the cart with ALREADY_IN_PROCESS 400', async () => {
    await insertRecord(
      db(),
      'backgroundOperation',
      {
        name: 'other',
        type: 'CheckInventory',
        status: 'Running',
        web_cart_id: cartId,
        submitted_at: new Date().toISOString(),
      },
      systemUserId,
    );
    await expectNothingChanged(db(), async () => expectError(await activate(), 'ALREADY_IN_PROCESS', 400));
  });

  it('rejects a session without a Draft order with INVALID_INPUT 403', async () => {
    await db().updateTable('cart_checkout_session').set({ order_id: null }).where('id', '=', sessionId).execute();
    await expectNothingChanged(db(), async () => {
      const result = await activate();
      expectError(result, 'INVALID_INPUT', 403);
      expect(result.errors[0]!.message).toBe("CheckoutSession Isn't in the Activate State: it has no Draft order");
    });
  });

  it('rejects a cart with an Error validation output with INVALID_INPUT 403', async () => {
    await insertRecord(
      db(),
      'cartValidationOutput',
      { cart_id: cartId, name: 'x', level: 'Error', type: 'Other', message: 'blocked' },
      systemUserId,
    );
    await expectNothingChanged(db(), async () => {
      const result = await activate();
      expectError(result, 'INVALID_INPUT', 403);
      expect(result.errors[0]!.message).toBe('The cart has validation errors: blocked');
    });
  });

  it('rejects an order status other than Activated with UNKNOWN_EXCEPTION 500', async () => {
    await expectNothingChanged(db(), async () =>
      expectError(await activate({ orderStatus: 'Draft' }), 'UNKNOWN_EXCEPTION', 500),
    );
  });

  it('rejects an unknown order life cycle type with INVALID_INPUT 400', async () => {
    await expectNothingChanged(db(), async () =>
      expectError(await activate({ orderLifeCycleType: 'HYBRID' }), 'INVALID_INPUT', 400),
    );
  });

  /** The database refuses every order summary, as a full disk or a broken constraint would. */
  async function refuseOrderSummaries(): Promise<void> {
    if (test.databaseUrl.startsWith('postgres')) {
      await sql`CREATE FUNCTION refuse_summary() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'summary refused'; END $$ LANGUAGE plpgsql`.execute(
        db(),
      );
      await sql`CREATE TRIGGER refuse_summary BEFORE INSERT ON order_summary FOR EACH ROW EXECUTE FUNCTION refuse_summary()`.execute(
        db(),
      );
    } else {
      await sql`CREATE TRIGGER refuse_summary BEFORE INSERT ON order_summary BEGIN SELECT RAISE(ABORT, 'summary refused'); END`.execute(
        db(),
      );
    }
  }

  it('answers UNKNOWN_EXCEPTION 403 and activates nothing when the summary cannot be written (runAsync false)', async () => {
    await refuseOrderSummaries();
    const result = await activate({ runAsync: false });
    expectError(result, 'UNKNOWN_EXCEPTION', 403);
    expect(await db().selectFrom('order_summary').selectAll().execute()).toEqual([]);
    const order = await db().selectFrom('sales_order').select('status').executeTakeFirstOrThrow();
    expect(order.status).toBe('Draft');
    const cart = await db().selectFrom('web_cart').select('status').where('id', '=', cartId).executeTakeFirstOrThrow();
    expect(cart.status).toBe('Checkout');
    const stock = await db().selectFrom('product_inventory').select(['quantity_reserved', 'quantity_sold']).execute();
    expect(stock.every((row) => row.quantity_sold === 0)).toBe(true);
    const operation = await db()
      .selectFrom('background_operation')
      .selectAll()
      .where('type', '=', 'ActivateOrder')
      .executeTakeFirstOrThrow();
    expect(operation.retry_count).toBe(1);
  });

  it('has the summary in place the moment the session stops processing', async () => {
    const { backgroundOperationId } = expectSuccess(await activate());
    const deadline = Date.now() + 30_000;
    for (;;) {
      const session = await driver.session(sessionId);
      if (session.is_processing === 0) {
        expect(session.is_archived).toBe(1);
        expect(await db().selectFrom('order_summary').select('id').execute()).toHaveLength(1);
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const operation = await db()
      .selectFrom('background_operation')
      .select(['type', 'status'])
      .where('id', '=', backgroundOperationId as string)
      .executeTakeFirstOrThrow();
    expect(operation).toEqual({ type: 'ActivateOrder', status: 'Complete' });
    const events = await db()
      .selectFrom('checkout_event')
      .select('event_type')
      .where('checkout_session_id', '=', sessionId)
      .orderBy('sequence_number')
      .execute();
    const types = events.map((event) => event.event_type);
    expect(types.indexOf('OrderSummaryCreated')).toBeGreaterThan(types.indexOf('OrderActivated'));
    expect(types.indexOf('OrderActivated')).toBeGreaterThan(-1);
  });
});
