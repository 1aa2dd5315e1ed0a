/**
 * checkCartInventoryAction: starts a full availability check of the cart's product lines with
 * the store's Inventory provider.
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
 * Effects: a CheckInventory operation (New) and the session processing, in one transaction.
 * The operation writes Inventory validation outputs; any shortfall sends the session to Error.
 */
import { defineProviderStepAction } from './define-provider-step-action.js';

export const checkCartInventoryAction = defineProviderStepAction({
  name: 'checkCartInventoryAction',
  aliases: [],
  label: 'Check Cart Inventory',
  description: "Checks that every product line of the cart is available, with the store's Inventory service.",
  operationType: 'CheckInventory',
  serviceType: 'Inventory',
});
