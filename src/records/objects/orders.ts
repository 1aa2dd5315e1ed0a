/** Orders created from carts and the summaries produced at activation. */
import { orderLifeCycleTypes, orderStatuses } from '../../domain/vocabulary.js';
import { billingAddress, deliverToAddress } from '../address.js';
import { defineObject } from '../object.js';
import { currency, date, dateTime, picklist, quantity, reference, text } from '../fields.js';

export const order = defineObject({
  name: 'Order',
  label: 'Order',
  keyPrefix: '801',
  table: 'sales_order',
  isReadOnly: true,
  fields: {
    order_number: text('OrderNumber', 30, { required: true, readOnly: true }),
    account_id: reference('AccountId', 'Account', { required: true }),
    owner_id: reference('OwnerId', 'User', { required: true }),
    sales_store_id: reference('SalesStoreId', 'WebStore'),
    status: picklist('Status', orderStatuses, { required: true }),
    status_code: picklist('StatusCode', orderStatuses, { required: true }),
    effective_date: date('EffectiveDate', { required: true }),
    ordered_date: dateTime('OrderedDate'),
    activated_date: dateTime('ActivatedDate'),
    po_number: text('PoNumber', 80),
    pricebook2_id: reference('Pricebook2Id', 'Pricebook2'),
    currency_iso_code: text('CurrencyIsoCode', 3, { required: true }),
    order_reference_number: text('OrderReferenceNumber', 80),
    ...billingAddress,
    total_amount: currency('TotalAmount', { required: true, defaultValue: 0 }),
    total_tax_amount: currency('TotalTaxAmount', { required: true, defaultValue: 0 }),
    grand_total_amount: currency('GrandTotalAmount', { required: true, defaultValue: 0 }),
    checkout_session_id: reference('CheckoutSessionId', 'CartCheckoutSession', { internal: true }),
    // A Draft order's stock is released after this instant unless it is activated (SPEC.md section 3 rule 8).
    reservation_expires_at: dateTime('ReservationExpiresAt', { internal: true }),
  },
  indexes: [
    // One order per checkout session, whatever retries or races happen (SPEC.md section 4).
    { columns: ['checkout_session_id'], unique: true },
    { columns: ['order_number'], unique: true },
    { columns: ['status', 'reservation_expires_at'] },
  ],
});

export const orderDeliveryGroup = defineObject({
  name: 'OrderDeliveryGroup',
  label: 'Order Delivery Group',
  keyPrefix: '2Dg',
  table: 'order_delivery_group',
  isReadOnly: true,
  fields: {
    order_id: reference('OrderId', 'Order', { required: true }),
    ...deliverToAddress,
    order_delivery_method_id: reference('OrderDeliveryMethodId', 'OrderDeliveryMethod'),
    total_amount: currency('TotalAmount', { required: true, defaultValue: 0 }),
  },
  indexes: [{ columns: ['order_id'] }],
});

export const orderItem = defineObject({
  name: 'OrderItem',
  label: 'Order Product',
  keyPrefix: '802',
  table: 'order_item',
  isReadOnly: true,
  fields: {
    order_id: reference('OrderId', 'Order', { required: true }),
    order_delivery_group_id: reference('OrderDeliveryGroupId', 'OrderDeliveryGroup'),
    product2_id: reference('Product2Id', 'Product2'),
    type: picklist('Type', ['Order Product', 'Delivery Charge'], { required: true }),
    description: text('Description', 255),
    sku: text('Sku', 180),
    quantity: quantity('Quantity', { required: true }),
    list_price: currency('ListPrice'),
    unit_price: currency('UnitPrice', { required: true }),
    total_line_amount: currency('TotalLineAmount', { required: true }),
    total_adjustment_amount: currency('TotalAdjustmentAmount', { required: true, defaultValue: 0 }),
    total_price: currency('TotalPrice', { required: true }),
    total_tax_amount: currency('TotalTaxAmount', { required: true, defaultValue: 0 }),
  },
  indexes: [{ columns: ['order_id'] }],
});

export const orderSummary = defineObject({
  name: 'OrderSummary',
  label: 'Order Summary',
  keyPrefix: '1Os',
  table: 'order_summary',
  isReadOnly: true,
  fields: {
    original_order_id: reference('OriginalOrderId', 'Order', { required: true }),
    account_id: reference('AccountId', 'Account', { required: true }),
    sales_store_id: reference('SalesStoreId', 'WebStore'),
    order_number: text('OrderNumber', 30, { required: true }),
    order_life_cycle_type: picklist('OrderLifeCycleType', orderLifeCycleTypes, { required: true }),
    status: picklist('Status', ['Created', 'Approved', 'Fulfilled', 'Cancelled'], { required: true }),
    ordered_date: dateTime('OrderedDate'),
    currency_iso_code: text('CurrencyIsoCode', 3, { required: true }),
    total_amount: currency('TotalAmount', { required: true }),
    total_tax_amount: currency('TotalTaxAmount', { required: true }),
    grand_total_amount: currency('GrandTotalAmount', { required: true }),
  },
  indexes: [{ columns: ['original_order_id'], unique: true }],
});

export const orderSummaryCreatedEvent = defineObject({
  name: 'OrderSummaryCreatedEvent',
  label: 'Order Summary Created Event',
  keyPrefix: 'e0S',
  table: 'order_summary_created_event',
  isReadOnly: true,
  fields: {
    order_summary_id: reference('OrderSummaryId', 'OrderSummary', { required: true }),
    order_id: reference('OrderId', 'Order', { required: true }),
  },
});
