import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine.js';
import { createCart } from '../../src/seed/create-cart.js';
import { seedStore, type SeededStore } from '../../src/seed/seed-store.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';
import { clusterAdminToken, startCluster, type Cluster } from './cluster.js';
import { racedCheckout, type RaceTally, type RacedOutcome } from './raced-checkout.js';

const cartCount = Number(process.env.CLUSTER_CARTS ?? 200);
const scarceStock = Math.round(cartCount * 0.75);
const inFlight = 32;

describe.runIf(testBackend === 'postgres')('3 servers and 3 workers over one PostgreSQL database', () => {
  let database: TestDatabase;
  let engine: Engine;
  let store: SeededStore;
  let cluster: Cluster;
  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await createEngine({ databaseUrl: database.url, workers: 0, poolSize: 4 });
    store = await seedStore(engine.store.db, {
      name: 'Cluster Store',
      buyerAccounts: ['Acme', 'Globex', 'Initech', 'Umbrella'],
      products: [
        { name: 'Widget', sku: 'WID-1', price: '10.00', stock: 10_000 },
        { name: 'Scarce Part', sku: 'SCARCE-1', price: '99.90', stock: scarceStock },
      ],
    });
    cluster = await startCluster(database.url, 3, 3);
  }, 120_000);
  afterAll(async () => {
    if (process.env.CLUSTER_DEBUG !== undefined) {
      for (const process of [...(cluster?.servers ?? []), ...(cluster?.workers ?? [])])
        console.log(process.output.slice(-30).join('\n'));
    }
    await cluster?.stop();
    await engine?.close();
    await database?.drop();
  });

  it('checks out 200 carts with two clients racing every step: one order per session, stock reconciled', async () => {
    const db = engine.store.db;
    const [widget, scarce] = store.products;
    const cartIds: string[] = [];
    for (let index = 0; index < cartCount; index += 1) {
      const buyer = store.buyers[index % store.buyers.length]!;
      const lines = [
        { product: widget!, quantity: 2 },
        { product: scarce!, quantity: 1 },
      ];
      cartIds.push((await createCart(db, store.storeId, buyer, lines)).cartId);
    }
    const tally: RaceTally = { updateRacesLost: 0, stepRacesLost: 0 };
    const outcomes: RacedOutcome[] = [];
    const startedMs = Date.now();
    let next = 0;
    const lane = async () => {
      while (next < cartIds.length) {
        const index = next++;
        const urls = cluster.serverUrls;
        const pair = [urls[index % urls.length]!, urls[(index + 1) % urls.length]!] as const;
        outcomes.push(await racedCheckout(db, pair, clusterAdminToken, cartIds[index]!, tally));
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    const elapsedMs = Date.now() - startedMs;
    await engine.settle(60_000);

    const completed = outcomes.filter((outcome) => outcome.isComplete);
    const failed = outcomes.filter((outcome) => !outcome.isComplete);
    expect(outcomes).toHaveLength(cartCount);
    expect(completed).toHaveLength(scarceStock);
    const orders = await db.selectFrom('sales_order').select(['checkout_session_id', 'status']).execute();
    expect(new Set(orders.map((order) => order.checkout_session_id)).size).toBe(orders.length);
    expect(orders.filter((order) => order.status === 'Activated')).toHaveLength(completed.length);
    const summaries = await db.selectFrom('order_summary').select('id').execute();
    expect(summaries).toHaveLength(completed.length);
    const sessions = await db.selectFrom('cart_checkout_session').selectAll().execute();
    expect(sessions).toHaveLength(cartCount);
    for (const session of sessions) {
      const isDone = session.is_archived === 1 && session.state === 'Activate Order';
      const isDocumentedError = session.is_error === 1 && session.state === 'Error';
      expect(isDone || isDocumentedError).toBe(true);
      expect(session.is_processing).toBe(0);
    }
    const errorOutputs = await db
      .selectFrom('cart_validation_output')
      .select(['message', 'type'])
      .where('level', '=', 'Error')
      .execute();
    expect(errorOutputs).toHaveLength(failed.length);
    for (const output of errorOutputs) expect(output.message).toMatch(/^Insufficient stock for SKU SCARCE-1/);
    const stock = await db.selectFrom('product_inventory').selectAll().orderBy('quantity_sold').execute();
    for (const row of stock) {
      expect(row.quantity_reserved).toBe(0);
      // Ten-thousandths of a unit.
      expect(row.quantity_on_hand + row.quantity_sold).toBe(
        (row.product2_id === scarce!.id ? scarceStock : 10_000) * 10_000,
      );
    }
    const scarceRow = stock.find((row) => row.product2_id === scarce!.id)!;
    expect(scarceRow.quantity_sold).toBe(scarceStock * 10_000);
    const live = await db
      .selectFrom('background_operation')
      .select('id')
      .where('status', 'in', ['New', 'Running'])
      .execute();
    expect(live).toEqual([]);
    console.log(
      `cluster: sessions=${sessions.length} complete=${completed.length} error=${failed.length} orders=${orders.length} ` +
        `updateRacesLost=${tally.updateRacesLost} stepRacesLost=${tally.stepRacesLost} elapsedMs=${elapsedMs} ` +
        `checkoutsPerSecond=${((cartCount * 1000) / elapsedMs).toFixed(1)}`,
    );
  }, 300_000);
});
