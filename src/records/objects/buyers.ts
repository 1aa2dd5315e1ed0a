/** Accounts, buyers, buyer groups and stores: who may buy where (SPEC.md section 1). */
import { defineObject } from '../object.js';
import { billingAddress, shippingAddress } from '../address.js';
import { email, flag, integer, picklist, reference, text } from '../fields.js';

export const account = defineObject({
  name: 'Account',
  label: 'Account',
  keyPrefix: '001',
  table: 'account',
  fields: {
    name: text('Name', 255, { required: true }),
    account_number: text('AccountNumber', 40),
    ...billingAddress,
    ...shippingAddress,
  },
});

export const buyerAccount = defineObject({
  name: 'BuyerAccount',
  label: 'Buyer Account',
  keyPrefix: '0XB',
  table: 'buyer_account',
  fields: {
    name: text('Name', 255, { required: true }),
    buyer_id: reference('BuyerId', 'Account', { required: true, createOnly: true }),
    is_active: flag('IsActive', { defaultValue: true }),
    buyer_status: picklist('BuyerStatus', ['Active', 'Inactive']),
  },
  indexes: [{ columns: ['buyer_id'], unique: true }],
});

export const buyerGroup = defineObject({
  name: 'BuyerGroup',
  label: 'Buyer Group',
  keyPrefix: '0ZI',
  table: 'buyer_group',
  fields: {
    name: text('Name', 255, { required: true }),
    description: text('Description', 1000),
  },
});

export const buyerGroupMember = defineObject({
  name: 'BuyerGroupMember',
  label: 'Buyer Group Member',
  keyPrefix: '0ZM',
  table: 'buyer_group_member',
  fields: {
    buyer_group_id: reference('BuyerGroupId', 'BuyerGroup', { required: true, createOnly: true }),
    buyer_id: reference('BuyerId', 'Account', { required: true, createOnly: true }),
  },
  indexes: [{ columns: ['buyer_id', 'buyer_group_id'], unique: true }],
});

export const webStore = defineObject({
  name: 'WebStore',
  label: 'Store',
  keyPrefix: '0ZE',
  table: 'web_store',
  fields: {
    name: text('Name', 255, { required: true }),
    type: picklist('Type', ['B2B', 'B2C'], { defaultValue: 'B2B' }),
    default_currency_iso_code: text('DefaultCurrencyIsoCode', 3, { defaultValue: 'USD' }),
    default_language: text('DefaultLanguage', 10, { defaultValue: 'en_US' }),
    // How long a Draft order holds its stock before the reservation is released (SPEC.md section 3 rule 8).
    reservation_window_minutes: integer('ReservationWindowMinutes', { required: true, defaultValue: 30 }),
    // The API name of the flow that drives this store's checkout; null: the built-in checkout flow.
    checkout_flow_api_name: text('CheckoutFlowApiName', 255),
  },
});

export const webStoreBuyerGroup = defineObject({
  name: 'WebStoreBuyerGroup',
  label: 'Store Buyer Group',
  keyPrefix: '0ZJ',
  table: 'web_store_buyer_group',
  fields: {
    web_store_id: reference('WebStoreId', 'WebStore', { required: true, createOnly: true }),
    buyer_group_id: reference('BuyerGroupId', 'BuyerGroup', { required: true, createOnly: true }),
  },
  indexes: [{ columns: ['buyer_group_id', 'web_store_id'], unique: true }],
});

export const contact = defineObject({
  name: 'Contact',
  label: 'Contact',
  keyPrefix: '003',
  table: 'contact',
  fields: {
    first_name: text('FirstName', 40),
    last_name: text('LastName', 80, { required: true }),
    account_id: reference('AccountId', 'Account'),
    email: email('Email'),
  },
});
