import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { seedProduct } from '../src/seed/seed-store.js';
import { EngineThreads } from './support/engine-threads.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('many concurrent checkouts competing for the last units', () => {
  let test: TestEngine;
  let threads: EngineThreads;
  beforeAll(async () => {
    test = await openTestEngine(undefined, { workers: 0 });
    threads = await EngineThreads.start(3, test.databaseUrl, 1);
  });
  afterAll(async () => {
    await threads.close();
    await test.dispose();
  });

  it('never oversells: exactly the stock is sold, every other checkout ends in Error, nothing stays reserved', async () => {
    const { engine, store } = test;
    const db = engine.store.db;
    const stock = 10;
    const cartsPerThread = 10;
    const lastUnits = await seedProduct(db, { name: 'Last Units', sku: 'LAST-1', price: '5.00', stock });
    const carts: { cartId: string; userId: string }[][] = [];
    for (let thread = 0; thread < 3; thread += 1) {
      const batch = [];
      for (let index = 0; index < cartsPerThread; index += 1) {
        const buyer = store.buyers[(thread + index) % store.buyers.length]!;
        const { cartId } = await createCart(db, store.storeId, buyer, [{ product: lastUnits, quantity: 1 }]);
        batch.push({ cartId, userId: buyer.userId });
      }
      carts.push(batch);
    }
    const outcomes = (await threads.checkoutTogether(carts)).flat();
    expect(outcomes).toHaveLength(30);
    const completed = outcomes.filter((outcome) => !outcome.isError);
    const failed = outcomes.filter((outcome) => outcome.isError);
    expect(completed).toHaveLength(stock);
    expect(failed).toHaveLength(30 - stock);
    for (const outcome of failed) expect(outcome.state).toBe('Error');
    await engine.settle();
    const inventory = await db
      .selectFrom('product_inventory')
      .selectAll()
      .where('product2_id', '=', lastUnits.id)
      .executeTakeFirstOrThrow();
    expect(inventory).toMatchObject({ quantity_on_hand: 0, quantity_reserved: 0, quantity_sold: stock * 10_000 });
    const orders = await db.selectFrom('sales_order').select('status').execute();
    expect(orders.filter((order) => order.status === 'Activated')).toHaveLength(stock);
    expect(orders).toHaveLength(stock);
    const summaries = await db.selectFrom('order_summary').select('id').execute();
    expect(summaries).toHaveLength(stock);
    const stuck = await db.selectFrom('cart_checkout_session').select('id').where('is_processing', '=', 1).execute();
    expect(stuck).toEqual([]);
    const outputs = await db
      .selectFrom('cart_validation_output')
      .select('message')
      .where('level', '=', 'Error')
      .execute();
    expect(outputs).toHaveLength(30 - stock);
    for (const output of outputs)
      expect(output.message).toMatch(/^Insufficient stock for SKU LAST-1: 1 needed, 0 available$/);
  });
});
