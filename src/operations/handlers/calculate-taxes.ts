/**
 * CalculateTaxes: the store's Tax provider taxes every priced line (products and shipping
 * charges) on its amount after discounts, by its delivery group's address. Each tax becomes a
 * `CartTax` row; a run replaces the earlier ones, and the lines' and cart's TotalTaxAmount are
 * their sums. An unpriced product line is an Error output.
 */
import { fromQuantityTenThousandths } from '../../domain/quantity.js';
import { nowIso } from '../../store/clock.js';
import { insertRecords } from '../../store/insert-record.js';
import { parseProviderResponse } from '../../providers/provider-result.js';
import { providerFor } from '../../providers/providers.js';
import { taxResponseSchema, type TaxLine } from '../../providers/tax/tax-provider.js';
import { clearTaxes } from '../clear-cart-outputs.js';
import type { OperationHandler } from '../operation-handler.js';
import { recomputeCartTotals } from '../recompute-cart-totals.js';
import type { ValidationMessage } from '../step-outcome.js';
import { loadStepCart } from './load-cart.js';
import { assertKnownItems, cartContextOf, deliverToOf, providerOutputs } from './provider-outputs.js';

export const calculateTaxes: OperationHandler = {
  type: 'CalculateTaxes',
  validationType: 'Taxes',
  async run({ store, providers, actorId, signal }, operation) {
    const { cart, items, deliveryGroups, integration } = await loadStepCart(store.db, operation.web_cart_id!, 'Tax');
    const unpriced: ValidationMessage[] = items
      .filter((item) => item.total_line_amount === null)
      .map((item) => ({
        level: 'Error',
        type: 'Taxes',
        message: `SKU ${item.sku ?? item.name} has no price yet: price the cart before calculating taxes`,
        relatedEntityId: item.id,
      }));
    if (unpriced.length > 0) return { outputs: unpriced };
    const groupOf = new Map(deliveryGroups.map((group) => [group.id, group]));
    const lines: TaxLine[] = items.map((item) => ({
      cartItemId: item.id,
      type: item.type === 'Charge' ? 'Charge' : 'Product',
      product2Id: item.product2_id,
      sku: item.sku,
      quantity: fromQuantityTenThousandths(item.quantity),
      taxableAmountMinor: item.total_line_amount! + item.total_adjustment_amount,
      deliverTo: deliverToOf(groupOf.get(item.cart_delivery_group_id)),
    }));
    const provider = await providerFor(providers, cart.web_store_id, 'Tax', integration);
    const response = parseProviderResponse(
      taxResponseSchema,
      await provider.calculateTaxes({ ...cartContextOf(cart), lines }, signal),
      'Tax',
    );
    assertKnownItems(
      response.taxes.map((tax) => tax.cartItemId),
      new Set(lines.map((line) => line.cartItemId)),
      'Tax',
    );
    const calculatedAt = nowIso();
    return {
      outputs: providerOutputs(response, 'Taxes', 'Tax'),
      async apply(trx) {
        await clearTaxes(trx, cart.id);
        await insertRecords(
          trx,
          'cartTax',
          response.taxes.map((tax) => ({
            cart_id: cart.id,
            cart_item_id: tax.cartItemId,
            name: tax.name,
            amount: tax.amountMinor,
            tax_rate: tax.ratePercent,
            tax_type: tax.taxType ?? 'Actual',
            tax_calculation_date: calculatedAt,
          })),
          actorId,
        );
        await recomputeCartTotals(trx, cart.id, actorId, { taxRevision: cart.content_revision });
      },
    };
  },
};
