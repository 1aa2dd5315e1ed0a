/**
 * B2BSyncDelivery: quotes the delivery options of the cart's delivery groups with the store's
 * Shipment service, inside the call (the buyer then chooses one: setCheckoutDeliveryMethod).
 */
import { defineSyncStepInvocable } from './define-sync-step-invocable.js';

export const b2bSyncDelivery = defineSyncStepInvocable('B2BSyncDelivery', 'shipping', {
  type: 'CalculateShipment',
  serviceType: 'Shipment',
});
