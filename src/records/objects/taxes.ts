/** Tax rates by place, and the taxes a tax calculation writes on a cart's lines. */
import { taxTypes } from '../../domain/vocabulary.js';
import { defineObject } from '../object.js';
import { currency, dateTime, decimal, flag, picklist, reference, text } from '../fields.js';

/** A rate for a country, or for one state of it (a state rate beats the country rate). */
export const taxRate = defineObject({
  name: 'TaxRate',
  label: 'Tax Rate',
  keyPrefix: '0TR',
  table: 'tax_rate',
  fields: {
    name: text('Name', 255, { required: true }),
    country: text('Country', 80, { required: true }),
    state: text('State', 80),
    /** Percent: 8.25 means 8.25 %. */
    rate: decimal('Rate', { required: true }),
    is_active: flag('IsActive', { defaultValue: true }),
  },
  indexes: [{ columns: ['country', 'state'] }],
});

export const cartTax = defineObject({
  name: 'CartTax',
  label: 'Cart Tax',
  keyPrefix: '0aT',
  table: 'cart_tax',
  isReadOnly: true,
  fields: {
    cart_id: reference('CartId', 'WebCart', { required: true }),
    cart_item_id: reference('CartItemId', 'CartItem', { required: true }),
    name: text('Name', 255, { required: true }),
    amount: currency('Amount', { required: true }),
    /** Percent, as the provider reported it. */
    tax_rate: decimal('TaxRate'),
    tax_type: picklist('TaxType', taxTypes, { required: true, defaultValue: 'Actual' }),
    tax_calculation_date: dateTime('TaxCalculationDate'),
  },
  indexes: [{ columns: ['cart_id'] }, { columns: ['cart_item_id'] }],
});
