/**
 * Who may write which field (SPEC.md section 6, "Field-level rules"). One table for buyers;
 * administrators and integrators write every field the registry marks createable/updateable
 * (as a pricing or tax integration does in Salesforce). The sObject API enforces it on every
 * write and `describe` reports it for the caller, from the same function.
 *
 * Money is never the buyer's to write: prices, totals, adjustments, charges, taxes, statuses,
 * ownership and delivery choices come from the steps (or an integrator or administrator), and
 * payment authorizations from the engine alone (a read-only object). A
 * buyer's write naming such a field is refused with INVALID_FIELD_FOR_INSERT_UPDATE, before
 * anything is stored.
 */
import { FieldValueError, type WriteMode } from '../records/from-api-values.js';
import type { ObjectDef } from '../records/object.js';
import { isInternalCaller, type Caller } from './caller.js';

const billing = [
  'billing_street',
  'billing_city',
  'billing_state',
  'billing_postal_code',
  'billing_country',
  'billing_geocode_accuracy',
  'billing_latitude',
  'billing_longitude',
];
const deliverTo = [
  'deliver_to_name',
  'deliver_to_street',
  'deliver_to_city',
  'deliver_to_state',
  'deliver_to_postal_code',
  'deliver_to_country',
  'deliver_to_geocode_accuracy',
  'deliver_to_latitude',
  'deliver_to_longitude',
];
const address = ['address_type', 'is_default', 'name', 'street', 'city', 'state', 'postal_code', 'country'];
const geolocation = ['geocode_accuracy', 'latitude', 'longitude'];
const card = ['nick_name', 'card_holder_name', 'expiry_month', 'expiry_year'];

interface BuyerFields {
  readonly create: readonly string[];
  readonly update: readonly string[];
}

/** Columns a buyer may write, by object. Objects not listed: none (record-visibility.ts decides the objects). */
const buyerWritableFields: Readonly<Record<string, BuyerFields>> = {
  WebCart: {
    create: ['name', 'web_store_id', 'account_id', 'type', 'po_number', 'payment_method_id', ...billing],
    update: ['name', 'po_number', 'payment_method_id', ...billing],
  },
  CartItem: {
    create: ['cart_id', 'cart_delivery_group_id', 'product2_id', 'sku', 'name', 'quantity', 'type'],
    update: ['cart_delivery_group_id', 'product2_id', 'sku', 'name', 'quantity'],
  },
  CartDeliveryGroup: {
    create: ['cart_id', 'name', ...deliverTo, 'shipping_instructions', 'desired_delivery_date'],
    update: ['name', ...deliverTo, 'shipping_instructions', 'desired_delivery_date'],
  },
  CartCoupon: { create: ['web_cart_id', 'coupon_code'], update: [] },
  // The account is checked as a visible reference (record-visibility.ts): the buyer's own.
  ContactPointAddress: { create: ['parent_id', ...address, ...geolocation], update: [...address, ...geolocation] },
  CardPaymentMethod: {
    create: ['account_id', 'gateway_token', 'card_type', 'card_last_four', 'display_card_number', ...card],
    update: [...card, 'status'],
  },
  // Through the state machine only (SPEC.md section 3 rule 5; src/http/write-record.ts).
  CartCheckoutSession: { create: [], update: ['state', 'next_state'] },
};

/** Whether the caller may write this column of the object in this mode (the registry's flags first). */
export function mayWriteField(caller: Caller, definition: ObjectDef, column: string, mode: WriteMode): boolean {
  const field = definition.fields[column];
  if (field === undefined || definition.isReadOnly === true) return false;
  if (!(mode === 'create' ? field.createable : field.updateable)) return false;
  if (isInternalCaller(caller)) return true;
  return buyerWritableFields[definition.name]?.[mode].includes(column) ?? false;
}

/**
 * Refuses the first column of `values` the caller may not write, and values a buyer may not
 * choose (a buyer's cart line is a product, never a charge).
 */
export function assertWritableFields(
  caller: Caller,
  definition: ObjectDef,
  values: Readonly<Record<string, unknown>>,
  mode: WriteMode,
): void {
  for (const column of Object.keys(values)) {
    if (mayWriteField(caller, definition, column, mode)) continue;
    const apiName = definition.fields[column]?.apiName ?? column;
    throw new FieldValueError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to ${mode} field ${apiName}: you don't have permission to write it`,
      [apiName],
    );
  }
  if (!isInternalCaller(caller) && definition.name === 'CartItem' && 'type' in values && values.type !== 'Product') {
    throw new FieldValueError('INVALID_FIELD_FOR_INSERT_UPDATE', 'A buyer may add only Product lines to a cart', [
      'Type',
    ]);
  }
}
