/** Small builders for test scenarios on top of a seeded store. */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { assignPermissionSet, systemUserId } from '../../src/access/permission-sets.js';
import type { Database } from '../../src/records/registry.js';
import { createCart, type CreatedCart } from '../../src/seed/create-cart.js';
import type { SeededBuyer, SeededStore } from '../../src/seed/seed-store.js';
import { insertRecord } from '../../src/store/insert-record.js';

/** A cart of the given buyer with 2 widgets and 1 gadget. */
export function standardCart(db: Kysely<Database>, store: SeededStore, buyer: SeededBuyer): Promise<CreatedCart> {
  return createCart(db, store.storeId, buyer, [
    { product: store.products[0]!, quantity: 2 },
    { product: store.products[1]!, quantity: 1 },
  ]);
}

/** Another user of the same account as `buyer`, with the given permission set (or none). */
export async function colleagueOf(
  db: Kysely<Database>,
  buyer: SeededBuyer,
  name: string,
  permissionSet: string | null,
): Promise<string> {
  const contactId = await insertRecord(db, 'contact', { last_name: name, account_id: buyer.accountId }, systemUserId);
  const userId = await insertRecord(
    db,
    'user',
    { username: `${name.toLowerCase()}@example.test`, last_name: name, contact_id: contactId },
    systemUserId,
  );
  if (permissionSet !== null) await assignPermissionSet(db, userId, permissionSet);
  return userId;
}

/** An internal user (no contact) with the given permission set. */
export async function internalUser(db: Kysely<Database>, name: string, permissionSet: string): Promise<string> {
  const userId = await insertRecord(db, 'user', { username: `${name}@example.test`, last_name: name }, systemUserId);
  await assignPermissionSet(db, userId, permissionSet);
  return userId;
}

const watchedTables = [
  'web_cart',
  'cart_item',
  'cart_delivery_group',
  'cart_checkout_session',
  'background_operation',
  'cart_validation_output',
  'sales_order',
  'order_item',
  'order_summary',
  'product_inventory',
  'stock_reservation',
] as const;

/** Every row of the tables checkout changes, to compare before and after a rejected call. */
export async function snapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of watchedTables) {
    result[table] = await db.selectFrom(table).selectAll().orderBy('id').execute();
  }
  return result;
}

/** Asserts that `change` leaves every checkout table exactly as it was. */
export async function expectNothingChanged(db: Kysely<Database>, change: () => Promise<unknown>): Promise<void> {
  const before = await snapshot(db);
  await change();
  expect(await snapshot(db)).toEqual(before);
}
