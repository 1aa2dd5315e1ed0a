/**
 * CalculateShipment: the store's Shipment provider quotes delivery options for each delivery
 * group; each becomes a `CartDeliveryGroupMethod`. A run replaces the earlier options and
 * forgets the method chosen from them, with its shipping charge (the buyer chooses again with
 * setCheckoutDeliveryMethod). A group without any option is an Error output; an option naming
 * no known OrderDeliveryMethod, or the same method twice for a group, is a system failure.
 */
import type { Kysely } from 'kysely';
import { fromQuantityTenThousandths } from '../../domain/quantity.js';
import { parseProviderResponse } from '../../providers/provider-result.js';
import { providerFor } from '../../providers/providers.js';
import {
  readDeliveryMethods,
  shipmentResponseSchema,
  type DeliveryOption,
  type KnownDeliveryMethod,
  type ShipmentGroup,
} from '../../providers/shipment/shipment-provider.js';
import type { Database } from '../../records/registry.js';
import { insertRecords, type NewRecord } from '../../store/insert-record.js';
import { clearDeliveryChoices } from '../clear-cart-outputs.js';
import type { OperationHandler } from '../operation-handler.js';
import { recomputeCartTotals } from '../recompute-cart-totals.js';
import { loadStepCart } from './load-cart.js';
import { assertKnownItems, cartContextOf, deliverToOf, providerOutputs } from './provider-outputs.js';

/** The delivery methods the options name, by id or by ReferenceNumber. */
async function findNamedMethods(
  db: Kysely<Database>,
  options: readonly DeliveryOption[],
): Promise<readonly KnownDeliveryMethod[]> {
  const ids = options.flatMap((option) => option.deliveryMethodId ?? []);
  const references = options.flatMap((option) => option.referenceNumber ?? []);
  if (ids.length + references.length === 0) return [];
  return db
    .selectFrom('order_delivery_method')
    .select(['id', 'reference_number'])
    .where((eb) =>
      eb.or([
        ...(ids.length > 0 ? [eb('id', 'in', ids)] : []),
        ...(references.length > 0 ? [eb('reference_number', 'in', references)] : []),
      ]),
    )
    .execute();
}

export const calculateShipment: OperationHandler = {
  type: 'CalculateShipment',
  validationType: 'Shipping',
  async run({ store, providers, actorId, signal }, operation) {
    const { cart, items, deliveryGroups, integration } = await loadStepCart(
      store.db,
      operation.web_cart_id!,
      'Shipment',
    );
    if (deliveryGroups.length === 0) {
      return { outputs: [{ level: 'Error', type: 'Shipping', message: 'The cart has no delivery group to ship' }] };
    }
    const groups: ShipmentGroup[] = deliveryGroups.map((group) => ({
      cartDeliveryGroupId: group.id,
      deliverTo: deliverToOf(group),
      lines: items
        .filter((item) => item.type === 'Product' && item.cart_delivery_group_id === group.id)
        .map((item) => ({
          cartItemId: item.id,
          product2Id: item.product2_id,
          sku: item.sku,
          quantity: fromQuantityTenThousandths(item.quantity),
        })),
    }));
    const provider = await providerFor(providers, cart.web_store_id, 'Shipment', integration);
    const answer = await provider.quoteDeliveryOptions({ ...cartContextOf(cart), deliveryGroups: groups }, signal);
    const response = parseProviderResponse(shipmentResponseSchema, answer, 'Shipment');
    assertKnownItems(
      response.options.map((option) => option.cartDeliveryGroupId),
      new Set(deliveryGroups.map((group) => group.id)),
      'Shipment',
    );
    const methods = answer[readDeliveryMethods] ?? (await findNamedMethods(store.db, response.options));
    const rows: NewRecord<'cartDeliveryGroupMethod'>[] = [];
    const seen = new Set<string>();
    for (const option of response.options) {
      const method = methods.find((candidate) =>
        option.deliveryMethodId != null
          ? candidate.id === option.deliveryMethodId
          : candidate.reference_number === option.referenceNumber,
      );
      if (method === undefined) {
        const named = option.deliveryMethodId ?? option.referenceNumber ?? option.name;
        throw new Error(`The Shipment provider offered ${named}, which names no OrderDeliveryMethod`);
      }
      const key = `${option.cartDeliveryGroupId}|${method.id}`;
      if (seen.has(key)) throw new Error(`The Shipment provider offered ${option.name} twice for one delivery group`);
      seen.add(key);
      rows.push({
        web_cart_id: cart.id,
        cart_delivery_group_id: option.cartDeliveryGroupId,
        delivery_method_id: method.id,
        name: option.name,
        shipping_fee: option.shippingFeeMinor,
        carrier: option.carrier ?? null,
        class_of_service: option.classOfService ?? null,
        external_provider: option.externalProvider ?? null,
      });
    }
    const outputs = providerOutputs(response, 'Shipping', 'Shipment');
    for (const group of deliveryGroups) {
      if (rows.some((row) => row.cart_delivery_group_id === group.id)) continue;
      outputs.push({ level: 'Error', type: 'Shipping', message: `No delivery option for ${group.name}` });
    }
    return {
      outputs,
      async apply(trx) {
        await trx.deleteFrom('cart_delivery_group_method').where('web_cart_id', '=', cart.id).execute();
        await clearDeliveryChoices(trx, cart.id, actorId);
        await insertRecords(trx, 'cartDeliveryGroupMethod', rows, actorId);
        // The options were computed at this revision; taxes computed before them are void.
        await recomputeCartTotals(trx, cart.id, actorId, {
          shippingRevision: cart.content_revision,
          taxRevision: null,
        });
      },
    };
  },
};
