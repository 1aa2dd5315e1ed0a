/** Price books and who they apply to: a store's books and its buyer groups' books (SPEC.md section 7). */
import { defineObject } from '../object.js';
import { currency, flag, integer, reference, text } from '../fields.js';

export const pricebook = defineObject({
  name: 'Pricebook2',
  label: 'Price Book',
  keyPrefix: '01s',
  table: 'pricebook',
  fields: {
    name: text('Name', 255, { required: true }),
    description: text('Description', 255),
    is_active: flag('IsActive', { defaultValue: true }),
  },
});

export const pricebookEntry = defineObject({
  name: 'PricebookEntry',
  label: 'Price Book Entry',
  keyPrefix: '01u',
  table: 'pricebook_entry',
  fields: {
    pricebook2_id: reference('Pricebook2Id', 'Pricebook2', { required: true, createOnly: true }),
    product2_id: reference('Product2Id', 'Product2', { required: true, createOnly: true }),
    unit_price: currency('UnitPrice', { required: true }),
    is_active: flag('IsActive', { defaultValue: true }),
  },
  // One price per book and product: "the price of X in book B" has one answer.
  indexes: [{ columns: ['pricebook2_id', 'product2_id'], unique: true }, { columns: ['product2_id'] }],
});

export const webStorePricebook = defineObject({
  name: 'WebStorePricebook',
  label: 'Store Price Book',
  keyPrefix: '0ZS',
  table: 'web_store_pricebook',
  fields: {
    web_store_id: reference('WebStoreId', 'WebStore', { required: true, createOnly: true }),
    pricebook2_id: reference('Pricebook2Id', 'Pricebook2', { required: true, createOnly: true }),
    is_active: flag('IsActive', { defaultValue: true }),
  },
  indexes: [{ columns: ['web_store_id', 'pricebook2_id'], unique: true }],
});

export const buyerGroupPricebook = defineObject({
  name: 'BuyerGroupPricebook',
  label: 'Buyer Group Price Book',
  keyPrefix: '0ZP',
  table: 'buyer_group_pricebook',
  fields: {
    buyer_group_id: reference('BuyerGroupId', 'BuyerGroup', { required: true, createOnly: true }),
    pricebook2_id: reference('Pricebook2Id', 'Pricebook2', { required: true, createOnly: true }),
    /** Lower number = higher priority: priority 1 beats priority 2. */
    priority: integer('Priority', { required: true, defaultValue: 1 }),
    is_active: flag('IsActive', { defaultValue: true }),
  },
  indexes: [{ columns: ['buyer_group_id', 'pricebook2_id'], unique: true }],
});
