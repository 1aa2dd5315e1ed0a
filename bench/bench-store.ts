/**
 * The benchmark store: the demo's delivery methods, tax rates and promotions, enough products
 * for a 1,000-line cart with stock that never runs out, a few buyers with the first demo buyer's
 * address book, and unpriced carts with a coupon — like a cart fresh from the storefront, so
 * every step has real work to do. The store's checkout flow is the built-in one (deployed when
 * the engine starts), whose address screen offers the account's addresses.
 */
import { demoCheckoutSetup, demoPaymentSetups } from '../src/cli/demo-data.js';
import { builtInCheckoutFlowApiName } from '../src/flows/provided-flow-files.js';
import { createCart } from '../src/seed/create-cart.js';
import { seedCheckoutSetup, type SeededCheckoutSetup } from '../src/seed/seed-checkout-setup.js';
import { seedPaymentSetup } from '../src/seed/seed-payment-setup.js';
import { seedStore, type SeededBuyer, type SeededStore } from '../src/seed/seed-store.js';
import type { Store } from '../src/store/database.js';
import { insertRecord } from '../src/store/insert-record.js';

export interface BenchStore {
  readonly store: SeededStore;
  readonly setup: SeededCheckoutSetup;
}

export interface BenchCart {
  readonly cartId: string;
  readonly buyer: SeededBuyer;
}

const buyerCount = 8;
// Far more than any run sells: a checkout must never fail for lack of stock.
const unitsOnHand = 1_000_000_000;

export async function seedBenchStore(store: Store, productCount = 1_000): Promise<BenchStore> {
  return store.transaction(async (trx) => {
    const seeded = await seedStore(trx, {
      name: 'Bench Supply',
      buyerAccounts: Array.from({ length: buyerCount }, (_, index) => `Bench Buyer ${index + 1}`),
      products: Array.from({ length: productCount }, (_, index) => ({
        name: `Part ${index + 1}`,
        // The demo's promotion targets GLOVE-L: product 2 carries that SKU so it applies.
        sku: index === 1 ? 'GLOVE-L' : `PART-${index + 1}`,
        price: `${(index % 97) + 1}.25`,
        stock: unitsOnHand,
      })),
    });
    const setup = await seedCheckoutSetup(trx, seeded, demoCheckoutSetup);
    // Addresses only: a flow checkout pays by purchase order.
    const addressBook = { addresses: demoPaymentSetups[0]!.addresses, cards: [] };
    for (const buyer of seeded.buyers) await seedPaymentSetup(trx, buyer.accountId, addressBook);
    await trx
      .updateTable('web_store')
      .set({ checkout_flow_api_name: builtInCheckoutFlowApiName })
      .where('id', '=', seeded.storeId)
      .execute();
    return { store: seeded, setup };
  });
}

/** `count` unpriced carts of `lineCount` lines each (distinct products), with coupon SPRING10. */
export async function createBenchCarts(
  store: Store,
  bench: BenchStore,
  count: number,
  lineCount: number,
): Promise<BenchCart[]> {
  const { products, buyers, storeId } = bench.store;
  const carts: BenchCart[] = [];
  // A transaction per 50 carts: seeding is setup, not the measured work, and one commit per
  // insert would make it slower than the checkouts.
  for (let start = 0; start < count; start += 50) {
    const batch = await store.transaction(async (trx) => {
      const created: BenchCart[] = [];
      for (let index = start; index < Math.min(count, start + 50); index += 1) {
        const buyer = buyers[index % buyers.length]!;
        const lines = Array.from({ length: lineCount }, (_, line) => ({
          product: products[(index + line) % products.length]!,
          quantity: (line % 3) + 1,
        }));
        const { cartId } = await createCart(trx, storeId, buyer, lines, { isPriced: false });
        await insertRecord(trx, 'cartCoupon', { web_cart_id: cartId, coupon_code: 'SPRING10' }, buyer.userId);
        created.push({ cartId, buyer });
      }
      return created;
    });
    carts.push(...batch);
  }
  return carts;
}
