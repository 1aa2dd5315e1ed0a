/** Promotions, the coupon codes applied to a cart, and the adjustments promotions write. */
import { discountTypes, promotionTargets } from '../../domain/vocabulary.js';
import { defineObject } from '../object.js';
import { currency, dateTime, decimal, flag, picklist, reference, text } from '../fields.js';

export const promotion = defineObject({
  name: 'Promotion',
  label: 'Promotion',
  keyPrefix: '0c8',
  table: 'promotion',
  fields: {
    name: text('Name', 255, { required: true }),
    web_store_id: reference('WebStoreId', 'WebStore', { required: true }),
    discount_type: picklist('DiscountType', discountTypes, { required: true }),
    // Two fields rather than one "value": a percentage is a plain decimal, an amount is money
    // and must stay in exact minor units (docs/decisions/0006-checkout-pricing-steps.md).
    discount_percent: decimal('DiscountPercent'),
    discount_amount: currency('DiscountAmount'),
    target: picklist('Target', promotionTargets, { required: true }),
    product2_id: reference('Product2Id', 'Product2'),
    coupon_code: text('CouponCode', 80),
    start_date_time: dateTime('StartDateTime'),
    end_date_time: dateTime('EndDateTime'),
    is_active: flag('IsActive', { defaultValue: true }),
  },
  indexes: [{ columns: ['web_store_id'] }],
});

export const cartCoupon = defineObject({
  name: 'CartCoupon',
  label: 'Cart Coupon',
  keyPrefix: '0cC',
  table: 'cart_coupon',
  fields: {
    web_cart_id: reference('WebCartId', 'WebCart', { required: true, createOnly: true }),
    coupon_code: text('CouponCode', 80, { required: true, createOnly: true }),
  },
  indexes: [{ columns: ['web_cart_id', 'coupon_code'], unique: true }],
});

const adjustmentTypes = ['AdjustmentPercentage', 'AdjustmentAmount'] as const;

/** A cart-level discount; its amount is spread over the product lines as item adjustments. */
export const webCartAdjustmentGroup = defineObject({
  name: 'WebCartAdjustmentGroup',
  label: 'Cart Adjustment Group',
  keyPrefix: '0aG',
  table: 'web_cart_adjustment_group',
  isReadOnly: true,
  fields: {
    web_cart_id: reference('WebCartId', 'WebCart', { required: true }),
    name: text('Name', 255, { required: true }),
    price_adjustment_cause_id: reference('PriceAdjustmentCauseId', 'Promotion'),
    adjustment_source: picklist('AdjustmentSource', ['Promotion'], { required: true, defaultValue: 'Promotion' }),
    adjustment_type: picklist('AdjustmentType', adjustmentTypes, { required: true }),
    /** The percentage of an AdjustmentPercentage; empty for an amount (TotalAmount says it). */
    adjustment_value: decimal('AdjustmentValue'),
    /** Negative: a discount lowers the cart total. */
    total_amount: currency('TotalAmount', { required: true }),
  },
  indexes: [{ columns: ['web_cart_id'] }],
});

export const cartItemPriceAdjustment = defineObject({
  name: 'CartItemPriceAdjustment',
  label: 'Cart Item Price Adjustment',
  keyPrefix: '0aB',
  table: 'cart_item_price_adjustment',
  isReadOnly: true,
  fields: {
    cart_item_id: reference('CartItemId', 'CartItem', { required: true }),
    web_cart_id: reference('WebCartId', 'WebCart', { required: true }),
    web_cart_adjustment_group_id: reference('WebCartAdjustmentGroupId', 'WebCartAdjustmentGroup'),
    name: text('Name', 255, { required: true }),
    price_adjustment_cause_id: reference('PriceAdjustmentCauseId', 'Promotion'),
    adjustment_source: picklist('AdjustmentSource', ['Promotion'], { required: true, defaultValue: 'Promotion' }),
    adjustment_type: picklist('AdjustmentType', adjustmentTypes, { required: true }),
    /** The percentage of an AdjustmentPercentage; empty for an amount (TotalAmount says it). */
    adjustment_value: decimal('AdjustmentValue'),
    /** Negative: a discount lowers the line's TotalPrice. */
    total_amount: currency('TotalAmount', { required: true }),
  },
  indexes: [{ columns: ['web_cart_id'] }, { columns: ['cart_item_id'] }],
});
