/** Products, their stock and the store's integrations (SPEC.md section 7). */
import { serviceProviderTypes } from '../../domain/vocabulary.js';
import { defineObject } from '../object.js';
import { flag, picklist, quantity, reference, text } from '../fields.js';

export const product = defineObject({
  name: 'Product2',
  label: 'Product',
  keyPrefix: '01t',
  table: 'product',
  fields: {
    name: text('Name', 255, { required: true }),
    product_code: text('ProductCode', 255),
    stock_keeping_unit: text('StockKeepingUnit', 180),
    description: text('Description', 4000),
    family: text('Family', 255),
    is_active: flag('IsActive', { defaultValue: true }),
  },
  indexes: [{ columns: ['stock_keeping_unit'], unique: true }],
});

export const productInventory = defineObject({
  name: 'ProductInventory',
  label: 'Product Inventory',
  keyPrefix: '0iv',
  table: 'product_inventory',
  fields: {
    product2_id: reference('Product2Id', 'Product2', { required: true, createOnly: true }),
    quantity_on_hand: quantity('QuantityOnHand', { required: true, defaultValue: 0 }),
    quantity_reserved: quantity('QuantityReserved', { required: true, readOnly: true, defaultValue: 0 }),
    quantity_sold: quantity('QuantitySold', { required: true, readOnly: true, defaultValue: 0 }),
  },
  indexes: [{ columns: ['product2_id'], unique: true }],
});

export const storeIntegratedService = defineObject({
  name: 'StoreIntegratedService',
  label: 'Store Integrated Service',
  keyPrefix: '0Pu',
  table: 'store_integrated_service',
  fields: {
    store_id: reference('StoreId', 'WebStore', { required: true }),
    service_provider_type: picklist('ServiceProviderType', serviceProviderTypes, { required: true }),
    integration: text('Integration', 255, { required: true }),
  },
  indexes: [{ columns: ['store_id', 'service_provider_type'], unique: true }],
});
