/**
 * CalculatePromotions: the store's Promotions provider discounts the priced cart. Line
 * adjustments become `CartItemPriceAdjustment` rows; a cart adjustment becomes a
 * `WebCartAdjustmentGroup` spread exactly over the product lines, in proportion to what is
 * left of each (largest remainder, so the shares add up to the cent). Every run replaces the
 * earlier adjustments and voids the taxes computed on them. An unpriced line is an Error
 * output; a provider discount larger than what it discounts is a system failure.
 */
import { fromQuantityTenThousandths } from '../../domain/quantity.js';
import { allocateMinor } from '../../domain/money.js';
import { generateId } from '../../records/ids.js';
import { objects } from '../../records/registry.js';
import { parseProviderResponse } from '../../providers/provider-result.js';
import { promotionResponseSchema, type PromotionLine } from '../../providers/promotions/promotions-provider.js';
import { providerFor } from '../../providers/providers.js';
import { insertRecords, type NewRecord } from '../../store/insert-record.js';
import { clearAdjustments, clearTaxes } from '../clear-cart-outputs.js';
import type { OperationHandler } from '../operation-handler.js';
import { recomputeCartTotals } from '../recompute-cart-totals.js';
import type { ValidationMessage } from '../step-outcome.js';
import { loadStepCart } from './load-cart.js';
import { assertKnownItems, cartContextOf, providerOutputs } from './provider-outputs.js';

export const calculatePromotions: OperationHandler = {
  type: 'CalculatePromotions',
  validationType: 'Promotions',
  async run({ store, providers, actorId, signal }, operation) {
    const { cart, items, integration } = await loadStepCart(store.db, operation.web_cart_id!, 'Promotions');
    const productItems = items.filter((item) => item.type === 'Product' && item.product2_id !== null);
    const unpriced: ValidationMessage[] = productItems
      .filter((item) => item.total_line_amount === null)
      .map((item) => ({
        level: 'Error',
        type: 'Promotions',
        message: `SKU ${item.sku ?? item.name} has no price yet: price the cart before calculating promotions`,
        relatedEntityId: item.id,
      }));
    if (unpriced.length > 0) return { outputs: unpriced };
    const lines: PromotionLine[] = productItems.map((item) => ({
      cartItemId: item.id,
      product2Id: item.product2_id!,
      sku: item.sku,
      quantity: fromQuantityTenThousandths(item.quantity),
      totalLineAmountMinor: item.total_line_amount!,
    }));
    const coupons = await store.db
      .selectFrom('cart_coupon')
      .select('coupon_code')
      .where('web_cart_id', '=', cart.id)
      .orderBy('coupon_code')
      .execute();
    const provider = await providerFor(providers, cart.web_store_id, 'Promotions', integration);
    const request = { ...cartContextOf(cart), couponCodes: coupons.map((row) => row.coupon_code), lines };
    const response = parseProviderResponse(
      promotionResponseSchema,
      await provider.calculatePromotions(request, signal),
      'Promotions',
    );
    assertKnownItems(
      response.lineAdjustments.map((adjustment) => adjustment.cartItemId),
      new Set(lines.map((line) => line.cartItemId)),
      'Promotions',
    );

    const remaining = new Map(lines.map((line) => [line.cartItemId, line.totalLineAmountMinor]));
    const itemRows: NewRecord<'cartItemPriceAdjustment'>[] = [];
    const groupRows: NewRecord<'webCartAdjustmentGroup'>[] = [];
    const common = (adjustment: (typeof response.cartAdjustments)[number]) => ({
      web_cart_id: cart.id,
      name: adjustment.name,
      price_adjustment_cause_id: adjustment.promotionId,
      adjustment_type: adjustment.adjustmentType,
      adjustment_value: adjustment.percent,
    });
    for (const adjustment of response.lineAdjustments) {
      const left = remaining.get(adjustment.cartItemId)! + adjustment.amountMinor;
      if (left < 0) throw new Error(`The Promotions provider discounted cart item ${adjustment.cartItemId} below zero`);
      remaining.set(adjustment.cartItemId, left);
      itemRows.push({
        ...common(adjustment),
        cart_item_id: adjustment.cartItemId,
        total_amount: adjustment.amountMinor,
      });
    }
    for (const adjustment of response.cartAdjustments) {
      const weights = lines.map((line) => remaining.get(line.cartItemId)!);
      if (-adjustment.amountMinor > weights.reduce((sum, weight) => sum + weight, 0)) {
        throw new Error(`The Promotions provider discounted the cart below zero (${adjustment.name})`);
      }
      const groupId = generateId(objects.webCartAdjustmentGroup.keyPrefix);
      groupRows.push({ ...common(adjustment), id: groupId, total_amount: adjustment.amountMinor });
      allocateMinor(adjustment.amountMinor, weights).forEach((share, index) => {
        const line = lines[index]!;
        if (share === 0) return;
        remaining.set(line.cartItemId, remaining.get(line.cartItemId)! + share);
        itemRows.push({
          ...common(adjustment),
          cart_item_id: line.cartItemId,
          web_cart_adjustment_group_id: groupId,
          total_amount: share,
        });
      });
    }
    return {
      outputs: providerOutputs(response, 'Promotions', 'Promotions'),
      async apply(trx) {
        await clearAdjustments(trx, cart.id);
        await insertRecords(trx, 'webCartAdjustmentGroup', groupRows, actorId);
        await insertRecords(trx, 'cartItemPriceAdjustment', itemRows, actorId);
        await clearTaxes(trx, cart.id);
        await recomputeCartTotals(trx, cart.id, actorId, { taxRevision: null });
      },
    };
  },
};
