/** The synchronous checkout steps Salesforce's sync checkout flows call as Apex actions. */
import type { Invocable } from '../invocable.js';
import { b2bSyncCheckInventory } from './b2b-sync-check-inventory.js';
import { b2bSyncDelivery } from './b2b-sync-delivery.js';
import { b2bSyncPricing } from './b2b-sync-pricing.js';
import { b2bSyncTax } from './b2b-sync-tax.js';

export const syncStepInvocables: readonly Invocable[] = [
  b2bSyncCheckInventory,
  b2bSyncPricing,
  b2bSyncDelivery,
  b2bSyncTax,
];
