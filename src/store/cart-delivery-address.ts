/**
 * Writes where a cart goes: the DeliverTo* fields of all its delivery groups (as the standard
 * checkout flows update every group of the cart), and optionally their shipping instructions.
 * A change of address voids the cart's shipping and tax results; it never cancels the checkout
 * (SPEC.md section 3 rule 6).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../records/registry.js';
import { voidCartResults } from './cart-results.js';
import type { PostalAddress } from './contact-point-addresses.js';
import { touched } from './insert-record.js';

export async function setCartDeliverTo(
  trx: Kysely<Database>,
  cartId: string,
  change: { readonly address: PostalAddress | null; readonly shippingInstructions?: string | null },
  actorId: string,
): Promise<void> {
  const { address } = change;
  const addressColumns =
    address === null
      ? {}
      : {
          deliver_to_name: address.name,
          deliver_to_street: address.street,
          deliver_to_city: address.city,
          deliver_to_state: address.state,
          deliver_to_postal_code: address.postalCode,
          deliver_to_country: address.country,
          deliver_to_geocode_accuracy: address.geocodeAccuracy,
          deliver_to_latitude: address.latitude,
          deliver_to_longitude: address.longitude,
        };
  const instructions =
    change.shippingInstructions === undefined ? {} : { shipping_instructions: change.shippingInstructions };
  if (address === null && change.shippingInstructions === undefined) return;
  await trx
    .updateTable('cart_delivery_group')
    .set({ ...addressColumns, ...instructions, ...touched(actorId) })
    .where('cart_id', '=', cartId)
    .execute();
  await voidCartResults(trx, cartId);
}
