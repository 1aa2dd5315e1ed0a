/**
 * The Promotions service: the discounts that apply to a priced cart.
 *
 * Implementers: `calculatePromotions` only reads and may run any number of times for the same
 * cart; its answer replaces every earlier adjustment. Amounts are discounts, so they are zero
 * or negative. A line adjustment must not take its line below zero; a cart adjustment is
 * spread by the engine over the product lines in proportion to what is left of each, so it
 * must not exceed that. Coupon codes are the ones applied to the cart (`CartCoupon`); apply a
 * coupon-only promotion only when its code is among them. Status, messages, throws and time
 * limits as for the Price service.
 */
import { z } from 'zod';
import { minorAmount, providerResultSchema, type CartContext, type ProviderResult } from '../provider-result.js';

export interface PromotionLine {
  readonly cartItemId: string;
  readonly product2Id: string;
  readonly sku: string | null;
  readonly quantity: number;
  /** Sales price × quantity, before any discount. */
  readonly totalLineAmountMinor: number;
}

export type AdjustmentType = 'AdjustmentPercentage' | 'AdjustmentAmount';

export interface Adjustment {
  /** The Promotion record behind it, when there is one. */
  readonly promotionId: string | null;
  readonly name: string;
  readonly adjustmentType: AdjustmentType;
  /** The percentage of an AdjustmentPercentage; null for an amount. */
  readonly percent: number | null;
  /** ≤ 0. */
  readonly amountMinor: number;
}

export interface LineAdjustment extends Adjustment {
  readonly cartItemId: string;
}

export interface PromotionRequest extends CartContext {
  readonly couponCodes: readonly string[];
  readonly lines: readonly PromotionLine[];
}

export interface PromotionResponse extends ProviderResult {
  readonly lineAdjustments: readonly LineAdjustment[];
  readonly cartAdjustments: readonly Adjustment[];
}

export interface PromotionsProvider {
  calculatePromotions(request: PromotionRequest, signal: AbortSignal): Promise<PromotionResponse>;
}

const adjustmentSchema = z.object({
  promotionId: z.string().nullable(),
  name: z.string().min(1).max(255),
  adjustmentType: z.enum(['AdjustmentPercentage', 'AdjustmentAmount']),
  percent: z.number().nullable(),
  amountMinor: minorAmount.nonpositive(),
});

export const promotionResponseSchema = providerResultSchema.extend({
  lineAdjustments: z.array(adjustmentSchema.extend({ cartItemId: z.string() })),
  cartAdjustments: z.array(adjustmentSchema),
});
