/**
 * Builds a store ready to sell: the store, a buyer group linked to it, buyer accounts with one
 * buyer user each, products with stock, and a store price book with every product at its seed
 * price. Used by the demo, the tests and the benchmarks.
 */
import type { Kysely } from 'kysely';
import { assignPermissionSet, systemUserId } from '../access/permission-sets.js';
import { toMinorUnits } from '../domain/money.js';
import { toQuantityTenThousandths } from '../domain/quantity.js';
import type { Database } from '../records/registry.js';
import { insertRecord, insertRecords } from '../store/insert-record.js';

export interface ProductSeed {
  readonly name: string;
  readonly sku: string;
  /** Unit price as decimal text, e.g. "12.50". */
  readonly price: string;
  /** Units on hand; omit for a product whose stock is not tracked. */
  readonly stock?: number;
}

export interface SeededBuyer {
  readonly accountId: string;
  readonly contactId: string;
  readonly userId: string;
  readonly username: string;
}

export interface SeededProduct extends ProductSeed {
  readonly id: string;
  readonly priceMinor: number;
}

export interface SeededStore {
  readonly storeId: string;
  readonly buyerGroupId: string;
  /** The store's price book (WebStorePricebook), with every product at its seed price. */
  readonly pricebookId: string;
  readonly buyers: readonly SeededBuyer[];
  readonly products: readonly SeededProduct[];
}

export interface StoreSeed {
  readonly name: string;
  readonly buyerAccounts: readonly string[];
  readonly products: readonly ProductSeed[];
  /** Permission set of each buyer user. */
  readonly buyerPermissionSet?: string;
  /** A fixed id for the store: processes seeding the same store at once collide on it. */
  readonly storeId?: string;
}

export async function seedBuyer(
  db: Kysely<Database>,
  accountName: string,
  buyerGroupId: string | null,
  permissionSet = 'B2BBuyer',
): Promise<SeededBuyer> {
  const accountId = await insertRecord(
    db,
    'account',
    {
      name: accountName,
      billing_street: '1 Market St',
      billing_city: 'San Francisco',
      billing_state: 'CA',
      billing_postal_code: '94105',
      billing_country: 'US',
    },
    systemUserId,
  );
  await insertRecord(
    db,
    'buyerAccount',
    { name: accountName, buyer_id: accountId, buyer_status: 'Active' },
    systemUserId,
  );
  if (buyerGroupId !== null) {
    await insertRecord(db, 'buyerGroupMember', { buyer_group_id: buyerGroupId, buyer_id: accountId }, systemUserId);
  }
  const slug = accountName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const contactId = await insertRecord(
    db,
    'contact',
    { first_name: 'Buyer', last_name: accountName, account_id: accountId, email: `buyer@${slug}.example` },
    systemUserId,
  );
  const username = `buyer@${slug}.example`;
  const userId = await insertRecord(
    db,
    'user',
    { username, first_name: 'Buyer', last_name: accountName, email: username, contact_id: contactId },
    systemUserId,
  );
  await assignPermissionSet(db, userId, permissionSet);
  return { accountId, contactId, userId, username };
}

export async function seedProduct(db: Kysely<Database>, seed: ProductSeed): Promise<SeededProduct> {
  const priceMinor = toMinorUnits(seed.price);
  if (priceMinor === null) throw new Error(`Invalid price ${seed.price} for ${seed.sku}`);
  const id = await insertRecord(
    db,
    'product',
    { name: seed.name, stock_keeping_unit: seed.sku, product_code: seed.sku },
    systemUserId,
  );
  if (seed.stock !== undefined) {
    await insertRecord(
      db,
      'productInventory',
      { product2_id: id, quantity_on_hand: toQuantityTenThousandths(seed.stock) },
      systemUserId,
    );
  }
  return { ...seed, id, priceMinor };
}

/** A price book with one entry per product at the given unit prices (minor units). */
export async function seedPricebook(
  db: Kysely<Database>,
  name: string,
  entries: readonly { readonly id: string; readonly priceMinor: number }[],
): Promise<string> {
  const pricebookId = await insertRecord(db, 'pricebook', { name }, systemUserId);
  await insertRecords(
    db,
    'pricebookEntry',
    entries.map((entry) => ({ pricebook2_id: pricebookId, product2_id: entry.id, unit_price: entry.priceMinor })),
    systemUserId,
  );
  return pricebookId;
}

export async function seedStore(db: Kysely<Database>, seed: StoreSeed): Promise<SeededStore> {
  const storeValues = { name: seed.name, type: 'B2B', ...(seed.storeId === undefined ? {} : { id: seed.storeId }) };
  const storeId = await insertRecord(db, 'webStore', storeValues, systemUserId);
  const buyerGroupId = await insertRecord(db, 'buyerGroup', { name: `${seed.name} Buyers` }, systemUserId);
  await insertRecord(db, 'webStoreBuyerGroup', { web_store_id: storeId, buyer_group_id: buyerGroupId }, systemUserId);
  const buyers: SeededBuyer[] = [];
  for (const accountName of seed.buyerAccounts) {
    buyers.push(await seedBuyer(db, accountName, buyerGroupId, seed.buyerPermissionSet));
  }
  const products: SeededProduct[] = [];
  for (const product of seed.products) products.push(await seedProduct(db, product));
  const pricebookId = await seedPricebook(db, `${seed.name} Price Book`, products);
  await insertRecord(db, 'webStorePricebook', { web_store_id: storeId, pricebook2_id: pricebookId }, systemUserId);
  return { storeId, buyerGroupId, pricebookId, buyers, products };
}
