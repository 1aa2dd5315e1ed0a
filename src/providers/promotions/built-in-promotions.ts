/**
 * The built-in Promotions provider: the store's active `Promotion`s whose window contains now.
 *
 * - A promotion with a `CouponCode` applies only when that code (any letter case) is applied
 *   to the cart; one without applies to every cart of the store.
 * - `Target = Product`: every line of `Product2Id`. Percentage: `DiscountPercent` % of the
 *   line; Amount: `DiscountAmount` off each unit (× quantity).
 * - `Target = Cart`: Percentage of, or Amount off, what the product lines come to after the
 *   product promotions; the engine spreads it over the lines.
 * - All applicable promotions stack, product ones first, in name order; a discount never takes
 *   a line or the cart below zero (it is capped).
 */
import type { Kysely } from 'kysely';
import { multiplyMinor, percentOfMinor } from '../../domain/money.js';
import { toQuantityTenThousandths } from '../../domain/quantity.js';
import type { Database } from '../../records/registry.js';
import type { Adjustment, LineAdjustment, PromotionsProvider } from './promotions-provider.js';

type PromotionRow = {
  id: string;
  name: string;
  discount_type: string;
  discount_percent: number | null;
  discount_amount: number | null;
};

function adjustmentOf(promotion: PromotionRow, discountMinor: number): Adjustment {
  const isPercentage = promotion.discount_type === 'Percentage';
  return {
    promotionId: promotion.id,
    name: promotion.name,
    adjustmentType: isPercentage ? 'AdjustmentPercentage' : 'AdjustmentAmount',
    percent: isPercentage ? (promotion.discount_percent ?? 0) : null,
    amountMinor: discountMinor === 0 ? 0 : -discountMinor,
  };
}

export function builtInPromotions(db: Kysely<Database>): PromotionsProvider {
  return {
    async calculatePromotions({ storeId, couponCodes, lines }) {
      const now = new Date().toISOString();
      const applied = new Set(couponCodes.map((code) => code.toUpperCase()));
      const promotions = (
        await db
          .selectFrom('promotion')
          .selectAll()
          .where('web_store_id', '=', storeId)
          .where('is_active', '=', 1)
          .where((eb) => eb.or([eb('start_date_time', 'is', null), eb('start_date_time', '<=', now)]))
          .where((eb) => eb.or([eb('end_date_time', 'is', null), eb('end_date_time', '>', now)]))
          .orderBy('name')
          .orderBy('id')
          .execute()
      ).filter((promotion) => promotion.coupon_code === null || applied.has(promotion.coupon_code.toUpperCase()));

      const remaining = new Map(lines.map((line) => [line.cartItemId, line.totalLineAmountMinor]));
      const lineAdjustments: LineAdjustment[] = [];
      for (const promotion of promotions.filter((candidate) => candidate.target === 'Product')) {
        for (const line of lines.filter((candidate) => candidate.product2Id === promotion.product2_id)) {
          const wanted =
            promotion.discount_type === 'Percentage'
              ? percentOfMinor(line.totalLineAmountMinor, promotion.discount_percent ?? 0)
              : multiplyMinor(promotion.discount_amount ?? 0, toQuantityTenThousandths(line.quantity));
          const left = remaining.get(line.cartItemId)!;
          const discount = Math.min(Math.max(wanted, 0), left);
          if (discount === 0) continue;
          remaining.set(line.cartItemId, left - discount);
          lineAdjustments.push({ ...adjustmentOf(promotion, discount), cartItemId: line.cartItemId });
        }
      }
      let cartLeft = [...remaining.values()].reduce((sum, amount) => sum + amount, 0);
      const cartAdjustments: Adjustment[] = [];
      for (const promotion of promotions.filter((candidate) => candidate.target === 'Cart')) {
        const wanted =
          promotion.discount_type === 'Percentage'
            ? percentOfMinor(cartLeft, promotion.discount_percent ?? 0)
            : (promotion.discount_amount ?? 0);
        const discount = Math.min(Math.max(wanted, 0), cartLeft);
        if (discount === 0) continue;
        cartLeft -= discount;
        cartAdjustments.push(adjustmentOf(promotion, discount));
      }
      return { status: 'SUCCESS', lineAdjustments, cartAdjustments };
    },
  };
}
