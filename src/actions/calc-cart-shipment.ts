/**
 * calcCartShipmentAction: Quotes the delivery options of each delivery group with the store's
 * Shipment service.
 *
 * Checks (in order):
 * 1. caller may invoke actions → BAD_REQUEST 400
 * 2. cartId names a cart → UNKNOWN_EXCEPTION 500
 * 3. effective account valid for the caller → INSUFFICIENT_ACCESS_OR_READONLY 500
 * 4. account is a member of the store → INSUFFICIENT_ACCESS_OR_READONLY 500
 * 5. caller can edit the cart → BAD_REQUEST 400
 * 6. cart in Checkout → INVALID_OPERATION 403; nothing in process → ALREADY_IN_PROCESS 400;
 *    session with a next state → INVALID_OPERATION 403
 *
 * Effects: a CalculateShipment operation (New) and the session processing, in one transaction; its
 * Timeout and RetryLimit come from the store's custom Shipment service when it sets them. The
 * operation replaces the cart's delivery options (CartDeliveryGroupMethod) and forgets a method
 * chosen from the earlier ones.
 */
import { defineProviderStepAction } from './define-provider-step-action.js';

export const calcCartShipmentAction = defineProviderStepAction({
  name: 'calcCartShipmentAction',
  aliases: [],
  label: 'Calculate Cart Shipment',
  description: "Quotes the delivery options of each delivery group with the store's Shipment service.",
  operationType: 'CalculateShipment',
  serviceType: 'Shipment',
});
