/**
 * What one checkout sends to the database, by cart size and database: statements and
 * transactions of the standard checkout (`run-standard-checkout.ts`) or of the built-in flow's
 * (`run-flow-checkout.ts`) in process, one checkout at a time, counted through the store's
 * `onQuery` hook. The statement budget test
 * (test/statement-budget.test.ts) and `npm run bench -- limit` both use it.
 *
 * The worker's timers (the idle poll, the reaper) and the caller cache's lifetime are pushed
 * out of the counted window: what they send depends on time, not on the checkout (a buyer's
 * caller is reloaded once per `callerCacheMs`, 2 s by default, however many calls it makes).
 */
import { createEngine } from '../src/engine.js';
import { createBenchCarts, seedBenchStore } from './bench-store.js';
import { createStatementCounter, type StatementCount } from './count-statements.js';
import { createInProcessFlowTransport } from './in-process-flow-transport.js';
import { createInProcessTransport, createOperationWatch } from './in-process-transport.js';
import { runFlowCheckout } from './run-flow-checkout.js';
import { runStandardCheckout } from './run-standard-checkout.js';

export interface CheckoutCount {
  readonly lineCount: number;
  readonly checkouts: number;
  /** Per checkout. */
  readonly statements: number;
  /** Per checkout: explicit transactions plus writes outside one. */
  readonly transactions: number;
  /** Totals over the counted checkouts, with the statement shapes. */
  readonly count: StatementCount;
}

export interface CountCheckoutOptions {
  /** A SQLite file path or a PostgreSQL URL of an empty database. */
  readonly databaseUrl: string;
  readonly lineCount: number;
  /** Checkouts counted (after one uncounted warm-up checkout). */
  readonly checkouts?: number;
  /** The 16 hand-chained actions (default) or the built-in flow through the interview API. */
  readonly drivenBy?: 'actions' | 'flow';
}

const quietMs = 10 * 60 * 1000;

export async function countCheckout(options: CountCheckoutOptions): Promise<CheckoutCount> {
  const counter = createStatementCounter();
  const watch = createOperationWatch();
  let isCounting = false;
  const engine = await createEngine({
    databaseUrl: options.databaseUrl,
    workers: 1,
    pollIntervalMs: quietMs,
    reapIntervalMs: quietMs,
    purge: { intervalMs: 0 },
    callerCacheMs: quietMs,
    onWorkerEvent: (event) => watch.onWorkerEvent(event),
    onQuery: (query) => {
      if (isCounting) counter.onQuery(query);
    },
  });
  try {
    const bench = await seedBenchStore(engine.store, Math.max(50, options.lineCount));
    const checkouts = options.checkouts ?? 1;
    const carts = await createBenchCarts(engine.store, bench, checkouts + 1, options.lineCount);
    const deliveryMethodId = bench.setup.deliveryMethodIds[0]!;
    const checkOut = (cart: (typeof carts)[number]) =>
      options.drivenBy === 'flow'
        ? runFlowCheckout(createInProcessFlowTransport(engine, cart.buyer.userId), cart.cartId, () => undefined)
        : runStandardCheckout(
            createInProcessTransport(engine, cart.buyer.userId, watch),
            cart.cartId,
            deliveryMethodId,
            () => undefined,
          );
    await checkOut(carts[0]!);
    counter.reset();
    isCounting = true;
    for (const cart of carts.slice(1)) await checkOut(cart);
    isCounting = false;
    const count = counter.snapshot();
    return {
      lineCount: options.lineCount,
      checkouts,
      statements: count.statements / checkouts,
      transactions: (count.explicitTransactions + count.autocommitWrites) / checkouts,
      count,
    };
  } finally {
    await engine.close();
  }
}
