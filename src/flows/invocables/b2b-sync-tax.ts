/** B2BSyncTax: computes the cart's taxes with the store's Tax service, inside the call. */
import { defineSyncStepInvocable } from './define-sync-step-invocable.js';

export const b2bSyncTax = defineSyncStepInvocable('B2BSyncTax', 'tax', {
  type: 'CalculateTaxes',
  serviceType: 'Tax',
});
