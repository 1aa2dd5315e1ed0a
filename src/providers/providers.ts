/** The providers a store's checkout steps call, one per service type (SPEC.md section 7). */
import type { ServiceProviderType } from '../domain/vocabulary.js';
import type { InventoryProvider } from './inventory/inventory-provider.js';
import type { PaymentProvider } from './payment/payment-provider.js';
import type { PriceProvider } from './price/price-provider.js';
import type { PromotionsProvider } from './promotions/promotions-provider.js';
import type { ShipmentProvider } from './shipment/shipment-provider.js';
import type { TaxProvider } from './tax/tax-provider.js';

export interface ProviderByType {
  readonly Inventory: InventoryProvider;
  readonly Price: PriceProvider;
  readonly Promotions: PromotionsProvider;
  readonly Shipment: ShipmentProvider;
  readonly Tax: TaxProvider;
  readonly Payment: PaymentProvider;
}

/** The one method of each provider interface: what a module exports and an HTTP call names. */
export const providerMethods = {
  Inventory: 'checkAvailability',
  Price: 'priceLines',
  Promotions: 'calculatePromotions',
  Shipment: 'quoteDeliveryOptions',
  Tax: 'calculateTaxes',
  Payment: 'authorizePayment',
} as const satisfies { [T in ServiceProviderType]: keyof ProviderByType[T] };

export interface Providers {
  /**
   * The provider a store uses for a service type: the custom one its `StoreIntegratedService`
   * maps, else the built-in. Rejects when the mapping is broken or the module can't be loaded;
   * the step then fails as for any provider failure (SystemError after its retries).
   * `integration` is the mapping's Integration when the caller has already read it (null: no
   * mapping); left out, it is read here.
   */
  forStore<T extends ServiceProviderType>(
    storeId: string,
    type: T,
    integration?: string | null,
  ): Promise<ProviderByType[T]>;
}

/** The provider of `type` for a store. */
export function providerFor<T extends ServiceProviderType>(
  providers: Providers,
  storeId: string,
  type: T,
  integration?: string | null,
): Promise<ProviderByType[T]> {
  return providers.forStore(storeId, type, integration);
}
