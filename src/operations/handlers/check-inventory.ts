/**
 * CheckInventory: asks the store's Inventory provider whether every product line can be
 * supplied. The provider speaks in units (JSON numbers with at most 4 decimals); the engine
 * compares in exact ten-thousandths, and an availability it can't take exactly is an invalid
 * answer (a system failure), never rounded.
 */
import { fromQuantityTenThousandths, parseQuantity } from '../../domain/quantity.js';
import type { Availability, InventoryLine } from '../../providers/inventory/inventory-provider.js';
import { providerFor } from '../../providers/providers.js';
import type { OperationHandler } from '../operation-handler.js';
import type { ValidationMessage } from '../step-outcome.js';
import { loadStepCart, productLines, shortfallMessage } from './load-cart.js';

export const checkInventory: OperationHandler = {
  type: 'CheckInventory',
  validationType: 'Inventory',
  async run({ store, providers, signal }, operation) {
    const { cart, items, integration } = await loadStepCart(store.db, operation.web_cart_id!, 'Inventory');
    const demands = productLines(items);
    const lines: InventoryLine[] = demands.map(({ quantityTenThousandths, ...line }) => ({
      ...line,
      quantity: fromQuantityTenThousandths(quantityTenThousandths),
    }));
    const provider = await providerFor(providers, cart.web_store_id, 'Inventory', integration);
    const availability: unknown = await provider.checkAvailability({ storeId: cart.web_store_id, lines }, signal);
    if (!Array.isArray(availability)) throw new Error('The Inventory provider answered an invalid response');
    const byProduct = new Map((availability as Availability[]).map((entry) => [entry.product2Id, entry.available]));
    const outputs: ValidationMessage[] = [];
    for (const line of demands) {
      if (!byProduct.has(line.product2Id)) {
        throw new Error(`Inventory provider gave no answer for product ${line.product2Id}`);
      }
      const available = byProduct.get(line.product2Id) ?? null;
      if (available === null) continue;
      const availableTenThousandths = parseQuantity(available);
      if (typeof availableTenThousandths !== 'number') {
        throw new Error(
          `The Inventory provider answered an invalid availability for product ${line.product2Id}: ${String(available)}`,
        );
      }
      if (availableTenThousandths < line.quantityTenThousandths) {
        const relatedItem = items.find((item) => item.product2_id === line.product2Id);
        outputs.push({
          level: 'Error',
          type: 'Inventory',
          message: shortfallMessage(line, line.quantityTenThousandths, availableTenThousandths),
          relatedEntityId: relatedItem?.id ?? null,
        });
      }
    }
    return { outputs };
  },
};
