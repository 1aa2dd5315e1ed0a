/**
 * Turning a provider's answer into the step's validation outputs: its messages keep their
 * level under the step's type, and a FAILED status without an Error message still fails the
 * step (SPEC.md section 7). Also the cart context every provider request starts with.
 */
import type { ValidationType } from '../../domain/vocabulary.js';
import type { Address, CartContext, ProviderResult } from '../../providers/provider-result.js';
import type { ValidationMessage } from '../step-outcome.js';
import type { CartDeliveryGroupRow, CartRow } from './load-cart.js';

export function providerOutputs(
  result: ProviderResult,
  type: ValidationType,
  providerName: string,
): ValidationMessage[] {
  const outputs: ValidationMessage[] = (result.messages ?? []).map((message) => ({
    level: message.level,
    type,
    message: message.message,
    relatedEntityId: message.cartItemId ?? null,
  }));
  if (result.status === 'FAILED' && !outputs.some((output) => output.level === 'Error')) {
    outputs.push({ level: 'Error', type, message: `The ${providerName} service reported a failure` });
  }
  return outputs;
}

export function cartContextOf(cart: CartRow): CartContext {
  return {
    cartId: cart.id,
    storeId: cart.web_store_id,
    accountId: cart.account_id,
    currencyIsoCode: cart.currency_iso_code,
  };
}

export function deliverToOf(group: CartDeliveryGroupRow | undefined): Address {
  return {
    street: group?.deliver_to_street ?? null,
    city: group?.deliver_to_city ?? null,
    state: group?.deliver_to_state ?? null,
    postalCode: group?.deliver_to_postal_code ?? null,
    country: group?.deliver_to_country ?? null,
  };
}

/** Throws (a system failure) when a provider answers about a line the cart doesn't have. */
export function assertKnownItems(itemIds: Iterable<string>, known: ReadonlySet<string>, providerName: string): void {
  for (const id of itemIds) {
    if (!known.has(id)) throw new Error(`The ${providerName} provider answered about an unknown cart item ${id}`);
  }
}
