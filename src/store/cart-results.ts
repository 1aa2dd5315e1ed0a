/**
 * How fresh a cart's step results are (SPEC.md section 3 rule 7). Product lines carry their
 * own `is_price_current` (written with their price); shipping and taxes are cart-wide and
 * compared by revision: every change to what the cart buys or where it goes bumps
 * `content_revision`, and the Shipment and Tax steps record the revision they computed
 * against. A step that ran on an older revision is stale, whatever it wrote.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { prepareQuery } from './prepared-query.js';

/** Lines, delivery groups or coupons changed: shipping and taxes must be computed again. */
export async function voidCartResults(trx: Kysely<Database>, cartId: string): Promise<void> {
  await trx
    .updateTable('web_cart')
    .set((eb) => ({ content_revision: eb('content_revision', '+', 1) }))
    .where('id', '=', cartId)
    .execute();
}

const voidTaxes = prepareQuery<{ cartId: string }, never>((db, value) =>
  db.updateTable('web_cart').set({ tax_revision: null }).where('id', '=', value('cartId')),
);

/** Prices, discounts or charges changed: taxes must be computed again. */
export async function voidTaxResults(trx: Kysely<Database>, cartId: string): Promise<void> {
  await voidTaxes.execute(trx, { cartId });
}

/** The Shipment step computed options for the cart at `revision`; its earlier taxes are void. */
export async function recordShippingComputed(trx: Kysely<Database>, cartId: string, revision: number): Promise<void> {
  await trx
    .updateTable('web_cart')
    .set({ shipping_revision: revision, tax_revision: null })
    .where('id', '=', cartId)
    .execute();
}

/** The Tax step computed taxes for the cart at `revision`. */
export async function recordTaxesComputed(trx: Kysely<Database>, cartId: string, revision: number): Promise<void> {
  await trx.updateTable('web_cart').set({ tax_revision: revision }).where('id', '=', cartId).execute();
}
