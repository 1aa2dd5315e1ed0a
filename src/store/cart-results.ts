/**
 * How fresh a cart's step results are (SPEC.md section 3 rule 7). Product lines carry their
 * own `is_price_current` (written with their price); shipping and taxes are cart-wide and
 * compared by revision: every change to what the cart buys or where it goes bumps
 * `content_revision`, and the Shipment and Tax steps record the revision they computed
 * against (with the totals they write: src/operations/recompute-cart-totals.ts). A step that
 * ran on an older revision is stale, whatever it wrote.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';

/** Lines, delivery groups or coupons changed: shipping and taxes must be computed again. */
export async function voidCartResults(trx: Kysely<Database>, cartId: string): Promise<void> {
  await trx
    .updateTable('web_cart')
    .set((eb) => ({ content_revision: eb('content_revision', '+', 1) }))
    .where('id', '=', cartId)
    .execute();
}
