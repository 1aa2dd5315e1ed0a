import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemUserId } from '../src/access/permission-sets.js';
import { seedPricebook, seedProduct } from '../src/seed/seed-store.js';
import { insertRecord } from '../src/store/insert-record.js';
import { cartOf, itemsOf, openCheckout, operationOf, runStepTo } from './support/checkout-setup.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('the PriceCart step with the built-in Price provider', () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await openTestEngine();
  });
  afterEach(async () => {
    await test.dispose();
  });

  const linkBook = (pricebookId: string, priority: number, isActive = 1) =>
    insertRecord(
      test.engine.store.db,
      'buyerGroupPricebook',
      { buyer_group_id: test.store.buyerGroupId, pricebook2_id: pricebookId, priority, is_active: isActive },
      systemUserId,
    );

  it("uses the buyer group's book of highest priority (lowest number), then the store's book", async () => {
    const { engine, store } = test;
    const [widget, gadget] = store.products;
    const db = engine.store.db;
    await linkBook(await seedPricebook(db, 'Contract B', [{ id: widget!.id, priceMinor: 800 }]), 2);
    await linkBook(await seedPricebook(db, 'Contract A', [{ id: widget!.id, priceMinor: 950 }]), 1);
    await linkBook(await seedPricebook(db, 'Expired deal', [{ id: widget!.id, priceMinor: 100 }]), 0, 0);
    const checkout = await openCheckout(test);
    await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');

    const [gadgetLine, widgetLine] = await itemsOf(engine, checkout.cartId);
    expect(widgetLine).toMatchObject({
      list_price: 1000,
      sales_price: 950,
      total_list_price: 3000,
      total_line_amount: 2850,
      total_price: 2850,
    });
    expect(gadgetLine).toMatchObject({ list_price: 250, sales_price: 250, total_line_amount: 500 });
    expect(gadgetLine!.product2_id).toBe(gadget!.id);
    expect(await cartOf(engine, checkout.cartId)).toMatchObject({
      total_product_amount: 3350,
      grand_total_amount: 3350,
    });
    expect((await checkout.driver.session(checkout.sessionId)).state).toBe('Confirm Price');
  });

  it("ranks a book linked to both the buyer group and the store as the group's, and ignores inactive books and links", async () => {
    const { engine, store } = test;
    const [widget, gadget] = store.products;
    const db = engine.store.db;
    const shared = await seedPricebook(db, 'Shared', [{ id: widget!.id, priceMinor: 900 }]);
    await linkBook(shared, 1);
    await insertRecord(db, 'webStorePricebook', { web_store_id: store.storeId, pricebook2_id: shared }, systemUserId);
    const unlinked = await seedPricebook(db, 'Unlinked', [{ id: gadget!.id, priceMinor: 100 }]);
    await insertRecord(
      db,
      'webStorePricebook',
      { web_store_id: store.storeId, pricebook2_id: unlinked, is_active: 0 },
      systemUserId,
    );
    const retired = await seedPricebook(db, 'Retired', [{ id: gadget!.id, priceMinor: 50 }]);
    await db.updateTable('pricebook').set({ is_active: 0 }).where('id', '=', retired).execute();
    await linkBook(retired, 0);
    const checkout = await openCheckout(test);
    await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');

    const items = await itemsOf(engine, checkout.cartId);
    // The shared book prices the widget as the group's book: its price is not the list price.
    expect(items.find((item) => item.product2_id === widget!.id)).toMatchObject({ list_price: 1000, sales_price: 900 });
    expect(items.find((item) => item.product2_id === gadget!.id)).toMatchObject({ list_price: 250, sales_price: 250 });
  });

  it('fails with a Pricing error naming the SKU when a product has no price, writing no price', async () => {
    const { engine, store } = test;
    const unpriced = await seedProduct(engine.store.db, { name: 'Prototype', sku: 'PROTO-1', price: '1.00' });
    const checkout = await openCheckout(test, [
      { product: store.products[0]!, quantity: 1 },
      { product: unpriced, quantity: 1 },
    ]);
    const operationId = await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');

    expect((await operationOf(engine, operationId)).status).toBe('Error');
    expect(await checkout.driver.session(checkout.sessionId)).toMatchObject({
      state: 'Error',
      is_error: 1,
      is_processing: 0,
    });
    const outputs = await engine.store.db.selectFrom('cart_validation_output').selectAll().execute();
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ level: 'Error', type: 'Pricing' });
    expect(outputs[0]!.message).toContain('PROTO-1');
    const items = await itemsOf(engine, checkout.cartId);
    expect(items.every((item) => item.sales_price === null)).toBe(true);
  });

  it('totals a 1,000-line cart exactly: 1,000 lines at 0.10 × 3 = 300.00', async () => {
    const { engine, store } = test;
    const nail = await seedProduct(engine.store.db, { name: 'Nail', sku: 'NAIL-1', price: '0.10' });
    await insertRecord(
      engine.store.db,
      'pricebookEntry',
      { pricebook2_id: store.pricebookId, product2_id: nail.id, unit_price: 10 },
      systemUserId,
    );
    const lines = Array.from({ length: 1000 }, () => ({ product: nail, quantity: 3 }));
    const checkout = await openCheckout(test, lines);
    await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');

    const cart = await cartOf(engine, checkout.cartId);
    expect(cart).toMatchObject({
      total_product_amount: 30000,
      grand_total_amount: 30000,
      total_product_count: 3000 * 10_000,
    });
    const items = await itemsOf(engine, checkout.cartId);
    expect(items).toHaveLength(1000);
    expect(items.every((item) => item.total_price === 30)).toBe(true);
  });
  it('fails with a Pricing error when a line total (1,000,000,000 × 90,071,992,547.40) is out of range, storing nothing inexact', async () => {
    const { engine } = test;
    const ingot = await seedProduct(engine.store.db, { name: 'Ingot', sku: 'INGOT-1', price: '1.00' });
    await insertRecord(
      engine.store.db,
      'pricebookEntry',
      { pricebook2_id: test.store.pricebookId, product2_id: ingot.id, unit_price: 9_007_199_254_740 },
      systemUserId,
    );
    const checkout = await openCheckout(test, [{ product: ingot, quantity: 1_000_000_000 }]);
    const operationId = await runStepTo(checkout, 'Start', 'Confirm Price', 'priceCart');

    expect((await operationOf(engine, operationId)).status).toBe('Error');
    expect(await checkout.driver.session(checkout.sessionId)).toMatchObject({ state: 'Error', is_error: 1 });
    const outputs = await engine.store.db.selectFrom('cart_validation_output').selectAll().execute();
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ level: 'Error', type: 'Pricing' });
    expect(outputs[0]!.message).toMatch(
      /^SKU INGOT-1: the line total 90071992547\.40 × 1000000000 is outside the valid range/,
    );
    const [item] = await itemsOf(engine, checkout.cartId);
    expect(item).toMatchObject({ quantity: 10_000_000_000_000, sales_price: null, total_line_amount: null });
    expect(await cartOf(engine, checkout.cartId)).toMatchObject({ total_product_amount: 0, grand_total_amount: 0 });
  });
});
