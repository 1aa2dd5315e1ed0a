/** The cart, its lines and delivery groups, and what checkout writes about it. */
import {
  cartStatuses,
  operationStatuses,
  operationTypes,
  validationLevels,
  validationTypes,
} from '../../domain/vocabulary.js';
import { billingAddress, billingGeolocation, deliverToAddress, deliverToGeolocation } from '../address.js';
import { defineObject } from '../object.js';
import { currency, dateTime, flag, integer, picklist, quantity, reference, text, textArea } from '../fields.js';

export const webCart = defineObject({
  name: 'WebCart',
  label: 'Cart',
  keyPrefix: '0a6',
  table: 'web_cart',
  fields: {
    name: text('Name', 255, { required: true }),
    web_store_id: reference('WebStoreId', 'WebStore', { required: true, createOnly: true }),
    account_id: reference('AccountId', 'Account', { required: true, createOnly: true }),
    owner_id: reference('OwnerId', 'User', { required: true }),
    status: picklist('Status', cartStatuses, { required: true, readOnly: true, defaultValue: 'Active' }),
    type: picklist('Type', ['Cart'], { defaultValue: 'Cart' }),
    currency_iso_code: text('CurrencyIsoCode', 3, { required: true, defaultValue: 'USD' }),
    po_number: text('PoNumber', 80),
    ...billingAddress,
    ...billingGeolocation,
    /** The card to charge (SPEC.md section 9); empty for a purchase order. */
    payment_method_id: reference('PaymentMethodId', 'CardPaymentMethod'),
    total_product_amount: currency('TotalProductAmount', { required: true, readOnly: true, defaultValue: 0 }),
    total_charge_amount: currency('TotalChargeAmount', { required: true, readOnly: true, defaultValue: 0 }),
    total_adjustment_amount: currency('TotalAdjustmentAmount', { required: true, readOnly: true, defaultValue: 0 }),
    total_tax_amount: currency('TotalTaxAmount', { required: true, readOnly: true, defaultValue: 0 }),
    grand_total_amount: currency('GrandTotalAmount', { required: true, readOnly: true, defaultValue: 0 }),
    total_product_count: quantity('TotalProductCount', { required: true, readOnly: true, defaultValue: 0 }),
    // Freshness of the shipping and tax results (SPEC.md section 3 rule 7): a change to lines,
    // delivery groups or coupons bumps content_revision; a step records the revision it computed.
    content_revision: integer('ContentRevision', { required: true, internal: true, defaultValue: 0 }),
    shipping_revision: integer('ShippingRevision', { internal: true }),
    tax_revision: integer('TaxRevision', { internal: true }),
  },
});

export const cartDeliveryGroup = defineObject({
  name: 'CartDeliveryGroup',
  label: 'Cart Delivery Group',
  keyPrefix: '0a7',
  table: 'cart_delivery_group',
  fields: {
    cart_id: reference('CartId', 'WebCart', { required: true, createOnly: true }),
    name: text('Name', 255, { required: true }),
    ...deliverToAddress,
    ...deliverToGeolocation,
    delivery_method_id: reference('DeliveryMethodId', 'OrderDeliveryMethod'),
    desired_delivery_date: dateTime('DesiredDeliveryDate'),
    shipping_instructions: textArea('ShippingInstructions', 3000),
  },
  indexes: [{ columns: ['cart_id'] }],
});

export const cartItem = defineObject({
  name: 'CartItem',
  label: 'Cart Item',
  keyPrefix: '0a9',
  table: 'cart_item',
  fields: {
    cart_id: reference('CartId', 'WebCart', { required: true, createOnly: true }),
    cart_delivery_group_id: reference('CartDeliveryGroupId', 'CartDeliveryGroup', { required: true }),
    product2_id: reference('Product2Id', 'Product2'),
    name: text('Name', 255, { required: true }),
    sku: text('Sku', 180),
    type: picklist('Type', ['Product', 'Charge'], { required: true, defaultValue: 'Product' }),
    quantity: quantity('Quantity', { required: true, defaultValue: 1 }),
    list_price: currency('ListPrice'),
    sales_price: currency('SalesPrice'),
    total_list_price: currency('TotalListPrice', { readOnly: true }),
    total_line_amount: currency('TotalLineAmount'),
    total_adjustment_amount: currency('TotalAdjustmentAmount', { required: true, readOnly: true, defaultValue: 0 }),
    total_price: currency('TotalPrice'),
    total_tax_amount: currency('TotalTaxAmount', { required: true, readOnly: true, defaultValue: 0 }),
    // 1 while the line's price was computed by the Price step, or written by an integrator or
    // administrator, after the line last changed (SPEC.md section 3 rule 7).
    is_price_current: flag('IsPriceCurrent', { internal: true }),
  },
  indexes: [{ columns: ['cart_id'] }],
});

export const backgroundOperation = defineObject({
  name: 'BackgroundOperation',
  label: 'Background Operation',
  keyPrefix: '0Bo',
  table: 'background_operation',
  isReadOnly: true,
  fields: {
    name: text('Name', 255, { required: true }),
    type: picklist('Type', operationTypes, { required: true }),
    status: picklist('Status', operationStatuses, { required: true }),
    web_cart_id: reference('WebCartId', 'WebCart'),
    checkout_session_id: reference('CheckoutSessionId', 'CartCheckoutSession'),
    submitted_at: dateTime('SubmittedAt', { required: true }),
    started_at: dateTime('StartedAt'),
    finished_at: dateTime('FinishedAt'),
    /** What anyone who sees the operation may read: a business failure, or a generic message with a ref. */
    error: textArea('Error', 32000),
    /** A system failure's internals (URL, status, exception, stack): integrators and administrators only. */
    error_detail: textArea('ErrorDetail', 32000),
    retry_count: integer('RetryCount', { required: true, defaultValue: 0 }),
    retry_limit: integer('RetryLimit', { required: true, defaultValue: 3 }),
    timeout: integer('Timeout', { required: true, defaultValue: 30000 }),
    /** Host name and process id of the worker: integrators and administrators only. */
    worker_uri: text('WorkerUri', 255),
    parameters: textArea('Parameters', 32000, { internal: true }),
    lease_owner: text('LeaseOwner', 255, { internal: true }),
    lease_expires_at_ms: integer('LeaseExpiresAtMs', { internal: true }),
    run_after_ms: integer('RunAfterMs', { required: true, internal: true, defaultValue: 0 }),
  },
  indexes: [
    // One live (New or Running) operation per cart (DESIGN.md concurrency rule 2).
    { columns: ['web_cart_id'], unique: true, where: "status IN ('New', 'Running') AND web_cart_id IS NOT NULL" },
    { columns: ['status', 'run_after_ms'] },
    { columns: ['checkout_session_id'] },
  ],
});

export const cartCheckoutSession = defineObject({
  name: 'CartCheckoutSession',
  label: 'Cart Checkout Session',
  keyPrefix: '2z9',
  table: 'cart_checkout_session',
  fields: {
    name: text('Name', 255, { required: true }),
    web_cart_id: reference('WebCartId', 'WebCart', { required: true, createOnly: true }),
    state: text('State', 30, { required: true }),
    next_state: text('NextState', 30),
    is_processing: flag('IsProcessing', { readOnly: true }),
    is_error: flag('IsError', { readOnly: true }),
    is_archived: flag('IsArchived', { readOnly: true }),
    background_operation_id: reference('BackgroundOperationId', 'BackgroundOperation', { readOnly: true }),
    order_id: reference('OrderId', 'Order', { readOnly: true }),
    order_reference_number: text('OrderReferenceNumber', 255, { readOnly: true }),
    currency_iso_code: text('CurrencyIsoCode', 3),
  },
  indexes: [
    // One non-archived session per cart (SPEC.md section 2).
    { columns: ['web_cart_id'], unique: true, where: 'is_archived = 0' },
  ],
});

export const cartValidationOutput = defineObject({
  name: 'CartValidationOutput',
  label: 'Cart Validation Output',
  keyPrefix: '0a8',
  table: 'cart_validation_output',
  fields: {
    cart_id: reference('CartId', 'WebCart', { required: true }),
    related_entity_id: reference('RelatedEntityId', 'CartItem'),
    background_operation_id: reference('BackgroundOperationId', 'BackgroundOperation', { readOnly: true }),
    name: text('Name', 255, { required: true }),
    message: textArea('Message', 32000),
    level: picklist('Level', validationLevels, { required: true }),
    type: picklist('Type', validationTypes, { required: true }),
    is_disabled: flag('IsDisabled'),
  },
  indexes: [{ columns: ['cart_id'] }],
});
