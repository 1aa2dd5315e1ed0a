/** CheckInventory: asks the store's Inventory provider whether every product line can be supplied. */
import type { Availability } from '../../providers/inventory/inventory-provider.js';
import { providerFor } from '../../providers/providers.js';
import type { OperationHandler } from '../operation-handler.js';
import type { ValidationMessage } from '../step-outcome.js';
import { loadCart, productLines, shortfallMessage } from './load-cart.js';

export const checkInventory: OperationHandler = {
  type: 'CheckInventory',
  validationType: 'Inventory',
  async run({ store, providers, signal }, operation) {
    const { cart, items } = await loadCart(store.db, operation.web_cart_id!);
    const lines = productLines(items);
    const provider = await providerFor(providers, cart.web_store_id, 'Inventory');
    const availability: unknown = await provider.checkAvailability({ storeId: cart.web_store_id, lines }, signal);
    if (!Array.isArray(availability)) throw new Error('The Inventory provider answered an invalid response');
    const byProduct = new Map((availability as Availability[]).map((entry) => [entry.product2Id, entry.available]));
    const outputs: ValidationMessage[] = [];
    for (const line of lines) {
      if (!byProduct.has(line.product2Id)) {
        throw new Error(`Inventory provider gave no answer for product ${line.product2Id}`);
      }
      const available = byProduct.get(line.product2Id) ?? null;
      if (available !== null && available < line.quantity) {
        const relatedItem = items.find((item) => item.product2_id === line.product2Id);
        outputs.push({
          level: 'Error',
          type: 'Inventory',
          message: shortfallMessage(line, line.quantity, available),
          relatedEntityId: relatedItem?.id ?? null,
        });
      }
    }
    return { outputs };
  },
};
