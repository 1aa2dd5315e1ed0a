/** Reads a cart with its lines and delivery groups, outside any transaction, for a step to use. */
import type { Kysely, Selectable } from 'kysely';
import { formatQuantity, sumQuantities } from '../../domain/quantity.js';
import type { Database } from '../../records/registry.js';

export type CartRow = Selectable<Database['web_cart']>;
export type CartItemRow = Selectable<Database['cart_item']>;
export type CartDeliveryGroupRow = Selectable<Database['cart_delivery_group']>;

export interface CartSnapshot {
  readonly cart: CartRow;
  readonly items: readonly CartItemRow[];
  readonly deliveryGroups: readonly CartDeliveryGroupRow[];
}

export async function loadCart(db: Kysely<Database>, cartId: string): Promise<CartSnapshot> {
  const cart = await db.selectFrom('web_cart').selectAll().where('id', '=', cartId).executeTakeFirstOrThrow();
  const items = await db.selectFrom('cart_item').selectAll().where('cart_id', '=', cartId).orderBy('id').execute();
  const deliveryGroups = await db
    .selectFrom('cart_delivery_group')
    .selectAll()
    .where('cart_id', '=', cartId)
    .orderBy('id')
    .execute();
  return { cart, items, deliveryGroups };
}

/** The demand for one product across a cart's lines, in ten-thousandths of a unit. */
export interface ProductDemand {
  readonly product2Id: string;
  readonly sku: string | null;
  readonly productName: string;
  readonly quantityTenThousandths: number;
}

/** Product lines summed per product (exactly, range-checked), in first-seen order. */
export function productLines(items: readonly CartItemRow[]): ProductDemand[] {
  const lines = new Map<string, ProductDemand>();
  for (const item of items) {
    if (item.type !== 'Product' || item.product2_id === null) continue;
    const line = lines.get(item.product2_id);
    lines.set(item.product2_id, {
      product2Id: item.product2_id,
      sku: line?.sku ?? item.sku,
      productName: line?.productName ?? item.name,
      quantityTenThousandths: sumQuantities(
        [line?.quantityTenThousandths ?? 0, item.quantity],
        `The quantity of SKU ${item.sku ?? item.name}`,
      ),
    });
  }
  return [...lines.values()];
}

/**
 * The message of an insufficient-stock output: names the SKU, the quantity needed and
 * available (both in ten-thousandths, written as exact decimals).
 */
export function shortfallMessage(
  line: { sku: string | null; productName: string },
  neededTenThousandths: number,
  availableTenThousandths: number,
) {
  const needed = formatQuantity(neededTenThousandths);
  const available = formatQuantity(Math.max(availableTenThousandths, 0));
  return `Insufficient stock for SKU ${line.sku ?? line.productName}: ${needed} needed, ${available} available`;
}
