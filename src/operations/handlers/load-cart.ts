/** Reads a cart with its lines and delivery groups, outside any transaction, for a step to use. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../records/registry.js';
import type { InventoryLine } from '../../providers/inventory/inventory-provider.js';

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

/** Product lines summed per product, in first-seen order. */
export function productLines(items: readonly CartItemRow[]): InventoryLine[] {
  const lines = new Map<string, { product2Id: string; sku: string | null; productName: string; quantity: number }>();
  for (const item of items) {
    if (item.type !== 'Product' || item.product2_id === null) continue;
    const line = lines.get(item.product2_id);
    if (line === undefined) {
      lines.set(item.product2_id, {
        product2Id: item.product2_id,
        sku: item.sku,
        productName: item.name,
        quantity: item.quantity,
      });
    } else {
      line.quantity += item.quantity;
    }
  }
  return [...lines.values()];
}

/** The message of an insufficient-stock output: names the SKU, the quantity needed and available. */
export function shortfallMessage(line: { sku: string | null; productName: string }, needed: number, available: number) {
  return `Insufficient stock for SKU ${line.sku ?? line.productName}: ${needed} needed, ${Math.max(available, 0)} available`;
}
