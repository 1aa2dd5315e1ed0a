/**
 * The built-in Shipment provider: every active `OrderDeliveryMethod` offered by the store
 * (its own, and those with no store, which every store offers) is an option for every delivery
 * group, at the method's flat `ShippingFee`. Options come cheapest first.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../records/registry.js';
import { readDeliveryMethods, type ShipmentProvider } from './shipment-provider.js';

export function builtInShipment(db: Kysely<Database>): ShipmentProvider {
  return {
    async quoteDeliveryOptions({ storeId, deliveryGroups }) {
      const methods = await db
        .selectFrom('order_delivery_method')
        .selectAll()
        .where('is_active', '=', 1)
        .where((eb) => eb.or([eb('web_store_id', 'is', null), eb('web_store_id', '=', storeId)]))
        .orderBy('shipping_fee')
        .orderBy('name')
        .execute();
      const options = deliveryGroups.flatMap((group) =>
        methods.map((method) => ({
          cartDeliveryGroupId: group.cartDeliveryGroupId,
          deliveryMethodId: method.id,
          name: method.name,
          shippingFeeMinor: method.shipping_fee,
          carrier: method.carrier,
          classOfService: method.class_of_service,
          externalProvider: null,
        })),
      );
      // Every option names one of these rows: the step needn't read them again.
      return { status: 'SUCCESS', options, [readDeliveryMethods]: methods };
    },
  };
}
