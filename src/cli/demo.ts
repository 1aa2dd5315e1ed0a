/**
 * `b2b-checkout demo`: a fresh embedded database with the demo store, and one full checkout of
 * a cart through the standard sequence, printed step by step (demo-checkout.ts), then one
 * driven by the built-in checkout flow, screen by screen (demo-flow-checkout.ts).
 */
import { rmSync } from 'node:fs';
import { createEngine } from '../engine.js';
import { createCart } from '../seed/create-cart.js';
import { seedCheckoutSetup } from '../seed/seed-checkout-setup.js';
import { seedStore } from '../seed/seed-store.js';
import { insertRecord } from '../store/insert-record.js';
import { seedPaymentSetup } from '../seed/seed-payment-setup.js';
import { runDemoCheckout } from './demo-checkout.js';
import { demoCheckoutSetup, demoPaymentSetups, demoStoreSeed } from './demo-data.js';
import { runDemoFlowCheckout } from './demo-flow-checkout.js';

export interface DemoOptions {
  readonly databaseFile: string;
  readonly print: (line: string) => void;
}

export async function runDemo({ databaseFile, print }: DemoOptions): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
  const engine = await createEngine({
    databaseUrl: databaseFile,
    onError: (error, context) => print(`   ! ${context}: ${error instanceof Error ? error.message : String(error)}`),
  });
  try {
    const store = await seedStore(engine.store.db, demoStoreSeed);
    const setup = await seedCheckoutSetup(engine.store.db, store, demoCheckoutSetup);
    const buyer = store.buyers[0]!;
    const [bolts, gloves, drill] = store.products;
    print(`b2b-checkout demo — embedded SQLite at ${databaseFile}`);
    print(
      `Store "${demoStoreSeed.name}" (${store.storeId}): ${store.buyers.length} buyer accounts, ${store.products.length} products`,
    );
    const lines = [
      { product: bolts!, quantity: 4 },
      { product: gloves!, quantity: 20 },
      { product: drill!, quantity: 2 },
    ];
    const { cartId } = await createCart(engine.store.db, store.storeId, buyer, lines, { isPriced: false });
    await insertRecord(engine.store.db, 'cartCoupon', { web_cart_id: cartId, coupon_code: 'SPRING10' }, buyer.userId);
    print(`Cart ${cartId} of ${buyer.username} for Acme Manufacturing (coupon SPRING10, not priced yet):`);
    for (const line of lines) print(`   ${line.quantity} × ${line.product.name} (${line.product.sku})`);
    print('');

    await runDemoCheckout(engine, {
      cartId,
      buyerId: buyer.userId,
      deliveryMethodId: setup.deliveryMethodIds[0]!,
      print,
    });

    await seedPaymentSetup(engine.store.db, buyer.accountId, demoPaymentSetups[0]!);
    const flowLines = [{ product: bolts!, quantity: 2 }];
    const flowCart = await createCart(engine.store.db, store.storeId, buyer, flowLines, { isPriced: false });
    print('');
    print(`Cart ${flowCart.cartId}: the same checkout driven by the built-in checkout flow, screen by screen:`);
    await runDemoFlowCheckout(engine, { cartId: flowCart.cartId, buyerId: buyer.userId, print });
  } finally {
    await engine.close();
  }
}
