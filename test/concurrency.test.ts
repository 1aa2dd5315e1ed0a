import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { expectSuccess } from './support/checkout-steps.js';
import { EngineThreads } from './support/engine-threads.js';
import { standardCart } from './support/fixtures.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('races decided by the database, with real interleaving across threads', () => {
  let test: TestEngine;
  let threads: EngineThreads;
  beforeAll(async () => {
    test = await openTestEngine(undefined, { workers: 0 });
    threads = await EngineThreads.start(2, test.databaseUrl);
  });
  afterAll(async () => {
    await threads.close();
    await test.dispose();
  });

  it('lets exactly one of two concurrent updates with the same expected state win, every time', async () => {
    const { engine, store } = test;
    const buyer = store.buyers[0]!;
    const rounds = 40;
    let conflicts = 0;
    for (let round = 0; round < rounds; round += 1) {
      const { cartId } = await standardCart(engine.store.db, store, buyer);
      const sessionId = expectSuccess(await engine.invoke('checkoutSessionAction', { cartId }, buyer)).requestId;
      const call = (nextState: string) => [
        {
          action: 'updateCheckoutSessionStateAction',
          input: { checkoutSessionId: sessionId, expCurrentState: 'Start', nextState },
          userId: buyer.userId,
        },
      ];
      const [first, second] = await threads.invokeTogether([call('Left'), call('Right')]);
      const results = [first![0]!, second![0]!];
      const winners = results.filter((result) => result.isSuccess);
      expect(winners).toHaveLength(1);
      const loser = results.find((result) => !result.isSuccess)!;
      if (loser.errors[0]?.statusCode === 'EXPECTED_STATE_MISMATCH') conflicts += 1;
      expect(loser.httpStatus === 409 || loser.errors[0]?.statusCode === 'EXPECTED_STATE_MISMATCH').toBe(true);
      const session = await engine.store.db
        .selectFrom('cart_checkout_session')
        .select('next_state')
        .where('id', '=', sessionId as string)
        .executeTakeFirstOrThrow();
      expect(session.next_state).toBe(results[0]!.isSuccess ? 'Left' : 'Right');
    }
    expect(conflicts).toBe(rounds);
  });

  it('creates one session when two threads get-or-create it for the same cart at once', async () => {
    const { engine, store } = test;
    const buyer = store.buyers[1]!;
    for (let round = 0; round < 20; round += 1) {
      const { cartId } = await standardCart(engine.store.db, store, buyer);
      const call = [{ action: 'checkoutSessionAction', input: { cartId }, userId: buyer.userId }];
      const [first, second] = await threads.invokeTogether([call, call]);
      expect(first![0]!.isSuccess && second![0]!.isSuccess).toBe(true);
      expect(first![0]!.outputValues!.requestId).toBe(second![0]!.outputValues!.requestId);
      const sessions = await engine.store.db
        .selectFrom('cart_checkout_session')
        .select('id')
        .where('web_cart_id', '=', cartId)
        .execute();
      expect(sessions).toHaveLength(1);
    }
  });

  it('starts one background operation when two threads start the same step at once', async () => {
    const { engine, store } = test;
    const buyer = store.buyers[0]!;
    for (let round = 0; round < 10; round += 1) {
      const { cartId } = await createCart(engine.store.db, store.storeId, buyer, [
        { product: store.products[0]!, quantity: 1 },
      ]);
      const sessionId = expectSuccess(await engine.invoke('checkoutSessionAction', { cartId }, buyer)).requestId;
      expectSuccess(
        await engine.invoke(
          'updateCheckoutSessionStateAction',
          { checkoutSessionId: sessionId, expCurrentState: 'Start', nextState: 'Inventory' },
          buyer,
        ),
      );
      const call = [{ action: 'checkCartInventoryAction', input: { cartId }, userId: buyer.userId }];
      const [first, second] = await threads.invokeTogether([call, call]);
      const results = [first![0]!, second![0]!];
      expect(results.filter((result) => result.isSuccess)).toHaveLength(1);
      expect(results.find((result) => !result.isSuccess)!.errors[0]!.statusCode).toBe('ALREADY_IN_PROCESS');
      const operations = await engine.store.db
        .selectFrom('background_operation')
        .select('id')
        .where('web_cart_id', '=', cartId)
        .execute();
      expect(operations).toHaveLength(1);
    }
  });
});
