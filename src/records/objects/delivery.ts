/** Delivery methods and the options a shipment calculation offers a cart's delivery groups. */
import { defineObject } from '../object.js';
import { currency, flag, reference, text } from '../fields.js';

/**
 * In Salesforce an OrderDeliveryMethod is org-wide. Here `WebStoreId` is optional: empty means
 * every store offers the method, set means only that store does
 * (docs/decisions/0006-checkout-pricing-steps.md). `ShippingFee` is the built-in Shipment
 * provider's flat fee per delivery group.
 */
export const orderDeliveryMethod = defineObject({
  name: 'OrderDeliveryMethod',
  label: 'Order Delivery Method',
  keyPrefix: '2Dm',
  table: 'order_delivery_method',
  fields: {
    name: text('Name', 255, { required: true }),
    web_store_id: reference('WebStoreId', 'WebStore'),
    product_id: reference('ProductId', 'Product2'),
    carrier: text('Carrier', 255),
    class_of_service: text('ClassOfService', 255),
    reference_number: text('ReferenceNumber', 255),
    description: text('Description', 1000),
    shipping_fee: currency('ShippingFee', { required: true, defaultValue: 0 }),
    is_active: flag('IsActive', { defaultValue: true }),
  },
  indexes: [{ columns: ['reference_number'] }],
});

export const cartDeliveryGroupMethod = defineObject({
  name: 'CartDeliveryGroupMethod',
  label: 'Cart Delivery Group Method',
  keyPrefix: '2CM',
  table: 'cart_delivery_group_method',
  isReadOnly: true,
  fields: {
    web_cart_id: reference('WebCartId', 'WebCart', { required: true }),
    cart_delivery_group_id: reference('CartDeliveryGroupId', 'CartDeliveryGroup', { required: true }),
    delivery_method_id: reference('DeliveryMethodId', 'OrderDeliveryMethod', { required: true }),
    name: text('Name', 255, { required: true }),
    shipping_fee: currency('ShippingFee', { required: true }),
    carrier: text('Carrier', 255),
    class_of_service: text('ClassOfService', 255),
    external_provider: text('ExternalProvider', 255),
  },
  indexes: [{ columns: ['web_cart_id'] }, { columns: ['cart_delivery_group_id', 'delivery_method_id'], unique: true }],
});
