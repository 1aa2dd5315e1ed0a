/** The built-in Inventory provider: stock levels from `ProductInventory` (on hand − reserved). */
import type { Kysely } from 'kysely';
import { fromQuantityTenThousandths } from '../../domain/quantity.js';
import type { Database } from '../../records/registry.js';
import type { InventoryProvider } from './inventory-provider.js';

export function builtInInventory(db: Kysely<Database>): InventoryProvider {
  return {
    async checkAvailability({ lines }) {
      const productIds = lines.map((line) => line.product2Id);
      const rows =
        productIds.length === 0
          ? []
          : await db
              .selectFrom('product_inventory')
              .select(['product2_id', 'quantity_on_hand', 'quantity_reserved'])
              .where('product2_id', 'in', productIds)
              .execute();
      const stock = new Map(
        rows.map((row) => [row.product2_id, fromQuantityTenThousandths(row.quantity_on_hand - row.quantity_reserved)]),
      );
      return lines.map((line) => ({ product2Id: line.product2Id, available: stock.get(line.product2Id) ?? null }));
    },
  };
}
