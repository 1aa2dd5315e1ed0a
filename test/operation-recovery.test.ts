import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemUserId } from '../src/access/permission-sets.js';
import { cancelCheckout } from '../src/operations/cancel-checkout.js';
import { claimOperations } from '../src/operations/claim-operations.js';
import { completeOperation } from '../src/operations/finish-operation.js';
import { builtInHandlers } from '../src/operations/handlers.js';
import { reapExpiredLeases } from '../src/operations/reap-expired-leases.js';
import type { OperationHandler } from '../src/operations/operation-handler.js';
import type { OperationRow } from '../src/operations/operation-row.js';
import { cartToOrder } from '../src/operations/handlers/cart-to-order.js';
import { startWorker, type Worker } from '../src/operations/worker.js';
import { createProviders } from '../src/providers/create-providers.js';
import { CheckoutDriver, expectSuccess } from './support/checkout-steps.js';
import { standardCart } from './support/fixtures.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('background operations survive dead workers, failures and cancels', () => {
  let test: TestEngine;
  let cartId: string;
  let sessionId: string;
  let operationId: string;
  let worker: Worker | null;

  beforeEach(async () => {
    test = await openTestEngine(undefined, { workers: 0 });
    worker = null;
    const buyer = test.store.buyers[0]!;
    cartId = (await standardCart(test.engine.store.db, test.store, buyer)).cartId;
    const driver = new CheckoutDriver(test.engine, buyer.userId, cartId);
    sessionId = await driver.startSession();
    await driver.moveTo(sessionId, 'Start', 'Cart To Order');
    operationId = expectSuccess(await driver.invoke('cartToOrderAction', { cartId })).backgroundOperationId as string;
  });
  afterEach(async () => {
    await worker?.stop();
    await test.dispose();
  });

  const db = () => test.engine.store.db;
  const operation = () =>
    db().selectFrom('background_operation').selectAll().where('id', '=', operationId).executeTakeFirstOrThrow();
  const session = () =>
    db().selectFrom('cart_checkout_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  const setOperation = (values: { timeout?: number; retry_limit?: number }) =>
    db().updateTable('background_operation').set(values).where('id', '=', operationId).execute();
  const runWorker = (handlers: ReadonlyMap<string, OperationHandler> = builtInHandlers, leaseMarginMs = 60_000) => {
    worker = startWorker({
      store: test.engine.store,
      providers: createProviders(db()),
      handlers,
      workerId: 'healthy-worker',
      actorId: systemUserId,
      pollIntervalMs: 10,
      reapIntervalMs: 20,
      // The healthy worker's own leases outlive every Timeout here by a minute, so a timeout is
      // always reported by the timeout itself, never raced by the reaper (the dead worker's
      // lease, claimed with no margin, is what expires).
      leaseMarginMs,
    });
    return worker;
  };
  async function waitFor(predicate: () => Promise<boolean>, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error('condition not reached');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  /** A worker that kept running a CartToOrder it claimed, trying to complete it now. */
  async function finishLate(claimed: OperationRow, workerId: string) {
    const context = {
      store: test.engine.store,
      providers: createProviders(db()),
      actorId: systemUserId,
      signal: new AbortController().signal,
    };
    const outcome = await cartToOrder.run(context, claimed);
    return completeOperation(test.engine.store, { operation: claimed, workerId, actorId: systemUserId }, outcome, null);
  }
  const handlersWith = (handler: OperationHandler) => new Map([...builtInHandlers, [handler.type, handler]]);

  it('lets another worker finish an operation whose worker died, once its lease expires — one order', async () => {
    const [claimed] = await claimOperations(test.engine.store, { workerId: 'dead-worker', limit: 1, leaseMarginMs: 0 });
    expect(claimed!.lease_owner).toBe('dead-worker');
    // While the lease runs, the reaper leaves the operation to its worker.
    expect(await reapExpiredLeases(test.engine.store, systemUserId)).toEqual({ reclaimed: 0, failed: 0 });
    expect(await operation()).toMatchObject({ status: 'Running', lease_owner: 'dead-worker', retry_count: 0 });
    // The lease runs out: its expiry is moved into the past on the database rather than waited
    // for, so the healthy worker's own run keeps the operation's full timeout.
    await db()
      .updateTable('background_operation')
      .set({ lease_expires_at_ms: 1 })
      .where('id', '=', operationId)
      .execute();
    runWorker();
    await waitFor(async () => (await operation()).status === 'Complete');
    const finished = await operation();
    expect(finished.retry_count).toBe(1);
    expect(finished.worker_uri).toBe('healthy-worker');
    expect((await session()).state).toBe('Cart To Order');
    // The dead worker comes back and tries to complete with its stale lease: nothing happens.
    const late = await finishLate(claimed!, 'dead-worker');
    expect(late).toBe('lost');
    expect(await db().selectFrom('sales_order').selectAll().execute()).toHaveLength(1);
    const reserved = await db().selectFrom('stock_reservation').selectAll().execute();
    expect(reserved).toHaveLength(2);
  });

  it('retries a failing provider with backoff and completes when it recovers', async () => {
    let attempts = 0;
    const flaky: OperationHandler = {
      ...cartToOrder,
      run(context, row) {
        attempts += 1;
        return attempts < 3 ? Promise.reject(new Error(`outage ${attempts}`)) : cartToOrder.run(context, row);
      },
    };
    runWorker(handlersWith(flaky));
    await waitFor(async () => (await operation()).status === 'Complete');
    expect(attempts).toBe(3);
    expect((await operation()).retry_count).toBe(2);
    expect((await session()).is_error).toBe(0);
  });

  it('fails the step with a SystemError output once retries are spent; the session goes to Error', async () => {
    await setOperation({ retry_limit: 1 });
    const broken: OperationHandler = { ...cartToOrder, run: () => Promise.reject(new Error('provider exploded')) };
    runWorker(handlersWith(broken));
    await waitFor(async () => (await operation()).status === 'Error');
    const failed = await operation();
    // Buyers read a generic message with a ref; the cause is in ErrorDetail under that ref.
    const ref = /^The CartToOrder step failed unexpectedly \(ref ([0-9a-f]{8})\)$/.exec(failed.error ?? '')?.[1];
    expect(failed.retry_count).toBe(1);
    expect(failed.error_detail).toMatch(new RegExp(`^ref ${ref!}: Error: provider exploded`));
    expect(await session()).toMatchObject({ state: 'Error', is_error: 1, is_processing: 0 });
    const outputs = await db().selectFrom('cart_validation_output').selectAll().execute();
    expect(outputs).toMatchObject([{ level: 'Error', type: 'SystemError', message: failed.error }]);
  });

  it('times out a provider that hangs and never leaves the session processing', async () => {
    await setOperation({ timeout: 100, retry_limit: 0 });
    const hanging: OperationHandler = { ...cartToOrder, run: () => new Promise(() => undefined) };
    // A lease margin, so that the worker's own time limit ends the operation, not the reaper.
    runWorker(handlersWith(hanging));
    await waitFor(async () => (await operation()).status === 'Error');
    expect((await operation()).error_detail).toContain('Timed out after 100 ms');
    expect(await session()).toMatchObject({ state: 'Error', is_processing: 0, is_error: 1 });
  });

  it('writes nothing when a canceled operation finishes later', async () => {
    const [claimed] = await claimOperations(test.engine.store, { workerId: 'slow-worker', limit: 1, leaseMarginMs: 0 });
    await test.engine.store.transaction((trx) => cancelCheckout(trx, cartId, systemUserId));
    const late = await finishLate(claimed!, 'slow-worker');
    expect(late).toBe('lost');
    expect(await db().selectFrom('sales_order').selectAll().execute()).toEqual([]);
    expect(await db().selectFrom('stock_reservation').selectAll().execute()).toEqual([]);
    expect((await operation()).status).toBe('Canceled');
    expect(await session()).toMatchObject({ is_archived: 1, is_processing: 0 });
    const cart = await db().selectFrom('web_cart').select('status').where('id', '=', cartId).executeTakeFirstOrThrow();
    expect(cart.status).toBe('Active');
  });

  it('refuses a second order for the same session at the database', async () => {
    runWorker();
    await waitFor(async () => (await operation()).status === 'Complete');
    const order = await db().selectFrom('sales_order').selectAll().executeTakeFirstOrThrow();
    await expect(
      db()
        .insertInto('sales_order')
        .values({ ...order, id: '801000000000009AAA', order_number: '99999999' })
        .execute(),
    ).rejects.toThrow(/UNIQUE|unique/);
  });
});
