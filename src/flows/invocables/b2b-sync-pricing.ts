/** B2BSyncPricing: prices the cart's product lines with the store's Price service, inside the call. */
import { defineSyncStepInvocable } from './define-sync-step-invocable.js';

export const b2bSyncPricing = defineSyncStepInvocable('B2BSyncPricing', 'pricing', {
  type: 'PriceCart',
  serviceType: 'Price',
});
