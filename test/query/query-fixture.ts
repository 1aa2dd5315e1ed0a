/** A store with a completed checkout, an open one and another account's, for query tests. */
import { CheckoutError } from '../../src/domain/errors.js';
import { runQuery, type QueryOptions, type QueryResult } from '../../src/query/run-query.js';
import { createCart } from '../../src/seed/create-cart.js';
import { CheckoutDriver } from '../support/checkout-steps.js';
import { openTestEngine, type TestEngine } from '../support/test-engine.js';

export interface QueryFixture {
  readonly test: TestEngine;
  /** Buyer A's cart, checked out to an activated order with its summary. */
  readonly closedCartId: string;
  readonly archivedSessionId: string;
  readonly orderId: string;
  /** Buyer A's cart with a session in `Start`. */
  readonly openCartId: string;
  readonly openSessionId: string;
  /** Buyer B's cart with a session in `Start`. */
  readonly otherCartId: string;
  readonly otherSessionId: string;
  readonly accountA: string;
  readonly accountB: string;
  readonly query: (soql: string, options?: QueryOptions) => Promise<QueryResult>;
  /** The CheckoutError a query fails with. */
  readonly queryError: (soql: string, options?: QueryOptions) => Promise<CheckoutError>;
}

export async function openQueryFixture(): Promise<QueryFixture> {
  const test = await openTestEngine();
  const { engine, store } = test;
  const db = engine.store.db;
  const [buyerA, buyerB] = [store.buyers[0]!, store.buyers[1]!];
  const line = [
    { product: store.products[0]!, quantity: 3 },
    { product: store.products[1]!, quantity: 2 },
  ];

  const closed = await createCart(db, store.storeId, buyerA, line);
  const checkout = new CheckoutDriver(engine, buyerA.userId, closed.cartId);
  const archivedSessionId = await checkout.startSession();
  await checkout.moveTo(archivedSessionId, 'Start', 'Cart To Order');
  await checkout.runStep('cartToOrderAction');
  await checkout.moveTo(archivedSessionId, 'Cart To Order', 'Activate Order');
  await checkout.runStep('activateOrderAction', { orderStatus: 'Activated' });
  const orderId = (await checkout.session(archivedSessionId)).order_id!;

  const open = await createCart(db, store.storeId, buyerA, line);
  const openSessionId = await new CheckoutDriver(engine, buyerA.userId, open.cartId).startSession();
  const other = await createCart(db, store.storeId, buyerB, line);
  const otherSessionId = await new CheckoutDriver(engine, buyerB.userId, other.cartId).startSession();
  const query = (soql: string, options?: QueryOptions) => runQuery(engine.store, soql, options);
  return {
    test,
    closedCartId: closed.cartId,
    archivedSessionId,
    orderId,
    openCartId: open.cartId,
    openSessionId,
    otherCartId: other.cartId,
    otherSessionId,
    accountA: buyerA.accountId,
    accountB: buyerB.accountId,
    query,
    queryError: async (soql, options) => {
      const error: unknown = await query(soql, options).then(
        () => null,
        (failure: unknown) => failure,
      );
      if (!(error instanceof CheckoutError)) throw new Error(`expected a CheckoutError, got ${String(error)}`);
      return error;
    },
  };
}

export const recordUrl = (type: string, id: string) => `/services/data/v60.0/sobjects/${type}/${id}`;
