/**
 * The Shipment service: the delivery options, with their fees, for each delivery group.
 *
 * Implementers: `quoteDeliveryOptions` only reads and may run any number of times; its answer
 * replaces every earlier option of the cart (and any method chosen from them). Each option
 * names an existing `OrderDeliveryMethod`, by `deliveryMethodId` or by its `ReferenceNumber`
 * (`referenceNumber`), so the buyer's choice can be recorded on the delivery group; an option
 * naming no known method is a system failure. Status, messages, throws and time limits as for
 * the Price service.
 */
import { z } from 'zod';
import {
  minorAmount,
  providerResultSchema,
  type Address,
  type CartContext,
  type ProviderResult,
} from '../provider-result.js';

export interface ShipmentGroup {
  readonly cartDeliveryGroupId: string;
  readonly deliverTo: Address;
  readonly lines: readonly { cartItemId: string; product2Id: string | null; sku: string | null; quantity: number }[];
}

export interface DeliveryOption {
  readonly cartDeliveryGroupId: string;
  readonly deliveryMethodId?: string | null;
  readonly referenceNumber?: string | null;
  readonly name: string;
  readonly shippingFeeMinor: number;
  readonly carrier?: string | null;
  readonly classOfService?: string | null;
  /** The provider's own reference for the option (a rate id, a carrier service code). */
  readonly externalProvider?: string | null;
}

export interface ShipmentRequest extends CartContext {
  readonly deliveryGroups: readonly ShipmentGroup[];
}

/**
 * The `OrderDeliveryMethod` rows an in-process provider read to build its options. Attached to
 * an answer, they are what the step resolves the options against instead of reading the methods
 * again (one statement fewer per run). A symbol, so no HTTP or JSON answer can carry it; leave
 * it out unless every option names one of these rows.
 */
export const readDeliveryMethods = Symbol('readDeliveryMethods');

export interface KnownDeliveryMethod {
  readonly id: string;
  readonly reference_number: string | null;
}

export interface ShipmentResponse extends ProviderResult {
  readonly options: readonly DeliveryOption[];
  readonly [readDeliveryMethods]?: readonly KnownDeliveryMethod[];
}

export interface ShipmentProvider {
  quoteDeliveryOptions(request: ShipmentRequest, signal: AbortSignal): Promise<ShipmentResponse>;
}

export const shipmentResponseSchema = providerResultSchema.extend({
  options: z.array(
    z.object({
      cartDeliveryGroupId: z.string(),
      deliveryMethodId: z.string().nullable().optional(),
      referenceNumber: z.string().nullable().optional(),
      name: z.string().min(1).max(255),
      shippingFeeMinor: minorAmount.nonnegative(),
      carrier: z.string().max(255).nullable().optional(),
      classOfService: z.string().max(255).nullable().optional(),
      externalProvider: z.string().max(255).nullable().optional(),
    }),
  ),
});
