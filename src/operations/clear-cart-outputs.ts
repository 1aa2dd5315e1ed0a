/**
 * What a step invalidates downstream when it re-runs, inside the completing transaction
 * (docs/decisions/0006-checkout-pricing-steps.md): new prices void the discounts and taxes
 * computed from the old ones; new discounts void the taxes; new delivery options void the
 * delivery method chosen from the old ones and its shipping charge. Whatever voids taxes marks
 * them as not computed: the step that clears them passes `taxRevision: null` to the totals
 * write that follows (src/operations/recompute-cart-totals.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { touched } from '../store/insert-record.js';

export async function clearAdjustments(trx: Kysely<Database>, cartId: string): Promise<void> {
  await trx.deleteFrom('cart_item_price_adjustment').where('web_cart_id', '=', cartId).execute();
  await trx.deleteFrom('web_cart_adjustment_group').where('web_cart_id', '=', cartId).execute();
}

/** Deletes the cart's taxes; the caller's totals write marks them as not computed. */
export async function clearTaxes(trx: Kysely<Database>, cartId: string): Promise<void> {
  await trx.deleteFrom('cart_tax').where('cart_id', '=', cartId).execute();
}

/**
 * Removes the shipping charge lines (with their taxes) of the given delivery groups, or of all;
 * the caller's totals write marks the cart's taxes as not computed.
 */
export async function removeShippingCharges(
  trx: Kysely<Database>,
  cartId: string,
  deliveryGroupIds?: readonly string[],
): Promise<void> {
  if (deliveryGroupIds?.length === 0) return;
  let query = trx.selectFrom('cart_item').select('id').where('cart_id', '=', cartId).where('type', '=', 'Charge');
  if (deliveryGroupIds !== undefined) query = query.where('cart_delivery_group_id', 'in', deliveryGroupIds);
  const chargeIds = (await query.execute()).map((row) => row.id);
  if (chargeIds.length === 0) return;
  await trx.deleteFrom('cart_tax').where('cart_item_id', 'in', chargeIds).execute();
  await trx.deleteFrom('cart_item_price_adjustment').where('cart_item_id', 'in', chargeIds).execute();
  await trx.deleteFrom('cart_item').where('id', 'in', chargeIds).execute();
}

/** Forgets every delivery group's chosen method and its shipping charge. */
export async function clearDeliveryChoices(trx: Kysely<Database>, cartId: string, actorId: string): Promise<void> {
  await removeShippingCharges(trx, cartId);
  await trx
    .updateTable('cart_delivery_group')
    .set({ delivery_method_id: null, ...touched(actorId) })
    .where('cart_id', '=', cartId)
    .where('delivery_method_id', 'is not', null)
    .execute();
}
