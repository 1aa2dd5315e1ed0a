/**
 * What `b2b-checkout demo reset` deletes: every table is either cleared or deliberately kept,
 * and test/cli-operators.test.ts fails when a table is in neither list — a table added later
 * must be placed in one here, with its reason.
 *
 * Buyer users (users with a contact) are commerce data and go with their accounts, together
 * with their tokens and permission set assignments; administrators, integrators and the
 * system user stay, with their tokens. Everything runs in one transaction: every foreign key
 * is deferred to the commit, so the order of the deletes does not matter.
 */
import { sql } from 'kysely';
import type { Store } from './database.js';
import { listTables } from './list-tables.js';

/** Deleted whole: stores, catalog, prices, buyers' accounts, carts, checkouts, orders and their trails. */
export const clearedTables: readonly string[] = [
  'account',
  'background_operation',
  'buyer_account',
  'buyer_group',
  'buyer_group_member',
  'buyer_group_pricebook',
  'cart_checkout_session',
  'cart_coupon',
  'cart_delivery_group',
  'cart_delivery_group_method',
  'cart_item',
  'cart_item_price_adjustment',
  'cart_tax',
  'cart_validation_output',
  'checkout_event',
  'contact',
  'order_delivery_group',
  'order_delivery_method',
  'order_item',
  'order_summary',
  'order_summary_created_event',
  'pricebook',
  'pricebook_entry',
  'product',
  'product_inventory',
  'promotion',
  'query_cursor',
  'sales_order',
  'stock_reservation',
  'store_integrated_service',
  'tax_rate',
  'web_cart',
  'web_cart_adjustment_group',
  'web_store',
  'web_store_buyer_group',
  'web_store_pricebook',
];

/** Kept, each for a reason. */
export const keptTables: Readonly<Record<string, string>> = {
  kysely_migration: 'the schema version',
  kysely_migration_lock: 'the schema version',
  permission_set: 'built-in permission sets',
  app_user: 'administrators and integrators stay; buyer users (with a contact) are deleted',
  permission_set_assignment: "kept for the users that stay; buyer users' are deleted",
  access_token: "kept for the users that stay; buyer users' are deleted",
  login_attempt: 'throttling of sign-in attempts must survive a reset',
  order_number_sequence: 'order numbers are never given out twice',
  registered_external_service: "the deployment's provider registrations",
};

/** Deletes the commerce data in one transaction; returns the tables cleared. */
export async function clearCommerceData(store: Store): Promise<string[]> {
  const existing = new Set(await listTables(store));
  const tables = clearedTables.filter((table) => existing.has(table));
  await store.transaction(async (trx) => {
    const buyerUsers = trx.selectFrom('app_user').select('id').where('contact_id', 'is not', null);
    await trx.deleteFrom('access_token').where('user_id', 'in', buyerUsers).execute();
    await trx.deleteFrom('permission_set_assignment').where('assignee_id', 'in', buyerUsers).execute();
    await trx.deleteFrom('query_cursor').execute();
    await trx.deleteFrom('app_user').where('contact_id', 'is not', null).execute();
    for (const table of tables) await sql`delete from ${sql.table(table)}`.execute(trx);
  });
  return tables;
}
