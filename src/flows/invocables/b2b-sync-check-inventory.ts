/** B2BSyncCheckInventory: checks the cart's stock with the store's Inventory service, inside the call. */
import { defineSyncStepInvocable } from './define-sync-step-invocable.js';

export const b2bSyncCheckInventory = defineSyncStepInvocable('B2BSyncCheckInventory', 'inventory', {
  type: 'CheckInventory',
  serviceType: 'Inventory',
});
