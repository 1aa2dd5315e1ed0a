/**
 * Stock in exact decimals: reservations of 0.1 against 1 on hand. In binary floating point ten
 * reservations of 0.1 leave 1.1e-16 on hand; in ten-thousandths they leave exactly 0, and the
 * guarded update refuses the eleventh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCart } from '../src/seed/create-cart.js';
import { seedProduct } from '../src/seed/seed-store.js';
import { CheckoutDriver } from './support/checkout-steps.js';
import { openTestEngine, type TestEngine } from './support/test-engine.js';

describe('exact stock reservations', () => {
  let test: TestEngine;
  beforeAll(async () => {
    test = await openTestEngine();
  });
  afterAll(() => test.dispose());

  it('reserves 0.1 ten times against 1 on hand, refuses the eleventh and leaves exactly 0 available', async () => {
    const { engine, store } = test;
    const db = engine.store.db;
    const powder = await seedProduct(db, { name: 'Powder', sku: 'POWDER-1', price: '3.00', stock: 1 });
    const checkouts: { driver: CheckoutDriver; sessionId: string }[] = [];
    for (let index = 0; index < 11; index += 1) {
      const buyer = store.buyers[index % store.buyers.length]!;
      const { cartId } = await createCart(db, store.storeId, buyer, [{ product: powder, quantity: 0.1 }]);
      const driver = new CheckoutDriver(engine, buyer.userId, cartId);
      const sessionId = await driver.startSession();
      await driver.moveTo(sessionId, 'Start', 'Inventory');
      await driver.runStep('checkCartInventoryAction');
      expect((await driver.session(sessionId)).is_error).toBe(0);
      checkouts.push({ driver, sessionId });
    }
    const outcomes: boolean[] = [];
    for (const { driver, sessionId } of checkouts) {
      await driver.moveTo(sessionId, 'Inventory', 'Cart To Order');
      await driver.runStep('cartToOrderAction');
      outcomes.push((await driver.session(sessionId)).is_error === 0);
    }
    expect(outcomes).toEqual([...Array<boolean>(10).fill(true), false]);
    const stock = await db
      .selectFrom('product_inventory')
      .selectAll()
      .where('product2_id', '=', powder.id)
      .executeTakeFirstOrThrow();
    expect(stock).toMatchObject({ quantity_on_hand: 10_000, quantity_reserved: 10_000 });
    expect(stock.quantity_on_hand - stock.quantity_reserved).toBe(0);
    const reservations = await db.selectFrom('stock_reservation').select('quantity').execute();
    expect(reservations.map((reservation) => reservation.quantity)).toEqual(Array<number>(10).fill(1000));
    const messages = await db
      .selectFrom('cart_validation_output')
      .select('message')
      .where('level', '=', 'Error')
      .execute();
    expect(messages.map((output) => output.message)).toEqual([
      'Insufficient stock for SKU POWDER-1: 0.1 needed, 0 available',
    ]);
  });
});
