/**
 * PriceCart: the store's Price provider prices every product line; the step writes ListPrice,
 * SalesPrice, TotalListPrice, TotalLineAmount and TotalPrice. A line left without a price is an
 * Error output (type Pricing) and fails the step, and so is a line whose total (unit price ×
 * quantity, exact) falls outside the range of amounts: nothing inexact is stored. New prices
 * void earlier discounts and taxes.
 */
import { sql, type Kysely } from 'kysely';
import { isCheckoutError } from '../../domain/errors.js';
import { multiplyMinor } from '../../domain/money.js';
import { fromQuantityTenThousandths } from '../../domain/quantity.js';
import { parseProviderResponse } from '../../providers/provider-result.js';
import { priceResponseSchema, type PriceLine } from '../../providers/price/price-provider.js';
import { providerFor } from '../../providers/providers.js';
import type { Database } from '../../records/registry.js';
import { touched } from '../../store/insert-record.js';
import { chunkRows, rowsPerList, valuesList } from '../../store/values-list.js';
import { clearAdjustments, clearTaxes } from '../clear-cart-outputs.js';
import type { OperationHandler } from '../operation-handler.js';
import { recomputeCartTotals } from '../recompute-cart-totals.js';
import { loadStepCart } from './load-cart.js';
import { assertKnownItems, cartContextOf, providerOutputs } from './provider-outputs.js';

const priceColumns = {
  id: 'text',
  list_price: 'bigint',
  sales_price: 'bigint',
  total_list_price: 'bigint',
  total_line_amount: 'bigint',
} as const;

/** Every line's prices in one set-based update (a statement per several thousand lines). */
async function writeLinePrices(
  trx: Kysely<Database>,
  cartId: string,
  lines: readonly { [K in keyof typeof priceColumns]: K extends 'id' ? string : number }[],
  actorId: string,
): Promise<void> {
  const audit = touched(actorId);
  for (const chunk of chunkRows(lines, rowsPerList(priceColumns))) {
    await sql`
      with ${valuesList('v', priceColumns, chunk)}
      update cart_item set
        list_price = v.list_price, sales_price = v.sales_price, total_list_price = v.total_list_price,
        total_line_amount = v.total_line_amount, is_price_current = 1,
        last_modified_date = ${audit.last_modified_date}, last_modified_by_id = ${audit.last_modified_by_id},
        system_modstamp = ${audit.system_modstamp}
      from v
      where cart_item.id = v.id and cart_item.cart_id = ${cartId}`.execute(trx);
  }
}

export const priceCart: OperationHandler = {
  type: 'PriceCart',
  validationType: 'Pricing',
  async run({ store, providers, actorId, signal }, operation) {
    const { cart, items, integration } = await loadStepCart(store.db, operation.web_cart_id!, 'Price');
    const productItems = items.filter((item) => item.type === 'Product');
    const lines: PriceLine[] = productItems.flatMap((item) =>
      item.product2_id === null
        ? []
        : [
            {
              cartItemId: item.id,
              product2Id: item.product2_id,
              sku: item.sku,
              quantity: fromQuantityTenThousandths(item.quantity),
            },
          ],
    );
    const provider = await providerFor(providers, cart.web_store_id, 'Price', integration);
    const response = parseProviderResponse(
      priceResponseSchema,
      await provider.priceLines({ ...cartContextOf(cart), lines }, signal),
      'Price',
    );
    assertKnownItems(
      response.prices.map((price) => price.cartItemId),
      new Set(productItems.map((item) => item.id)),
      'Price',
    );
    const priceOf = new Map(response.prices.map((price) => [price.cartItemId, price]));
    const outputs = providerOutputs(response, 'Pricing', 'Price');
    const totals = new Map<string, { totalListPrice: number; totalLineAmount: number }>();
    for (const item of productItems) {
      const price = priceOf.get(item.id);
      if (price === undefined) {
        outputs.push({
          level: 'Error',
          type: 'Pricing',
          message: `No price for SKU ${item.sku ?? item.name} for this buyer`,
          relatedEntityId: item.id,
        });
        continue;
      }
      try {
        totals.set(item.id, {
          totalListPrice: multiplyMinor(price.listPriceMinor, item.quantity),
          totalLineAmount: multiplyMinor(price.salesPriceMinor, item.quantity),
        });
      } catch (error) {
        if (!isCheckoutError(error)) throw error;
        outputs.push({
          level: 'Error',
          type: 'Pricing',
          message: `SKU ${item.sku ?? item.name}: the line total ${error.message}`,
          relatedEntityId: item.id,
        });
      }
    }
    return {
      outputs,
      async apply(trx) {
        const lines = productItems.map((item) => {
          const price = priceOf.get(item.id)!;
          const total = totals.get(item.id)!;
          return {
            id: item.id,
            list_price: price.listPriceMinor,
            sales_price: price.salesPriceMinor,
            total_list_price: total.totalListPrice,
            total_line_amount: total.totalLineAmount,
          };
        });
        await writeLinePrices(trx, cart.id, lines, actorId);
        await clearAdjustments(trx, cart.id);
        await clearTaxes(trx, cart.id);
        await recomputeCartTotals(trx, cart.id, actorId, { taxRevision: null });
      },
    };
  },
};
