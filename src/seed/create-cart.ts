/** Creates an Active cart with one delivery group and the given product lines, priced or not yet. */
import type { Kysely } from 'kysely';
import { cartTotalsOf } from '../domain/cart-totals.js';
import { multiplyMinor } from '../domain/money.js';
import { toQuantityTenThousandths } from '../domain/quantity.js';
import type { Database } from '../records/registry.js';
import { insertRecord, insertRecords } from '../store/insert-record.js';
import type { SeededBuyer, SeededProduct } from './seed-store.js';

export interface CartLine {
  readonly product: SeededProduct;
  /** In units, as a buyer writes it (2.5); stored as ten-thousandths. */
  readonly quantity: number;
}

export interface CreatedCart {
  readonly cartId: string;
  readonly deliveryGroupId: string;
  readonly itemIds: readonly string[];
}

export interface CartOptions {
  /**
   * true (default): lines carry their seed prices and the cart its totals, as if priced.
   * false: lines have no price yet; the checkout's price step (priceCart) sets them.
   */
  readonly isPriced?: boolean;
}

export async function createCart(
  db: Kysely<Database>,
  storeId: string,
  buyer: SeededBuyer,
  lines: readonly CartLine[],
  options: CartOptions = {},
): Promise<CreatedCart> {
  const isPriced = options.isPriced ?? true;
  const cartId = await insertRecord(
    db,
    'webCart',
    {
      name: 'Cart',
      web_store_id: storeId,
      account_id: buyer.accountId,
      owner_id: buyer.userId,
      po_number: 'PO-1001',
      billing_street: '1 Market St',
      billing_city: 'San Francisco',
      billing_state: 'CA',
      billing_postal_code: '94105',
      billing_country: 'US',
    },
    buyer.userId,
  );
  const deliveryGroupId = await insertRecord(
    db,
    'cartDeliveryGroup',
    {
      cart_id: cartId,
      name: 'Default Delivery',
      deliver_to_name: 'Receiving Dock',
      deliver_to_street: '1 Market St',
      deliver_to_city: 'San Francisco',
      deliver_to_state: 'CA',
      deliver_to_postal_code: '94105',
      deliver_to_country: 'US',
    },
    buyer.userId,
  );
  const itemIds = await insertRecords(
    db,
    'cartItem',
    lines.map(({ product, quantity: units }) => {
      const quantity = toQuantityTenThousandths(units);
      const line = {
        cart_id: cartId,
        cart_delivery_group_id: deliveryGroupId,
        product2_id: product.id,
        name: product.name,
        sku: product.sku,
        type: 'Product',
        quantity,
      };
      if (!isPriced) return line;
      const total = multiplyMinor(product.priceMinor, quantity);
      return {
        ...line,
        list_price: product.priceMinor,
        sales_price: product.priceMinor,
        total_list_price: total,
        total_line_amount: total,
        total_price: total,
        is_price_current: 1,
      };
    }),
    buyer.userId,
  );
  if (isPriced) {
    const totals = cartTotalsOf(
      lines.map(({ product, quantity }) => ({
        type: 'Product',
        quantity: toQuantityTenThousandths(quantity),
        totalLineAmount: multiplyMinor(product.priceMinor, toQuantityTenThousandths(quantity)),
        totalAdjustmentAmount: 0,
        totalTaxAmount: 0,
      })),
    );
    await db
      .updateTable('web_cart')
      .set({
        total_product_amount: totals.totalProductAmount,
        grand_total_amount: totals.grandTotalAmount,
        total_product_count: totals.totalProductCount,
      })
      .where('id', '=', cartId)
      .execute();
  }
  return { cartId, deliveryGroupId, itemIds };
}
