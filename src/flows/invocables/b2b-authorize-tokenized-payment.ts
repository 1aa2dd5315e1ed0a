/**
 * `B2BAuthorizeTokenizedPayment`, the Apex action the standard checkout flows call to authorize
 * the cart's payment (SPEC.md sections 8 and 9): input `cartId`; output `output`, null when the
 * amount is authorized (or already was, for this checkout), else the message for the buyer (a
 * decline, or the Payment service unavailable). A request the engine refuses (another account's
 * cart, no session, no amount, an authorization already running) throws, so the element's fault
 * connector runs. It needs the engine's providers, hence a factory.
 */
import { CheckoutError } from '../../domain/errors.js';
import { authorizePayment, type PaymentDependencies } from '../../payments/authorize-payment.js';
import type { Invocable } from '../invocable.js';

export function createAuthorizeTokenizedPayment(dependencies: Omit<PaymentDependencies, 'store'>): Invocable {
  return {
    name: 'B2BAuthorizeTokenizedPayment',
    inputs: ['cartId'],
    outputs: ['output'],
    async run(context, input) {
      const cartId = input.cartId ?? Object.entries(input).find(([key]) => key.toLowerCase() === 'cartid')?.[1];
      if (typeof cartId !== 'string' || cartId === '') {
        throw new CheckoutError('REQUIRED_FIELD_MISSING', 400, 'Missing required input parameter: cartId', ['cartId']);
      }
      const outcome = await authorizePayment({ ...dependencies, store: context.store }, context.caller, cartId);
      return { output: outcome.message };
    },
  };
}
