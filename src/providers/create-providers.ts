/**
 * The providers of this process: the built-ins over the store, and per-store resolution of
 * custom ones (SPEC.md section 7) within what the operator allows (`settings`). The mapping is
 * read on every call, so a store can switch provider without a restart; module code itself is
 * loaded once.
 */
import type { Kysely } from 'kysely';
import type { ServiceProviderType } from '../domain/vocabulary.js';
import type { Database } from '../records/registry.js';
import { findStoreService } from './find-store-service.js';
import { httpProvider } from './http-provider.js';
import { builtInInventory } from './inventory/built-in-inventory.js';
import { loadModuleProvider } from './module-provider.js';
import { builtInPayment } from './payment/built-in-payment.js';
import { builtInPrice } from './price/built-in-price.js';
import { builtInPromotions } from './promotions/built-in-promotions.js';
import { defaultProviderSettings, type ProviderSettings } from './provider-settings.js';
import type { ProviderByType, Providers } from './providers.js';
import { builtInShipment } from './shipment/built-in-shipment.js';
import { builtInTax } from './tax/built-in-tax.js';

export function createProviders(db: Kysely<Database>, settings: ProviderSettings = defaultProviderSettings): Providers {
  const builtIns: ProviderByType = {
    Inventory: builtInInventory(db),
    Price: builtInPrice(db),
    Promotions: builtInPromotions(db),
    Shipment: builtInShipment(db),
    Tax: builtInTax(db),
    Payment: builtInPayment({ isTestGatewayEnabled: settings.isTestGatewayEnabled === true }),
  };
  return {
    forStore: async <T extends ServiceProviderType>(
      storeId: string,
      type: T,
      integration?: string | null,
    ): Promise<ProviderByType[T]> => {
      const found = await findStoreService(db, storeId, type, integration);
      if (found.kind === 'built-in') return builtIns[type];
      if (found.kind === 'broken') throw new Error(found.reason);
      const { service } = found;
      return service.provider_kind === 'Http'
        ? httpProvider(service, type, settings.httpHosts)
        : loadModuleProvider(service.target, type, settings.moduleDir);
    },
  };
}
