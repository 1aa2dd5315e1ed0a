/**
 * priceCart: Prices every product line of the cart with the store's Price service.
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
 * Effects: a PriceCart operation (New) and the session processing, in one transaction; its Timeout
 * and RetryLimit come from the store's custom Price service when it sets them. The operation
 * writes the line prices and totals; a line without a price is an Error output (Pricing) that
 * sends the session to Error.
 */
import { defineProviderStepAction } from './define-provider-step-action.js';

export const priceCartAction = defineProviderStepAction({
  name: 'priceCart',
  aliases: ['priceCartAction'],
  label: 'Price Cart',
  description: "Prices every product line of the cart with the store's Price service.",
  operationType: 'PriceCart',
  serviceType: 'Price',
});
