/**
 * The demo store of `serve --demo`: seeded once, in one transaction, when the database has no
 * store yet, with two carts — one checked out at that first start, one left for the printed
 * curl line; and, at every start, a fresh token for the first demo buyer so the printed curl
 * line works (tokens are stored hashed and can't be shown twice).
 */
import { issueAccessToken } from '../access/access-tokens.js';
import { hashPassword, writePasswordHash } from '../access/passwords.js';
import { checksumOf } from '../records/ids.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import type { Engine } from '../engine.js';
import { createCart } from '../seed/create-cart.js';
import { seedCheckoutSetup } from '../seed/seed-checkout-setup.js';
import { seedPaymentSetup } from '../seed/seed-payment-setup.js';
import { seedStore } from '../seed/seed-store.js';
import { demoCheckoutSetup, demoPaymentSetups, demoStoreSeed } from './demo-data.js';
import { builtInCheckoutFlowApiName } from '../flows/provided-flow-files.js';

export const demoBuyerPassword = 'demo-password-1';

export interface DemoBuyer {
  readonly username: string;
  readonly token: string;
  readonly cartId: string | null;
  /** Set when the store was seeded now: a second cart, for a first checkout run at start. */
  readonly firstCheckout: {
    readonly cartId: string;
    readonly buyerId: string;
    readonly deliveryMethodId: string;
  } | null;
}

const buyerTokenTtlMs = 24 * 60 * 60 * 1000;

/** The demo store's fixed id: a second process seeding at the same moment collides on it. */
const demoStoreId15 = '0ZE000000000001';
export const demoStoreId = demoStoreId15 + checksumOf(demoStoreId15);

type FirstCheckout = DemoBuyer['firstCheckout'];

/**
 * Seeds the demo store in one transaction when the database has none. Processes starting
 * together all try; the first commits, the others wait on the store's fixed id, fail with a
 * unique violation and roll back, leaving one store.
 */
async function seedDemoStoreOnce(engine: Engine): Promise<FirstCheckout> {
  // Hashed before the transaction: scrypt must not hold the write lock.
  const passwordHash = await hashPassword(demoBuyerPassword);
  try {
    return await engine.store.transaction(async (db) => {
      const hasStore = (await db.selectFrom('web_store').select('id').executeTakeFirst()) !== undefined;
      if (hasStore) return null;
      const store = await seedStore(db, { ...demoStoreSeed, storeId: demoStoreId });
      const setup = await seedCheckoutSetup(db, store, demoCheckoutSetup);
      for (const [index, buyer] of store.buyers.entries()) {
        const payment = demoPaymentSetups[index];
        if (payment !== undefined) await seedPaymentSetup(db, buyer.accountId, payment);
      }
      // The store's checkout is our own flow (deployed at start; replaceable like any flow).
      await db
        .updateTable('web_store')
        .set({ checkout_flow_api_name: builtInCheckoutFlowApiName })
        .where('id', '=', store.storeId)
        .execute();
      for (const buyer of store.buyers) await writePasswordHash(db, buyer.userId, passwordHash);
      const [bolts, gloves] = store.products;
      const lines = [
        { product: bolts!, quantity: 4 },
        { product: gloves!, quantity: 20 },
      ];
      // Unpriced, like a cart fresh from the storefront: the priceCart step sets the prices.
      const first = await createCart(db, store.storeId, store.buyers[0]!, lines, { isPriced: false });
      await createCart(db, store.storeId, store.buyers[0]!, lines, { isPriced: false });
      return {
        cartId: first.cartId,
        buyerId: store.buyers[0]!.userId,
        deliveryMethodId: setup.deliveryMethodIds[0]!,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export async function seedDemo(engine: Engine): Promise<DemoBuyer | null> {
  const { db } = engine.store;
  const firstCheckout = await seedDemoStoreOnce(engine);
  const slug = demoStoreSeed.buyerAccounts[0].toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const username = `buyer@${slug}.example`;
  const buyer = await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (buyer === undefined) return null;
  const cart = await db
    .selectFrom('web_cart')
    .select('id')
    .where('owner_id', '=', buyer.id)
    .where('status', 'in', ['Active', 'Checkout'])
    .where('id', '!=', firstCheckout?.cartId ?? '')
    .executeTakeFirst();
  const token = await issueAccessToken(db, buyer.id, { ttlMs: buyerTokenTtlMs });
  return { username, token, cartId: cart?.id ?? null, firstCheckout };
}
