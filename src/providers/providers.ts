/** The providers a store's checkout steps call, one per service type (SPEC.md section 7). */
import type { InventoryProvider } from './inventory/inventory-provider.js';

export interface Providers {
  readonly inventory: InventoryProvider;
}
